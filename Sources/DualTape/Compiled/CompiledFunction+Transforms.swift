extension CompiledFunction {
    /// The function's value at `xs` (one array per input of the compiled closure).
    ///
    /// - Parameter xs: The inputs, one array per input of the compiled closure.
    /// - Returns: The value, as eager evaluation of the closure would give it.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func callAsFunction(_ xs: [NDArray]) throws -> NDArray {
        if try checkInputs(xs, "value") { return try function(xs) }
        let f = function
        return try run(.value, xs) { [try f($0)] }[0]
    }

    /// The function's value at `x` (a function of one input).
    ///
    /// - Parameter x: The input.
    /// - Returns: The value.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func callAsFunction(_ x: NDArray) throws -> NDArray { try callAsFunction([x]) }

    /// The value (one element) and the gradient with respect to each input.
    ///
    ///     ∇ᵢf = ∂f/∂xᵢ
    ///
    /// - Parameter xs: The inputs, one array per input of the compiled closure.
    /// - Returns: The value and one gradient per input, of that input's shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func valueWithGradient(_ xs: [NDArray]) throws -> (value: NDArray, gradients: [NDArray]) {
        let f = function
        if try checkInputs(xs, "valueWithGradient") { return try DualTape.valueWithGradient(at: xs, f) }
        let results = try run(.valueWithGradient, xs) { ins in
            let (value, gradients) = try DualTape.valueWithGradient(at: ins, f)
            return [value] + gradients
        }
        return (results[0], Array(results.dropFirst()))
    }

    /// The value (one element) and the gradient of a function of one input.
    ///
    /// - Parameter x: The input.
    /// - Returns: The value and the gradient, of `x`'s shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func valueWithGradient(_ x: NDArray) throws -> (value: NDArray, gradient: NDArray) {
        let (value, gradients) = try valueWithGradient([x])
        return (value, gradients[0])
    }

    /// The gradient with respect to each input (the value has one element).
    ///
    /// - Parameter xs: The inputs, one array per input of the compiled closure.
    /// - Returns: One gradient per input, of that input's shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func gradient(_ xs: [NDArray]) throws -> [NDArray] { try valueWithGradient(xs).gradients }

    /// The gradient of a function of one input.
    ///
    /// - Parameter x: The input.
    /// - Returns: The gradient, of `x`'s shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func gradient(_ x: NDArray) throws -> NDArray { try valueWithGradient([x]).gradients[0] }

    /// The value and `Jᵀȳ` for each input, for a cotangent `ȳ` of the value's shape.
    ///
    ///     x̄ᵢ = (∂f/∂xᵢ)ᵀ · ȳ
    ///
    /// - Parameters:
    ///   - xs: The inputs, one array per input of the compiled closure.
    ///   - cotangent: `ȳ`, of the value's shape (a program input: a new cotangent does not retrace).
    /// - Returns: The value and one cotangent per input, of that input's shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func vjp(_ xs: [NDArray], cotangent: NDArray) throws -> (value: NDArray, cotangents: [NDArray]) {
        let f = function, n = xs.count
        if try checkInputs(xs, "vjp") {
            let (value, pullback) = try DualTape.vjp(at: xs, f)
            return (value, try pullback(cotangent))
        }
        let results = try run(.vjp, xs + [cotangent]) { ins in
            let (value, pullback) = try DualTape.vjp(at: Array(ins[..<n]), f)
            return [value] + (try pullback(ins[n]))
        }
        return (results[0], Array(results.dropFirst()))
    }

    /// The value and `Jᵀȳ` of a function of one input.
    ///
    /// - Parameters:
    ///   - x: The input.
    ///   - cotangent: `ȳ`, of the value's shape.
    /// - Returns: The value and `Jᵀȳ`, of `x`'s shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func vjp(_ x: NDArray, cotangent: NDArray) throws -> (value: NDArray, cotangent: NDArray) {
        let (value, cotangents) = try vjp([x], cotangent: cotangent)
        return (value, cotangents[0])
    }

    /// The value and the directional derivative along `tangents` (one per input).
    ///
    ///     ẏ = Σᵢ ∂f/∂xᵢ · vᵢ
    ///
    /// - Parameters:
    ///   - xs: The inputs, one array per input of the compiled closure.
    ///   - tangents: One direction per input, of that input's shape.
    /// - Returns: The value and the tangent `ẏ`, of the value's shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func jvp(_ xs: [NDArray], tangents: [NDArray]) throws -> (value: NDArray, tangent: NDArray) {
        let f = function, n = xs.count
        try Self.checkShapes(tangents, xs.map(\.shape), "jvp")
        if try checkInputs(xs, "jvp") { return try DualTape.jvp(at: xs, tangents: tangents, f) }
        let results = try run(.jvp, xs + tangents) { ins in
            let (value, tangent) = try DualTape.jvp(at: Array(ins[..<n]), tangents: Array(ins[n...]), f)
            return [value, tangent]
        }
        return (results[0], results[1])
    }

    /// The value and the directional derivative of a function of one input.
    ///
    /// - Parameters:
    ///   - x: The input.
    ///   - tangent: The direction, of `x`'s shape.
    /// - Returns: The value and `J v`, of the value's shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func jvp(_ x: NDArray, tangent: NDArray) throws -> (value: NDArray, tangent: NDArray) {
        try jvp([x], tangents: [tangent])
    }

    /// `H v` for a scalar-valued function of one input, by forward over reverse (traced once).
    ///
    ///     Hv = d/dt ∇f(x + t v) at t = 0
    ///
    /// - Parameters:
    ///   - x: The point.
    ///   - v: The vector, of `x`'s shape.
    /// - Returns: `H v`, of `x`'s shape.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a function of more than one input or a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func hessianVectorProduct(_ x: NDArray, vector v: NDArray) throws -> NDArray {
        let f = function
        guard arity == 1 else {
            throw AutogradError.compiledInputMismatch(message: "compiled function (hessianVectorProduct): needs a function of one input, this one has \(arity)")
        }
        try Self.checkShapes([v], [x.shape], "hessianVectorProduct")
        if try checkInputs([x], "hessianVectorProduct") { return try DualTape.hessianVectorProduct(at: x, vector: v) { try f([$0]) } }
        return try run(.hessianVectorProduct, [x, v]) { ins in
            [try DualTape.hessianVectorProduct(at: ins[0], vector: ins[1]) { try f([$0]) }]
        }[0]
    }

    /// The Jacobian with respect to each input: element `k` has shape `f(xs).shape + xs[k].shape`.
    ///
    ///     J_k[i, j] = ∂f(xs)ᵢ / ∂(x_k)ⱼ
    ///
    /// - Parameters:
    ///   - xs: The inputs, one array per input of the compiled closure.
    ///   - mode: Forward (column by column), reverse (row by row) or automatic (the cheaper).
    /// - Returns: One Jacobian per input.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func jacobian(_ xs: [NDArray], mode: JacobianMode = .automatic) throws -> [NDArray] {
        let f = function
        if try checkInputs(xs, "jacobian") { return try DualTape.jacobian(at: xs, mode: mode, f).map(\.matrix) }
        return try run(.jacobian(mode), xs) { ins in try DualTape.jacobian(at: ins, mode: mode, f).map(\.matrix) }
    }

    /// The Jacobian of a function of one input, shape `f(x).shape + x.shape`.
    ///
    /// - Parameters:
    ///   - x: The input.
    ///   - mode: Forward, reverse or automatic (the cheaper).
    /// - Returns: The Jacobian.
    /// - Throws: ``AutogradError/compiledInputMismatch(message:)`` for a wrong number of inputs, or (in
    ///   ``CompiledFunction/Mode/strict`` mode) a shape or dtype other than the trace's;
    ///   ``AutogradError/staleTrace(message:)`` in strict mode when a guard fails; an error the
    ///   closure throws while retracing; an ``OperatorError`` from an operator's data.
    public func jacobian(_ x: NDArray, mode: JacobianMode = .automatic) throws -> NDArray {
        try jacobian([x], mode: mode)[0]
    }
}

extension Autograd {
    /// Compiles `f`: traces it once at `example` into a static program (shapes, dtypes,
    /// constants and the guards of its control flow), optimises it, and returns a function
    /// that replays it, with its derivatives (see ``CompiledFunction``). An error `f` throws
    /// while tracing is rethrown.
    ///
    ///     let f = try Autograd.compile(example: x) { x in (x * x).sum() }
    ///     let (value, gradient) = try f.valueWithGradient(x)
    ///
    /// - Parameters:
    ///   - example: An input of the shape and dtype the function will mostly be called with.
    ///   - mode: What a failed guard or a new shape does: retrace (cached, at most
    ///     ``CompiledFunction/cacheLimit`` traces per entry point) or throw (strict).
    ///   - f: The function; Swift control flow on `asScalar()` comparisons becomes guards.
    /// - Returns: The compiled function.
    /// - Throws: An error `f` throws while tracing (rethrown as is), or an ``OperatorError`` from an
    ///   operator's data at the example.
    public static func compile(example: NDArray, mode: CompiledFunction.Mode = .retrace,
                               _ f: @escaping @Sendable (NDArray) throws -> NDArray) throws -> CompiledFunction {
        try compile(examples: [example], mode: mode) { try f($0[0]) }
    }

    /// Compiles a function of several inputs (one example array per input); see
    /// ``compile(example:mode:_:)``.
    ///
    /// - Parameters:
    ///   - examples: One example array per input.
    ///   - mode: What a failed guard or a new shape does: retrace or throw (strict).
    ///   - f: The function of several inputs.
    /// - Returns: The compiled function.
    /// - Throws: An error `f` throws while tracing (rethrown as is), or an ``OperatorError`` from an
    ///   operator's data at the example.
    public static func compile(examples: [NDArray], mode: CompiledFunction.Mode = .retrace,
                               _ f: @escaping @Sendable ([NDArray]) throws -> NDArray) throws -> CompiledFunction {
        let compiled = CompiledFunction(arity: examples.count, mode: mode, f)
        _ = try compiled(examples)
        return compiled
    }
}

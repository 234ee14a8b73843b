import DualTape

/// What DualTape computes for one case, in both modes, with the same cotangent and tangents
/// the peers used. Each quantity is a `Result`: an error DualTape throws (a derivative asked
/// through argmax) is an outcome to compare, not a crash.
struct DualTapeRun {
    let `case`: Case
    let value: NDArray
    /// `Jᵀu` per input, by reverse mode: `attachGrad`, `Autograd.record`, `backward(headGradient:)`.
    let vjp: Result<[NDArray], any Error>?
    /// `J·v`, by forward mode: `jvp(at:tangents:)`.
    let jvp: Result<NDArray, any Error>?
    /// `∂f/∂xᵢ` as `[output count, input count]` per input, one backward pass per output element.
    let jacobianReverse: Result<[RefArray], any Error>?
    /// The same Jacobian, one forward pass (JVP) per input element.
    let jacobianForward: Result<[RefArray], any Error>?
    /// The Hessian of ⟨u, f⟩ over all inputs, `[N, N]`, reverse over reverse:
    /// `Autograd.grad(createGraph: true)`, then `Autograd.grad` of each gradient component.
    let hessianReverseOverReverse: Result<RefArray, any Error>?
    /// The same Hessian, forward over reverse: `jvp(at:tangents:)` of `gradient(at:)`, one
    /// basis direction at a time (what `hessianVectorProduct` does). The batched transforms
    /// `hessian(at:)` and `jacobian(at:)` are checked in ``FunctionalTransformTests``.
    let hessianForwardOverReverse: Result<RefArray, any Error>?

    init(_ c: Case, cotangent: [Double]) {
        self.case = c
        let evaluate = Evaluator(c)
        let f: ([NDArray]) -> NDArray = { evaluate(c.expr, $0) }
        let inputs = evaluate.inputs(c)
        let y = f(inputs)
        value = y
        let u = NDArray(values: cotangent, shape: y.shape, dtype: y.dtype)
        guard c.wantDerivatives else {
            (vjp, jvp, jacobianReverse, jacobianForward) = (nil, nil, nil, nil)
            (hessianReverseOverReverse, hessianForwardOverReverse) = (nil, nil)
            return
        }
        vjp = Result { try Self.reverse(f, inputs, headGradient: u) }
        jvp = Result { try DualTape.jvp(at: inputs, tangents: evaluate.tangents(c), f).tangent }
        if c.wantJacobian {
            jacobianReverse = Result { try Self.jacobianByReverseMode(f, inputs, outputShape: y.shape) }
            jacobianForward = Result { try Self.jacobianByForwardMode(f, inputs, outputCount: y.count) }
        } else {
            (jacobianReverse, jacobianForward) = (nil, nil)
        }
        hessianReverseOverReverse = c.wantHessian ? Result { try Self.hessianReverseOverReverse(f, inputs, u) } : nil
        hessianForwardOverReverse = c.wantHessian ? Result { try Self.hessianForwardOverReverse(f, inputs, u) } : nil
    }

    /// The one-hot array with a 1 at row-major position `k`.
    static func basis(_ k: Int, shape: [Int], dtype: DType) -> NDArray {
        var values = [Double](repeating: 0, count: shape.reduce(1, *))
        values[k] = 1
        return NDArray(values: values, shape: shape, dtype: dtype)
    }

    /// One backward pass per output element: row k is `Jᵀeₖ`.
    static func jacobianByReverseMode(_ f: ([NDArray]) -> NDArray, _ inputs: [NDArray], outputShape: [Int]) throws -> [RefArray] {
        let m = outputShape.reduce(1, *)
        var rows: [[Double]] = Array(repeating: [], count: inputs.count)
        for k in 0 ..< m {
            let e = basis(k, shape: outputShape, dtype: inputs[0].dtype)
            for (i, g) in try reverse(f, inputs, headGradient: e).enumerated() { rows[i] += g.scalars }
        }
        return zip(rows, inputs).map { RefArray(shape: [m, $1.count], data: $0) }
    }

    /// One forward pass per input element: column j of input i's block is `J eⱼ`.
    static func jacobianByForwardMode(_ f: ([NDArray]) -> NDArray, _ inputs: [NDArray], outputCount m: Int) throws -> [RefArray] {
        try inputs.indices.map { i in
            var columns: [[Double]] = []
            for j in 0 ..< inputs[i].count {
                var tangents = inputs.map { NDArray.zeros(like: $0) }
                tangents[i] = basis(j, shape: inputs[i].shape, dtype: inputs[i].dtype)
                columns.append(try DualTape.jvp(at: inputs, tangents: tangents, f).tangent.scalars)
            }
            let n = columns.count
            return RefArray(shape: [m, n], data: (0 ..< m * n).map { columns[$0 % n][$0 / n] })
        }
    }

    /// MXNet-style reverse mode: fresh variables, record, backward with a head gradient.
    static func reverse(_ f: ([NDArray]) -> NDArray, _ inputs: [NDArray], headGradient: NDArray) throws -> [NDArray] {
        var variables = inputs
        for i in variables.indices { variables[i].attachGrad() }
        let y = Autograd.record { f(variables) }
        try y.backward(headGradient: headGradient)
        return variables.map { $0.grad! }
    }

    static func hessianReverseOverReverse(_ f: ([NDArray]) -> NDArray, _ inputs: [NDArray], _ u: NDArray) throws -> RefArray {
        var variables = inputs
        for i in variables.indices { variables[i].attachGrad() }
        let gradients = try Autograd.record { () throws -> [NDArray] in
            try Autograd.grad(heads: [f(variables)], variables: variables, headGradients: [u], createGraph: true)
        }
        let n = inputs.reduce(0) { $0 + $1.count }
        var rows: [Double] = []
        rows.reserveCapacity(n * n)
        for g in gradients {
            for k in 0 ..< g.count {
                let e = basis(k, shape: g.shape, dtype: g.dtype)
                for v in variables {
                    rows += try secondDerivative(of: g, headGradient: e, variable: v)
                }
            }
        }
        return RefArray(shape: [n, n], data: rows)
    }

    static func hessianForwardOverReverse(_ f: ([NDArray]) -> NDArray, _ inputs: [NDArray], _ u: NDArray) throws -> RefArray {
        let n = inputs.reduce(0) { $0 + $1.count }
        // Column j: d/dt ∇⟨u, f⟩(x + t eⱼ), all gradients flattened and joined.
        var columns: [[Double]] = []
        for (i, x) in inputs.enumerated() {
            for k in 0 ..< x.count {
                var tangents = inputs.map { NDArray.zeros(like: $0) }
                tangents[i] = basis(k, shape: x.shape, dtype: x.dtype)
                let column = try DualTape.jvp(at: inputs, tangents: tangents) { xs in
                    concat(try gradient(at: xs) { (f($0) * u).sum() }.map { $0.reshape([-1]) })
                }.tangent
                columns.append(column.scalars)
            }
        }
        return RefArray(shape: [n, n], data: (0 ..< n * n).map { columns[$0 % n][$0 / n] })
    }

    /// `∂⟨e, g⟩/∂v`; zeros when `g` does not depend on `v` (a gradient that is a constant, or
    /// one that does not reach this variable, has a zero derivative).
    private static func secondDerivative(of g: NDArray, headGradient e: NDArray, variable v: NDArray) throws -> [Double] {
        do {
            return try Autograd.grad(heads: [g], variables: [v], headGradients: [e], retainGraph: true)[0].scalars
        } catch AutogradError.notRecorded {
            return [Double](repeating: 0, count: v.count)
        } catch AutogradError.unreachableVariable {
            return [Double](repeating: 0, count: v.count)
        }
    }
}

extension NDArray {
    /// The values and shape as a reference array (Float32 values convert exactly).
    var reference: RefArray { RefArray(shape: shape, data: scalars) }
}

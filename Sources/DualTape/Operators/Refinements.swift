/// Refinements of ``DifferentiableOperator`` that state an operator's mathematics once and
/// derive both the JVP and the VJP rule from it.

// MARK: - Elementwise, one input

/// An elementwise operator of one input, given by its value and its local derivative.
///
/// Both rules read the derivative: forward multiplies it by the tangent, reverse by the
/// cotangent. When no input of the rule carries AD state the product runs as one fused
/// scalar loop; otherwise it is built from NDArray operations (differentiable again).
public protocol UnaryElementwiseOperator: DifferentiableOperator {
    /// `y = f(x)` for one element.
    ///
    /// - Parameter x: One input element (Float or Double: compute in `T`).
    /// - Returns: `f(x)`.
    func value<T: NDScalar>(_ x: T) -> T
    /// `dy/dx` at `x`, where `y = f(x)` (rules may use either).
    ///
    /// Written once, generically: with `T` a scalar it runs in the fused loop, with `T` an
    /// ``NDArray`` it is recorded and differentiable again (second order).
    ///
    /// - Parameters:
    ///   - x: The input (an element, or the whole input array).
    ///   - y: The output `f(x)` at the same positions.
    /// - Returns: `dy/dx` at the same positions (for arrays, of `x`'s shape).
    func derivative<T: ElementaryMath>(x: T, y: T) -> T
    /// Whether `v · dy/dx` runs as one scalar loop when nothing records (true unless the
    /// derivative needs a transcendental function, which is faster as a vectorized pass).
    var fusesDerivative: Bool { get }
    /// `y[i] = value(x[i])` for `count` contiguous elements: a step of a compiled function's
    /// fused loop (provided; see `Compiled/BlockKernels.swift`).
    ///
    /// - Parameters:
    ///   - x: The inputs.
    ///   - y: Where the values go (may alias `x`).
    ///   - count: The number of elements.
    func valueBlock(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int)
    /// `valueBlock` for `count` contiguous Float32 elements.
    ///
    /// - Parameters:
    ///   - x: The inputs.
    ///   - y: Where the values go (may alias `x`).
    ///   - count: The number of elements.
    func valueBlock(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int)
}

extension UnaryElementwiseOperator {
    /// One input: `x`.
    public var arity: Int { 1 }
    /// True: `v · dy/dx` runs in one scalar loop unless an operator says otherwise.
    public var fusesDerivative: Bool { true }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// ``value(_:)`` on every element: one vectorized pass (for operators with a vectorized kernel)
    /// or one scalar loop.
    public func primal(_ x: NDArray) -> NDArray {
        if let vectorized = self as? VectorizedUnary { return Kernels.vectorMap(x, vectorized.vectorFunction) }
        return Kernels.map(x, UnaryValue(op: self))
    }

    /// `ẏ = ẋ · dy/dx`, fused when nothing records.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        scaleByDerivative(tangents[0] ?? NDArray.zeros(like: inputs[0]), x: inputs[0], y: output)
    }

    /// `x̄ = ȳ · dy/dx`, fused when nothing records.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [scaleByDerivative(cotangent, x: inputs[0], y: output)]
    }

    /// `v · f'(x)`, fused when nothing needs differentiating: one scalar loop, or for an
    /// operator whose derivative needs a vectorized function (``VectorizedDerivative``) one
    /// vectorized pass.
    func scaleByDerivative(_ v: NDArray, x: NDArray, y: NDArray) -> NDArray {
        if v.shape == x.shape && v.dtype == x.dtype && noActiveAD(v, x, y) {
            if fusesDerivative { return Kernels.zip3(v, x, y, ScaledDerivative(op: self), shape: x.shape) }
            if let vectorized = self as? VectorizedDerivative, x.isContiguous, y.isContiguous, y.shape == x.shape,
               v.isContiguous || Kernels.isUniform(v) {
                return vectorized.vectorizedScaledDerivative(v, x: x, y: y)
            }
        }
        return v * derivative(x: x, y: y)
    }
}

struct UnaryValue<Op: UnaryElementwiseOperator>: ScalarFunction1 {
    let op: Op
    @inline(__always) func callAsFunction<T: NDScalar>(_ x: T) -> T { op.value(x) }
}

struct ScaledDerivative<Op: UnaryElementwiseOperator>: ScalarFunction3 {
    let op: Op
    @inline(__always) func callAsFunction<T: NDScalar>(_ v: T, _ x: T, _ y: T) -> T { v * op.derivative(x: x, y: y) }
}

/// Whether none of the three arrays carries AD state that the current context differentiates.
/// A rule running in backward sees its inputs with their tape nodes, which are inactive
/// there: such a rule still takes its fused loop.
func noActiveAD(_ u: NDArray, _ v: NDArray, _ w: NDArray) -> Bool {
    if u.ad == nil && v.ad == nil && w.ad == nil { return true }
    let context = ADContext.current
    return !context.isActive(u) && !context.isActive(v) && !context.isActive(w)
}

// MARK: - Elementwise, two inputs

/// An elementwise operator of two broadcasting inputs, given by its value and its two
/// partial derivatives.
///
///     ẏ = ∂y/∂a · ȧ + ∂y/∂b · ḃ          ā = unbroadcast(∂y/∂a · ȳ),  b̄ = unbroadcast(∂y/∂b · ȳ)
public protocol BinaryElementwiseOperator: DifferentiableOperator {
    /// `y = f(a, b)` for one pair of (broadcast) elements.
    ///
    /// - Parameters:
    ///   - a: The first input's element (Float or Double: compute in `T`).
    ///   - b: The second input's element, at the same position after broadcasting.
    /// - Returns: `f(a, b)`.
    func value<T: NDScalar>(_ a: T, _ b: T) -> T
    /// `∂y/∂a` at `(a, b)`, written generically like ``UnaryElementwiseOperator/derivative(x:y:)``.
    ///
    /// - Parameters:
    ///   - a: The first input (an element, or the array broadcast to the output's shape).
    ///   - b: The second input, likewise.
    ///   - y: The output `f(a, b)` at the same positions.
    /// - Returns: `∂y/∂a` at the same positions (for arrays, of the output's shape).
    func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T
    /// `∂y/∂b` at `(a, b)`, written generically like ``UnaryElementwiseOperator/derivative(x:y:)``.
    ///
    /// - Parameters:
    ///   - a: The first input (an element, or the array broadcast to the output's shape).
    ///   - b: The second input, likewise.
    ///   - y: The output `f(a, b)` at the same positions.
    /// - Returns: `∂y/∂b` at the same positions (for arrays, of the output's shape).
    func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T
    /// `y[i] = value(a[i], b[i])` for `count` contiguous elements: a step of a compiled
    /// function's fused loop (provided; see `Compiled/BlockKernels.swift`).
    ///
    /// - Parameters:
    ///   - a: The first operands.
    ///   - b: The second operands.
    ///   - y: Where the values go (may alias `a` or `b`).
    ///   - count: The number of elements.
    func valueBlock(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int)
    /// `valueBlock` for `count` contiguous Float32 elements.
    ///
    /// - Parameters:
    ///   - a: The first operands.
    ///   - b: The second operands.
    ///   - y: Where the values go (may alias `a` or `b`).
    ///   - count: The number of elements.
    func valueBlock(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int)
}

extension BinaryElementwiseOperator {
    /// Two inputs: `a` and `b`, broadcast together.
    public var arity: Int { 2 }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// ``value(_:_:)`` on every broadcast pair, in one loop.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        Kernels.zip(a, b, BinaryValue(op: self), shape: broadcastShape(name, a, b))
    }

    /// `ẏ = ∂y/∂a · ȧ + ∂y/∂b · ḃ`, one fused pass when nothing records.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        if let fused = fusedTangent(a, b, output, tangents[0], tangents[1]) { return fused }
        var terms: [NDArray] = []
        if let ta = tangents[0] { terms.append(partialA(a: a, b: b, y: output) * ta) }
        if let tb = tangents[1] { terms.append(partialB(a: a, b: b, y: output) * tb) }
        let sum = terms.dropFirst().reduce(terms[0], +)
        return sum.shape == output.shape ? sum : sum.broadcast(to: output.shape)
    }

    /// `ā, b̄ = unbroadcast(∂y/∂a · ȳ), unbroadcast(∂y/∂b · ȳ)`; `f(x, x)` sends one cotangent.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (a, b) = (inputs[0], inputs[1])
        if needed[0] && needed[1] && a.isSameArray(as: b) {
            // f(x, x) (x * x): one cotangent (∂y/∂a + ∂y/∂b)·ȳ for the one parent, in one pass
            // when nothing records, instead of two products and an accumulation.
            let g = fusedTangent(a, a, output, cotangent, cotangent)
                ?? (partialA(a: a, b: a, y: output) + partialB(a: a, b: a, y: output)) * cotangent
            return [unbroadcast(g, to: a.shape), nil]
        }
        return [
            needed[0] ? unbroadcast(partialA(a: a, b: b, y: output) * cotangent, to: a.shape) : nil,
            needed[1] ? unbroadcast(partialB(a: a, b: b, y: output) * cotangent, to: b.shape) : nil,
        ]
    }
}

extension BinaryElementwiseOperator {
    /// `∂y/∂a · ȧ + ∂y/∂b · ḃ` in one pass over contiguous operands of the output's shape,
    /// when nothing needs differentiating (otherwise `nil`: the rule runs as NDArray operations).
    func fusedTangent(_ a: NDArray, _ b: NDArray, _ y: NDArray, _ ta: NDArray?, _ tb: NDArray?) -> NDArray? {
        func fits(_ x: NDArray?) -> Bool {
            guard let x else { return true }
            return x.dtype == y.dtype && x.shape == y.shape && x.isContiguous
        }
        guard fits(a) && fits(b) && fits(y) && fits(ta) && fits(tb)
              && noActiveAD(a, b, y) && noActiveAD(ta ?? y, tb ?? y, y) else { return nil }
        switch y.dtype {
        case .float32: return fusedTangent(a, b, y, ta, tb, Float.self)
        case .float64: return fusedTangent(a, b, y, ta, tb, Double.self)
        }
    }

    private func fusedTangent<T: NDScalar>(_ a: NDArray, _ b: NDArray, _ y: NDArray, _ ta: NDArray?, _ tb: NDArray?, _: T.Type) -> NDArray {
        let n = y.count
        let out = Storage(dtype: T.dtype, count: n)
        let dst = out.pointer(as: T.self)
        let pa = a.storage.pointer(as: T.self) + a.offset, pb = b.storage.pointer(as: T.self) + b.offset
        let py = y.storage.pointer(as: T.self) + y.offset
        let pta = ta.map { $0.storage.pointer(as: T.self) + $0.offset }, ptb = tb.map { $0.storage.pointer(as: T.self) + $0.offset }
        switch (pta, ptb) {
        case (let pta?, let ptb?):
            Kernels.parallelChunks(count: n) { r in
                for i in r { dst[i] = partialA(a: pa[i], b: pb[i], y: py[i]) * pta[i] + partialB(a: pa[i], b: pb[i], y: py[i]) * ptb[i] }
            }
        case (let pta?, nil):
            Kernels.parallelChunks(count: n) { r in for i in r { dst[i] = partialA(a: pa[i], b: pb[i], y: py[i]) * pta[i] } }
        case (nil, let ptb?):
            Kernels.parallelChunks(count: n) { r in for i in r { dst[i] = partialB(a: pa[i], b: pb[i], y: py[i]) * ptb[i] } }
        case (nil, nil):
            Kernels.fill(dst, 0, count: n)
        }
        return NDArray(storage: out, shape: y.shape, strides: y.strides, offset: 0)
    }
}

struct BinaryValue<Op: BinaryElementwiseOperator>: ScalarFunction2 {
    let op: Op
    @inline(__always) func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T { op.value(a, b) }
}

/// The broadcast shape of two operands, stopping with a message naming the operation.
func broadcastShape(_ operation: String, _ a: NDArray, _ b: NDArray) -> [Int] {
    precondition(a.dtype == b.dtype,
                 "\(operation): dtypes \(a.dtype) and \(b.dtype) do not match (convert one with astype)")
    guard let shape = Shape.broadcast(a.shape, b.shape) else {
        preconditionFailure("\(operation): shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) cannot be broadcast together")
    }
    return shape
}

// MARK: - Linear

/// A linear operator, given by its map (the primal) and the transpose of that map.
///
/// Forward applies the map to the tangents; reverse applies the transpose to the cotangent.
public protocol LinearOperator: DifferentiableOperator {
    /// `Aᵀ ȳ` split over the inputs, for the inputs where `needed` is true.
    ///
    /// Written with NDArray operations (linear ones), so it is differentiable in turn.
    ///
    /// - Parameters:
    ///   - cotangent: `ȳ`, of the output's shape.
    ///   - inputs: The primal inputs, for their shapes (a linear map's transpose does not
    ///     depend on their values).
    ///   - needed: One flag per input; `nil` may be returned where it is false.
    /// - Returns: One cotangent per input, of that input's shape, or `nil`.
    func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?]
}

extension LinearOperator {
    /// Linear (`isLinear`): no domain restriction, no kinks.
    public var info: OperatorInfo { OperatorInfo(isLinear: true) }

    /// The operator applied to the tangents: `ẏ = f(ẋ)`.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        dispatch(self, zip(inputs, tangents).map { input, t in t ?? NDArray.zeros(like: input) })
    }

    /// ``LinearOperator/transpose(_:inputs:needed:)`` of the cotangent.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        transpose(cotangent, inputs: inputs, needed: needed)
    }
}

// MARK: - Zero derivative

/// A piecewise-constant operator: its derivative is zero everywhere it exists.
public protocol ZeroDerivativeOperator: DifferentiableOperator {}

extension ZeroDerivativeOperator {
    /// Zero derivative.
    public var info: OperatorInfo { OperatorInfo(derivative: .zero) }
    /// Always true: dispatch attaches no tangent and records no node for these operators.
    public var hasZeroDerivative: Bool { true }

    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        NDArray.zeros(like: output)
    }

    /// `nil` for every input.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        inputs.map { _ in nil }
    }
}

// MARK: - Broadcasting helper

/// Sums a cotangent back to an input's shape: the transpose of broadcasting.
/// Every rule whose operator broadcasts uses this one helper.
///
///     unbroadcast(ȳ, to: [3]) where ȳ has shape [2, 3] == ȳ.sum(axis: 0)
///
/// - Parameters:
///   - cotangent: A cotangent of the broadcast (output) shape.
///   - shape: The input's shape, which broadcasts to `cotangent`'s (else the program stops).
/// - Returns: `cotangent` summed over the leading axes and the axes where `shape` has extent 1.
public func unbroadcast(_ cotangent: NDArray, to shape: [Int]) -> NDArray {
    if cotangent.shape == shape { return cotangent }
    let lead = cotangent.rank - shape.count
    precondition(lead >= 0 && Shape.canBroadcast(shape, to: cotangent.shape),
                 "unbroadcast: shape \(Shape.describe(shape)) does not broadcast to \(Shape.describe(cotangent.shape))")
    var axes = Array(0 ..< lead)
    for i in 0 ..< shape.count where shape[i] == 1 && cotangent.shape[lead + i] != 1 { axes.append(lead + i) }
    let summed = axes.isEmpty ? cotangent : dispatch(Sum(axes: axes, keepDims: true), cotangent)
    return summed.shape == shape ? summed : summed.reshape(shape)
}

/// Functional transforms in the style of JAX and Swift's `_Differentiation`, usable on any
/// function of NDArrays (loops, branches and `asScalar()` inside are fine). They compose
/// to any order: `gradient` of `gradient`, `jvp` of `gradient` (Hessian-vector products),
/// `jvp` of `jvp`.

/// The value of `f` at `xs` and its pullback `ȳ ↦ (Jᵀȳ)ᵢ`, callable any number of times.
///
///     x̄ᵢ = (∂f/∂xᵢ)ᵀ · ȳ
///
/// `f` runs once; each pullback call runs the recorded graph backward (with the same
/// errors, and ``AutogradError/headGradientShape(head:expected:got:)`` for a cotangent not
/// of the value's shape). Inputs the value does not depend on get zeros.
///
/// - Parameters:
///   - xs: The point, one array per input.
///   - f: Any function of NDArrays.
/// - Returns: `f(xs)`, and the pullback from a cotangent of its shape to one cotangent per input.
/// - Throws: ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func vjp(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, pullback: (NDArray) throws -> [NDArray]) {
    // Operators failing on their data (OperatorError) in f or in a rule are thrown here.
    let (level, output) = try withOperatorErrors { try ReverseLevel.trace(xs, f) }
    return (level.value(output), { cotangent in try withOperatorErrors { try level.pullback(output, cotangent) } })
}

/// The value of `f` at `x` and its pullback `ȳ ↦ Jᵀȳ`.
///
///     x̄ = J_f(x)ᵀ · ȳ
///
/// - Parameters:
///   - x: The point.
///   - f: Any function of NDArrays.
/// - Returns: `f(x)`, and the pullback from a cotangent of its shape to one of `x`'s shape.
/// - Throws: ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func vjp(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> (value: NDArray, pullback: (NDArray) throws -> NDArray) {
    let (value, pullback) = try vjp(at: [x]) { try f($0[0]) }
    return (value, { try pullback($0)[0] })
}

/// The value of a scalar-valued `f` (one element) and its gradient with respect to each input.
///
///     ∇ᵢf = ∂f/∂xᵢ
///
/// - Parameters:
///   - xs: The point, one array per input.
///   - f: A function returning one element (of any shape: `[1]`, `[]`, `[1, 1]`).
/// - Returns: `f(xs)` and one gradient per input, of its shape and dtype (zeros for inputs
///   `f` does not depend on).
/// - Throws: ``AutogradError/notScalar(shape:)`` when `f` returns more than one element,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func valueWithGradient(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, gradients: [NDArray]) {
    let (value, pullback) = try vjp(at: xs, f)
    guard value.count == 1 else { throw AutogradError.notScalar(shape: value.shape) }
    return (value, try pullback(NDArray.ones(like: value.withoutAD)))
}

/// The value of a scalar-valued `f` (one element) and its gradient.
///
///     ∇f = ∂f/∂x
///
/// - Parameters:
///   - x: The point.
///   - f: A function returning one element.
/// - Returns: `f(x)` and the gradient, of `x`'s shape and dtype.
/// - Throws: ``AutogradError/notScalar(shape:)`` when `f` returns more than one element,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func valueWithGradient(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> (value: NDArray, gradient: NDArray) {
    let (value, gradients) = try valueWithGradient(at: [x]) { try f($0[0]) }
    return (value, gradients[0])
}

/// The gradient of a scalar-valued `f` (one element) with respect to each input.
///
///     ∇ᵢf = ∂f/∂xᵢ
///
/// - Parameters:
///   - xs: The point, one array per input.
///   - f: A function returning one element.
/// - Returns: One gradient per input, of its shape and dtype.
/// - Throws: ``AutogradError/notScalar(shape:)`` when `f` returns more than one element,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func gradient(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> [NDArray] {
    try valueWithGradient(at: xs, f).gradients
}

/// The gradient of a scalar-valued `f` (one element).
///
///     gradient(at: x) { ($0 * $0).sum() } == 2x
///
/// Differentiable again: `gradient` inside `gradient` or `jvp` gives second derivatives.
///
/// - Parameters:
///   - x: The point.
///   - f: A function returning one element.
/// - Returns: The gradient, of `x`'s shape and dtype.
/// - Throws: ``AutogradError/notScalar(shape:)`` when `f` returns more than one element,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func gradient(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> NDArray {
    try valueWithGradient(at: x, f).gradient
}

/// The Hessian of a scalar-valued `f`, by forward over reverse: the n basis directions
/// travel together (one batched JVP) through one evaluation of the gradient. Shape
/// `x.shape + x.shape`.
///
///     H = ∂²f/∂x²,  H[i, j] = ∂²f/∂xᵢ∂xⱼ
///
/// Memory grows as `n²` for `n = x.count`; for one product `H v` use
/// ``hessianVectorProduct(at:vector:_:)``.
///
/// - Parameters:
///   - x: The point.
///   - f: A twice-differentiable function returning one element.
/// - Returns: The Hessian, of shape `x.shape + x.shape`, symmetric.
/// - Throws: ``AutogradError/notScalar(shape:)`` when `f` returns more than one element,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func hessian(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> NDArray {
    let n = x.count
    let basis = NDArray.eye(n, dtype: x.dtype).reshape([n] + x.shape)
    let (_, columns) = try batchedJVP(at: [x], tangents: [basis], batch: n) { try gradient(at: $0[0], f) }
    // columns[j] = H eⱼ; H is symmetric, so these rows are H's rows too.
    return columns.reshape(x.shape + x.shape)
}

/// `H v` for a scalar-valued `f` without forming `H`: forward mode over the gradient.
///
///     Hv = d/dt ∇f(x + t v) at t = 0
///
/// - Parameters:
///   - x: The point.
///   - v: The vector, of `x`'s shape.
///   - f: A twice-differentiable function returning one element.
/// - Returns: `H v`, of `x`'s shape.
/// - Throws: ``AutogradError/tangentMismatch(message:)`` when `v`'s shape is not `x`'s,
///   ``AutogradError/notScalar(shape:)`` when `f` returns more than one element, an
///   ``OperatorError`` an operator reported, or what `f` throws.
public func hessianVectorProduct(at x: NDArray, vector v: NDArray, _ f: (NDArray) throws -> NDArray) throws -> NDArray {
    try jvp(at: x, tangent: v) { try gradient(at: $0, f) }.tangent
}

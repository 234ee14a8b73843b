/// Functional transforms in the style of JAX and Swift's `_Differentiation`, usable on any
/// function of NDArrays (loops, branches and `asScalar()` inside are fine). They compose
/// to any order: `gradient` of `gradient`, `jvp` of `gradient` (Hessian-vector products),
/// `jvp` of `jvp`.

/// The value of `f` at `xs` and its pullback `ȳ ↦ (Jᵀȳ)ᵢ`, callable any number of times.
///
///     x̄ᵢ = (∂f/∂xᵢ)ᵀ · ȳ
public func vjp(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, pullback: (NDArray) throws -> [NDArray]) {
    // Operators failing on their data (OperatorError) in f or in a rule are thrown here.
    let (level, output) = try withOperatorErrors { try ReverseLevel.trace(xs, f) }
    return (level.value(output), { cotangent in try withOperatorErrors { try level.pullback(output, cotangent) } })
}

/// The value of `f` at `x` and its pullback `ȳ ↦ Jᵀȳ`.
public func vjp(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> (value: NDArray, pullback: (NDArray) throws -> NDArray) {
    let (value, pullback) = try vjp(at: [x]) { try f($0[0]) }
    return (value, { try pullback($0)[0] })
}

/// The value of a scalar-valued `f` (one element) and its gradient with respect to each input.
///
///     ∇ᵢf = ∂f/∂xᵢ
public func valueWithGradient(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, gradients: [NDArray]) {
    let (value, pullback) = try vjp(at: xs, f)
    guard value.count == 1 else { throw AutogradError.notScalar(shape: value.shape) }
    return (value, try pullback(NDArray.ones(like: value.withoutAD)))
}

/// The value of a scalar-valued `f` (one element) and its gradient.
public func valueWithGradient(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> (value: NDArray, gradient: NDArray) {
    let (value, gradients) = try valueWithGradient(at: [x]) { try f($0[0]) }
    return (value, gradients[0])
}

/// The gradient of a scalar-valued `f` (one element) with respect to each input.
public func gradient(at xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> [NDArray] {
    try valueWithGradient(at: xs, f).gradients
}

/// The gradient of a scalar-valued `f` (one element).
///
///     gradient(at: x) { ($0 * $0).sum() } == 2x
public func gradient(at x: NDArray, _ f: (NDArray) throws -> NDArray) throws -> NDArray {
    try valueWithGradient(at: x, f).gradient
}

/// The Hessian of a scalar-valued `f`, by forward over reverse: the n basis directions
/// travel together (one batched JVP) through one evaluation of the gradient. Shape
/// `x.shape + x.shape`.
///
///     H = ∂²f/∂x²,  H[i, j] = ∂²f/∂xᵢ∂xⱼ
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
public func hessianVectorProduct(at x: NDArray, vector v: NDArray, _ f: (NDArray) throws -> NDArray) throws -> NDArray {
    try jvp(at: x, tangent: v) { try gradient(at: $0, f) }.tangent
}

/// Forward mode: dual numbers through the same operators as reverse mode.
///
/// `jvp` opens a new forward level, gives each input its tangent at that level, runs the
/// function (any Swift code on NDArrays: loops, branches, `asScalar()`), and reads the
/// output's tangent. Levels are tagged and nest: a `jvp` inside a `jvp` (forward over
/// forward) or around a `gradient` (forward over reverse) never mixes tangents.

/// The value of `f` at `x` and its directional derivative along `tangent`.
///
///     ẏ = J_f(x) · v
///
/// - Parameters:
///   - x: The point.
///   - tangent: The direction `v`, of `x`'s shape (converted to `x`'s dtype if needed).
///   - f: Any function of NDArrays; it runs once.
/// - Returns: `f(x)`, and `ẏ` of its shape (zeros when `f(x)` does not depend on `x`).
/// - Throws: ``AutogradError/tangentMismatch(message:)`` when the shapes differ,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no derivative,
///   an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func jvp(at x: NDArray, tangent: NDArray, _ f: (NDArray) throws -> NDArray) throws -> (value: NDArray, tangent: NDArray) {
    try jvp(at: [x], tangents: [tangent]) { try f($0[0]) }
}

/// The value of `f` at `xs` and its directional derivative along `tangents` (one per input).
///
///     ẏ = Σᵢ ∂f/∂xᵢ · vᵢ
///
/// - Parameters:
///   - xs: The point, one array per input.
///   - tangents: One direction per input, of its shape (converted to its dtype if needed).
///   - f: Any function of NDArrays; it runs once.
/// - Returns: `f(xs)`, and `ẏ` of its shape.
/// - Throws: ``AutogradError/tangentMismatch(message:)`` when the counts or shapes differ,
///   ``AutogradError/noDerivative(operator:argument:)`` through an operator with no derivative,
///   an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func jvp(at xs: [NDArray], tangents: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, tangent: NDArray) {
    guard xs.count == tangents.count else {
        throw AutogradError.tangentMismatch(message: "jvp: \(xs.count) inputs but \(tangents.count) tangents; pass one tangent per input")
    }
    for (i, (x, t)) in zip(xs, tangents).enumerated() where x.shape != t.shape {
        throw AutogradError.tangentMismatch(message: "jvp: tangent \(i) has shape \(Shape.describe(t.shape)) but input \(i) has shape \(Shape.describe(x.shape))")
    }
    let level = ForwardLevel.open()
    var context = ADContext.current
    context.levels.append(level.state)
    // Operators failing on their data (OperatorError) in f or in a rule are thrown here.
    let output = try withOperatorErrors {
        try ADContext.$current.withValue(context) { () throws -> NDArray in
            let duals = zip(xs, tangents).map { x, t in level.dual(x, tangent: t.dtype == x.dtype ? t : t.astype(x.dtype)) }
            return try f(duals)
        }
    }
    if let error = level.state.errors.error { throw error }
    return level.split(output)
}

/// The value of `f` at `xs` and its derivatives along a batch of directions at once: each
/// tangent has a leading axis of `batch` directions, and so has the result's tangent. The
/// function runs once; every operator's rule handles all directions (ForwardDiff's chunks,
/// JAX's vmapped jvp).
func batchedJVP(at xs: [NDArray], tangents: [NDArray], batch: Int, _ f: ([NDArray]) throws -> NDArray) throws -> (value: NDArray, tangent: NDArray) {
    for (i, (x, t)) in zip(xs, tangents).enumerated() where t.shape != [batch] + x.shape {
        throw AutogradError.tangentMismatch(message: "jvp: batched tangent \(i) has shape \(Shape.describe(t.shape)), expected \(Shape.describe([batch] + x.shape))")
    }
    let level = ForwardLevel.open(batch: batch)
    var context = ADContext.current
    context.levels.append(level.state)
    let output = try withOperatorErrors {
        try ADContext.$current.withValue(context) { () throws -> NDArray in
            try f(zip(xs, tangents).map { x, t in level.dual(x, tangent: t.dtype == x.dtype ? t : t.astype(x.dtype)) })
        }
    }
    if let error = level.state.errors.error { throw error }
    guard let layer = output.layer(at: level.state.id), layer.isTangent else {
        return (output, NDArray.zeros([batch] + output.shape, dtype: output.dtype))
    }
    return (output.removingLayer(level.state.id), layer.asTangent.tangent)
}

/// One open forward level: makes duals at its id and splits results.
struct ForwardLevel {
    let state: LevelState

    static func open(batch: Int? = nil) -> ForwardLevel {
        var state = LevelState(id: ADContext.newLevelID(), kind: .forward, recording: false, errors: ErrorBox())
        state.batch = batch
        return ForwardLevel(state: state)
    }

    /// `x` with `tangent` at this level (the highest, so it goes on top).
    func dual(_ x: NDArray, tangent: NDArray) -> NDArray {
        var d = x
        d.ad = TangentLayer(level: state.id, tangent: tangent, next: x.ad)
        return d
    }

    /// The primal and the tangent of `y` at this level (zeros when `y` does not depend on the inputs).
    func split(_ y: NDArray) -> (value: NDArray, tangent: NDArray) {
        guard let layer = y.layer(at: state.id), layer.isTangent else { return (y, NDArray.zeros(like: y.withoutAD)) }
        return (y.removingLayer(state.id), layer.asTangent.tangent)
    }
}

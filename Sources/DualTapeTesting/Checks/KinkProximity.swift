import DualTape

/// Whether an operator sees an input at or near one of its declared kinks, from its
/// metadata: an element within a margin of a kink point (relu and abs at 0, clip at its
/// bounds, norm at 0), or — for kinks declared without points, such as ties of max or of
/// `maximum(a, b)` — two input elements within a margin of each other.
///
/// At such a point AD returns the operator's documented convention, which need not be the
/// directional derivative along a particular direction (relu at 0 with `v = [1, -1]`,
/// `u = [1, -1]` is linear along `v`, with slope 1, where AD says 0), so a mismatch with a
/// numerical reference there is classified as a kink instead of failed. The margin is
/// generous, `10⁻²·(1 + |p|)`: a step of the reference moves inputs by about 10⁻³.
public enum KinkProximity {
    /// Whether `op` sees one of `inputs` at or near one of its declared kinks.
    ///
    /// Only piecewise operators have kinks; only inputs their domains differentiate are
    /// looked at, and a tie is sought among all their elements together.
    ///
    /// - Parameters:
    ///   - op: The operator, with its attributes (its `info` declares the kinks).
    ///   - inputs: The operator's inputs.
    ///   - margin: The relative margin: `x` is near kink `p` when `|x − p| ≤ margin·(1 + |p|)`;
    ///     1e-2 by default.
    /// - Returns: Whether a differentiated input is within the margin of a kink point, or two of
    ///   their elements tie within it; false for operators not declared piecewise.
    public static func isNear(_ op: some DifferentiableOperator, _ inputs: [NDArray], margin: Double = 1e-2) -> Bool {
        let info = op.info
        guard info.derivative == .piecewise else { return false }
        let values = inputs.indices.filter { info.domain($0).isDifferentiated }.flatMap { inputs[$0].scalars }
        for kink in info.kinks {
            if kink.points.isEmpty {
                let sorted = values.sorted()
                for (a, b) in zip(sorted, sorted.dropFirst()) where b - a <= margin * (1 + Swift.abs(a)) { return true }
            } else {
                for x in values {
                    for p in kink.points where Swift.abs(x - p) <= margin * (1 + Swift.abs(p)) { return true }
                }
            }
        }
        return false
    }
}

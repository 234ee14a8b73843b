/// When two results count as the same.
///
/// Float64: `|a - b| <= 1e-12·max(|a|, |b|) + 64·u·S`, with u = 2⁻⁵³ the unit roundoff and S
/// the largest finite magnitude in the reference array. The relative part is the issue's
/// 1e-12. The floor covers results that cancel to (nearly) zero: a sum, a matrix product or a
/// derivative rule that adds terms of size S in a different order, or with a different
/// formula (`1 - tanh²` against `(1 - tanh)(1 + tanh)`), can differ by a few ulps of S even
/// where the result itself is tiny; 64 ulps of S allows for that, and no more, in arrays of
/// up to 24 elements.
///
/// Float32: the same shape with `16·u` (u = 2⁻²⁴) in both parts: each system rounds every
/// intermediate to Float32 and computes some derivative rules from rounded outputs, so
/// results differ by a few Float32 ulps of the intermediate values, not of the result.
///
/// NaN never agrees with anything, NaN included. An infinity agrees only with the same
/// infinity. Shapes must match except MXNet's `[1]` against PyTorch's and JAX's `[]` for
/// a full reduction or a scalar index (see `ValidationTests.ShapeConventionTests`).
struct Tolerance: CustomStringConvertible {
    let relative: Double
    let floorUlps: Double
    let unitRoundoff: Double

    static let float64 = Tolerance(relative: 1e-12, floorUlps: 64, unitRoundoff: 0x1p-53)
    static let float32 = Tolerance(relative: 16 * 0x1p-24, floorUlps: 16, unitRoundoff: 0x1p-24)

    static func of(_ c: Case) -> Tolerance { c.isFloat32 ? .float32 : .float64 }

    var description: String { "relative \(relative), floor \(Int(floorUlps)) ulps of the array's scale" }

    /// Whether `a` and `b` agree, in an array whose largest finite magnitude is `scale`.
    func agree(_ a: Double, _ b: Double, scale: Double) -> Bool {
        if a.isNaN || b.isNaN { return false }
        if a.isInfinite || b.isInfinite { return a == b }
        return Swift.abs(a - b) <= relative * Swift.max(Swift.abs(a), Swift.abs(b)) + floorUlps * unitRoundoff * scale
    }

    /// nil when `actual` agrees with `expected` element by element, else what differs.
    func mismatch(_ actual: RefArray, _ expected: RefArray) -> String? {
        guard actual.count == expected.count else {
            return "\(actual.count) elements \(actual.shape) vs \(expected.count) elements \(expected.shape)"
        }
        guard Self.shapesMatch(actual.shape, expected.shape) else {
            return "shape \(actual.shape) vs \(expected.shape)"
        }
        let scale = expected.data.lazy.filter(\.isFinite).map(Swift.abs).max() ?? 0
        for (i, (a, e)) in zip(actual.data, expected.data).enumerated() where !agree(a, e, scale: scale) {
            return "element \(i): \(a) vs \(e) (difference \(a - e)); got \(actual), expected \(expected)"
        }
        return nil
    }

    /// Equal, or `[1]` against `[]` (MXNet's shape of a full reduction against NumPy's).
    static func shapesMatch(_ a: [Int], _ b: [Int]) -> Bool {
        a == b || (a == [1] && b == []) || (a == [] && b == [1])
    }
}

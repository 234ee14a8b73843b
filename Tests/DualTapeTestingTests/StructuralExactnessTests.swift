import Testing
import DualTape
import DualTapeTesting

/// Structural operators move elements without arithmetic, so their derivatives must be
/// exact: the forward tangent is the tangent's elements gathered by the same map, and the
/// reverse cotangent is the cotangent scattered back into zeros — equal bit for bit, not
/// approximately.
///
/// The map is read off the operator's own primal, applied to inputs whose elements are
/// their own (input, index) codes; it is checked to be a selection (every output element
/// is one input element or zero, no input element used twice) before it is used.
@Suite("Structural operators: exact derivatives")
struct StructuralExactnessTests {
    static let names = ["reshape", "transpose", "slice", "concat", "slice_scatter"]

    /// For each output element, the (input, element) it copies, or `nil` for a zero.
    static func selection(_ op: any DifferentiableOperator, _ shapes: [[Int]]) -> [(Int, Int)?]? {
        let coded = shapes.enumerated().map { i, shape in
            NDArray(values: (0 ..< Shape.count(shape)).map { Double(i * 100_000 + $0 + 1) }, shape: shape)
        }
        var used = Set<Int>()
        var map: [(Int, Int)?] = []
        for code in op.primal(coded).scalars {
            if code == 0 { map.append(nil); continue }
            let n = Int(code) - 1
            guard Double(n + 1) == code, used.insert(n).inserted, n / 100_000 < shapes.count,
                  n % 100_000 < Shape.count(shapes[n / 100_000]) else { return nil }
            map.append((n / 100_000, n % 100_000))
        }
        return map
    }

    @Test(arguments: names)
    func derivativesAreExactSelections(_ name: String) {
        checkProperty("exact \(name)", .catalogCases(entry(name)), configuration: config(Budget.catalog * 2)) { k in
            let c = k.check.directional
            guard let map = Self.selection(k.application.op, k.application.shapes) else {
                return .fail("the primal of \(k.application) is not a selection of input elements")
            }
            let (_, tangent) = try jvp(at: c.inputs, tangents: c.tangents, c.function)
            let v = c.tangents.map(\.scalars)
            let gathered = map.map { source in source.map { v[$0.0][$0.1] } ?? 0 }
            if tangent.scalars.map(\.bitPattern) != gathered.map({ Self.rounded($0, c.cotangent.dtype) }) {
                return .fail("the forward tangent \(tangent.scalars) is not the tangent gathered by the map, \(gathered)")
            }
            let u = c.cotangent.scalars
            var scattered = c.inputs.map { [Double](repeating: 0, count: $0.count) }
            for (k, source) in map.enumerated() { if let (i, j) = source { scattered[i][j] = u[k] } }
            let pulled = try vjp(at: c.inputs, c.function).pullback(c.cotangent)
            for i in c.inputs.indices where pulled[i].scalars.map(\.bitPattern) != scattered[i].map({ Self.rounded($0, c.inputs[i].dtype) }) {
                return .fail("the reverse cotangent of input \(i), \(pulled[i].scalars), is not the cotangent scattered back, \(scattered[i])")
            }
            return .pass
        }
    }

    /// The bit pattern of `x` as the Double an array of `dtype` reads back.
    static func rounded(_ x: Double, _ dtype: DType) -> UInt64 {
        (dtype == .float32 ? Double(Float(x)) : x).bitPattern
    }
}

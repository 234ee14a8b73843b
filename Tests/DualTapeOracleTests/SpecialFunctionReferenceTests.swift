import CGSL
import DualTape
import Foundation
import Testing

/// DualTape's special functions (computed in Swift, with no GSL in the core) against GSL's
/// `gsl_sf_*` as an independent reference, over many points of each function's range,
/// through the public operators (what users get, in Float64).
///
/// Tolerance: `|ours - gsl| <= rel · |gsl| + abs`, with `rel` stated per function in units of
/// u = 2⁻⁵³ ≈ 1.1e-16 and `abs` a floor that matters only next to a zero of the function
/// (where neither library promises a relative error). `rel` is what GSL's accuracy allows:
/// a few u for most, but GSL's erfc is good to only about 5e-14 relative for large x and its
/// log-gamma to about 3e-15 absolute near its zeros at 1 and 2. For negative x GSL's
/// reflection formulas take sin(πx) and cot(πx) without reducing x exactly, which costs
/// about `|x|/d` u relative in sin(πx) at distance d from the nearest integer, so there the
/// tolerance adds `8u·(1 + |gsl|)·|x|/d²` (DualTape reduces exactly; its values next to the
/// poles are checked against mpmath in DualTapeTests.SpecialFunctionTests).
@Suite("Special functions against GSL")
struct SpecialFunctionReferenceTests {
    static let u = 0x1p-53

    init() { _ = gsl_set_error_handler_off() }

    /// `count` points spread over `range` (deterministic). Negative points within 1e-3 of an
    /// integer are left out (next to the poles).
    static func points(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        var g = RandomGenerator(seed: 7)
        return (0 ..< count).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * g.nextUnit() }
            .filter { $0 >= 0 || Swift.abs($0 - $0.rounded()) >= 1e-3 }
    }

    /// The tolerance `rel·|gsl| + abs`, plus GSL's reflection error `8u·(1 + |gsl|)·|x|/d²` for negative x.
    static func tolerance(rel: Double, abs: Double = 0) -> (Double, Double) -> Double {
        { x, reference in
            let d = Swift.abs(x - x.rounded())
            let reflection = x < 0 ? 8 * u * (1 + Swift.abs(reference)) * Swift.abs(x) / (d * d) : 0
            return rel * Swift.abs(reference) + abs + reflection
        }
    }

    /// GSL's value from one of its `_e` functions (NaN if it reports an error).
    static func gsl(_ f: @escaping (Double, UnsafeMutablePointer<gsl_sf_result>) -> Int32) -> (Double) -> Double {
        { x in
            var result = gsl_sf_result(val: .nan, err: .nan)
            return f(x, &result) == GSL_SUCCESS ? result.val : .nan
        }
    }

    /// Checks `ours` against GSL at `points` within `tolerance(x, gsl)`, reporting the worst point.
    func compare(_ name: String, _ points: [Double], _ tolerance: (Double, Double) -> Double,
                 ours: (NDArray) -> NDArray, gsl: (Double) -> Double) {
        let values = ours(NDArray(values: points, shape: [points.count])).scalars
        var worst = (ratio: 0.0, x: 0.0, ours: 0.0, gsl: 0.0)
        for (x, v) in zip(points, values) {
            let reference = gsl(x)
            #expect(!v.isNaN && !reference.isNaN, "\(name)(\(x)): ours \(v), GSL \(reference)")
            let ratio = Swift.abs(v - reference) / tolerance(x, reference)
            if ratio > worst.ratio { worst = (ratio, x, v, reference) }
        }
        #expect(worst.ratio <= 1, "\(name): at x = \(worst.x) ours \(worst.ours), GSL \(worst.gsl) (\(worst.ratio) times the tolerance)")
    }

    @Test func erfAndErfc() {
        compare("erf", Self.points(-6 ... 6, count: 2000), Self.tolerance(rel: 8 * Self.u, abs: 1e-300), ours: erf, gsl: Self.gsl(gsl_sf_erf_e))
        compare("erfc", Self.points(-6 ... 0.5, count: 1000), Self.tolerance(rel: 8 * Self.u), ours: erfc, gsl: Self.gsl(gsl_sf_erfc_e))
        compare("erfc", Self.points(0.5 ... 26, count: 2000), Self.tolerance(rel: 640 * Self.u), ours: erfc, gsl: Self.gsl(gsl_sf_erfc_e))
    }

    @Test func logGamma() {
        // lgamma vanishes at 1 and 2, where GSL is good to about 3e-15 absolute.
        compare("lgamma", Self.points(0 ... 60, count: 2000), Self.tolerance(rel: 16 * Self.u, abs: 32 * Self.u), ours: lgamma, gsl: Self.gsl(gsl_sf_lngamma_e))
        compare("lgamma", Self.points(-30 ... 0, count: 1000), Self.tolerance(rel: 16 * Self.u, abs: 32 * Self.u), ours: lgamma, gsl: Self.gsl(gsl_sf_lngamma_e))
        let large = (0 ..< 300).map { Foundation.pow(10, 2 + Double($0)) }
        compare("lgamma", large, Self.tolerance(rel: 8 * Self.u), ours: lgamma, gsl: Self.gsl(gsl_sf_lngamma_e))
    }

    @Test func digamma() {
        // ψ has a zero at 1.46 and one between each pair of negative integers: an absolute floor.
        let positive = Self.points(0 ... 50, count: 2000) + (0 ..< 100).map { Foundation.pow(10, -6 + 0.12 * Double($0)) }
        compare("digamma", positive, Self.tolerance(rel: 16 * Self.u, abs: 8 * Self.u), ours: DualTape.digamma, gsl: Self.gsl(gsl_sf_psi_e))
        compare("digamma", Self.points(-20 ... 0, count: 1000), Self.tolerance(rel: 16 * Self.u, abs: 8 * Self.u),
                ours: DualTape.digamma, gsl: Self.gsl(gsl_sf_psi_e))
    }

    @Test func trigammaAndPolygamma() {
        let positive = Self.points(0.01 ... 40, count: 2000) + (0 ..< 60).map { Foundation.pow(10, -3 + 0.2 * Double($0)) }
        compare("trigamma", positive, Self.tolerance(rel: 8 * Self.u), ours: { polygamma(1, $0) }, gsl: Self.gsl(gsl_sf_psi_1_e))
        compare("trigamma", Self.points(-10 ... 0, count: 500), Self.tolerance(rel: 16 * Self.u), ours: { polygamma(1, $0) }, gsl: Self.gsl(gsl_sf_psi_1_e))
        for n in 2 ... 6 {
            compare("polygamma(\(n))", Self.points(0.05 ... 40, count: 800), Self.tolerance(rel: 16 * Self.u),
                    ours: { polygamma(n, $0) }, gsl: Self.gsl { gsl_sf_psi_n_e(Int32(n), $0, $1) })
        }
    }
}

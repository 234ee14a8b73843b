import Foundation
import Testing
@testable import DualTape

/// Second derivatives where the first is infinite: at the ends of a domain (sqrt, the
/// logarithms, erfinv, the inverse trigonometric functions) and at the poles of the gamma
/// family. Every route to the second derivative must give the same value, the one-sided limit
/// inside the domain: a route that multiplies an infinite cotangent by a factor that vanishes
/// there (`∞ · 0`) gives NaN instead, which is how reverse over reverse used to differ from
/// forward mode at arcsin(1).
@Suite("Infinite derivatives at the ends of domains")
struct DomainEndTests {
    /// The second derivative of an elementwise `f` at one point by five routes.
    static func secondDerivatives(_ f: @escaping (NDArray) -> NDArray, at point: Double) throws -> [(route: String, value: Double)] {
        let x = NDArray([point])
        let one = NDArray([1.0])
        let firstByForward: (NDArray) throws -> NDArray = { try jvp(at: $0, tangent: NDArray.ones(like: $0)) { f($0) }.tangent }
        let firstByReverse: (NDArray) throws -> NDArray = { try gradient(at: $0) { f($0).sum() } }
        let forwardOverForward = try jvp(at: x, tangent: one, firstByForward).tangent
        let forwardOverReverse = try jvp(at: x, tangent: one, firstByReverse).tangent
        let reverseOverReverse = try gradient(at: x) { try firstByReverse($0).sum() }
        let hessianMatrix = try hessian(at: x) { f($0).sum() }
        // MXNet's way: Autograd.grad with createGraph, then Autograd.grad of the gradient.
        var v = x
        v.attachGrad()
        let g = try Autograd.record { try Autograd.grad(heads: [f(v).sum()], variables: [v], createGraph: true)[0] }
        let recorded = try Autograd.grad(heads: [g], variables: [v])[0]
        return [("forward over forward", forwardOverForward.scalars[0]),
                ("forward over reverse", forwardOverReverse.scalars[0]),
                ("reverse over reverse", reverseOverReverse.scalars[0]),
                ("hessian(at:)", hessianMatrix.scalars[0]),
                ("Autograd.grad twice", recorded.scalars[0])]
    }

    /// Each case: the function, the point, the first derivative there and the second.
    static let cases: [(name: String, f: @Sendable (NDArray) -> NDArray, at: Double, first: Double, second: Double)] = [
        ("sqrt", { sqrt($0) }, 0, .infinity, -.infinity),                      // -¼ x^(-3/2)
        ("x ** 0.5", { $0 ** 0.5 }, 0, .infinity, -.infinity),
        ("x ** 1.5", { $0 ** 1.5 }, 0, 0, .infinity),                          // ¾ x^(-1/2)
        ("rsqrt", { rsqrt($0) }, 0, -.infinity, .infinity),                    // ¾ x^(-5/2)
        ("log", { log($0) }, 0, .infinity, -.infinity),                        // -1/x²
        ("log2", { log2($0) }, 0, .infinity, -.infinity),
        ("log10", { log10($0) }, 0, .infinity, -.infinity),
        ("log1p", { log1p($0) }, -1, .infinity, -.infinity),
        ("erfinv at 1", { erfinv($0) }, 1, .infinity, .infinity),              // √π/2 · e^(y²) · 2y · erfinv'
        ("erfinv at -1", { erfinv($0) }, -1, .infinity, -.infinity),
        ("arcsin at 1", { arcsin($0) }, 1, .infinity, .infinity),              // x (1 - x²)^(-3/2)
        ("arcsin at -1", { arcsin($0) }, -1, .infinity, -.infinity),
        ("arccos at 1", { arccos($0) }, 1, -.infinity, -.infinity),            // -x (1 - x²)^(-3/2)
        ("arccos at -1", { arccos($0) }, -1, -.infinity, .infinity),
        ("arctanh at 1", { arctanh($0) }, 1, .infinity, .infinity),            // 2x / (1 - x²)²
        ("arctanh at -1", { arctanh($0) }, -1, .infinity, -.infinity),
        ("arccosh at 1", { arccosh($0) }, 1, .infinity, -.infinity),           // -x (x² - 1)^(-3/2)
        ("lgamma at 0", { lgamma($0) }, 0, -.infinity, .infinity),             // ψ(+0) = -∞, ψ'(+0) = +∞
        ("digamma at 0", { digamma($0) }, 0, .infinity, -.infinity),           // ψ''(+0) = -∞
    ]

    @Test(arguments: cases.indices)
    func everyRouteGivesTheLimit(_ k: Int) throws {
        let c = Self.cases[k]
        let (forward, reverse) = try elementwiseDerivatives(c.f, at: [c.at])
        #expect(forward == [c.first] && reverse == [c.first], "\(c.name): first derivative \(forward), \(reverse)")
        for (route, value) in try Self.secondDerivatives(c.f, at: c.at) {
            #expect(value == c.second, "\(c.name): \(route) gives \(value), expected \(c.second)")
        }
    }

    /// cbrt at 0: the first derivative is +∞ from both sides, the second -∞ from the right and
    /// +∞ from the left, so no value is right: every route gives NaN (row D21 of the
    /// validation table), none an infinity of either sign.
    @Test func cbrtAtZeroIsNaNByEveryRoute() throws {
        let (forward, reverse) = try elementwiseDerivatives(cbrt, at: [0])
        #expect(forward == [.infinity] && reverse == [.infinity])
        for (route, value) in try Self.secondDerivatives(cbrt, at: 0) {
            #expect(value.isNaN, "cbrt''(0) by \(route): \(value)")
        }
    }

    /// Next to the ends the rules keep their accuracy: arcsin, arccos and arctanh take the
    /// value of `1 - x²` from `(1 - x)(1 + x)`, exact here, where `1 - x·x` is off by the
    /// rounding of x·x (1.8e-9 relative in Float64, 4e-5 in Float32 at these points); their
    /// second derivatives are as accurate.
    @Test func derivativesNextToTheEnds() throws {
        let r = 0x1.3p-27, edge = 1 - r
        let p = r * (2 - r)   // exactly 1 - edge² (short products of short numbers)
        #expect(Swift.abs((1 - edge * edge) - p) / p > 1e-9)
        try expectDerivatives(arcsin, at: [edge, -edge], [1 / Foundation.sqrt(p), 1 / Foundation.sqrt(p)], rel: 4e-16)
        try expectDerivatives(arccos, at: [edge], [-1 / Foundation.sqrt(p)], rel: 4e-16)
        try expectDerivatives(arctanh, at: [edge, -edge], [1 / p, 1 / p], rel: 4e-16)
        // arcsin'' = x (1 - x²)^(-3/2), arctanh'' = 2x / (1 - x²)².
        try expectDerivatives(arcsin, at: [edge], [edge / (p * Foundation.sqrt(p))], order: 2, rel: 1e-15)
        try expectDerivatives(arctanh, at: [-edge], [-2 * edge / (p * p)], order: 2, rel: 1e-15)
        // Float32 at 1 - 0x1.3p-12: the rule's 1 - x² is exact, 1/p rounded once.
        let r32 = 0x1.3p-12, p32 = r32 * (2 - r32)
        let (forward, reverse) = try elementwiseDerivatives(arctanh, at: [1 - r32], dtype: .float32)
        #expect(forward == reverse)
        #expect(forward == [Double(Float(1 / p32))], "arctanh' in Float32: \(forward[0]) for \(1 / p32)")
    }
}

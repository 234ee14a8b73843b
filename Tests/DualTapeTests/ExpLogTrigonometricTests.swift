import Foundation
import Testing
@testable import DualTape

/// The exponential, logarithmic, hyperbolic and inverse trigonometric operators: accuracy
/// where the naive formula fails, the ends of their domains, and their derivatives there.
@Suite("Exponentials, logarithms and inverse trigonometric functions")
struct ExpLogTrigonometricTests {
    /// log1p and expm1 keep every digit near 0, where log(1 + x) and exp(x) - 1 keep none.
    @Test func log1pAndExpm1NearZero() throws {
        let x = NDArray([1e-10, -1e-10, 1e-300, 0])
        let log1pValues = log1p(x).scalars, expm1Values = expm1(x).scalars
        // Values from mpmath at 40 digits.
        #expect(ulps(log1pValues[0], 9.999999999500001e-11) <= 1)
        #expect(ulps(log1pValues[1], -1.00000000005e-10) <= 1)
        #expect(ulps(expm1Values[0], 1.00000000005e-10) <= 1)
        #expect(ulps(expm1Values[1], -9.999999999500001e-11) <= 1)
        #expect(log1pValues[2] == 1e-300 && expm1Values[2] == 1e-300)
        #expect(log1pValues[3] == 0 && expm1Values[3] == 0)
        // The naive forms are far off: this test would catch a rewrite to them.
        #expect(ulps(Foundation.log(1 + 1e-10), 9.999999999500001e-11) > 1e5)
        // Derivatives: 1/(1 + x) and eˣ.
        try expectDerivatives(log1p, at: [1e-10, -0.5, 3], [1 / (1 + 1e-10), 2, 0.25])
        try expectDerivatives(expm1, at: [1e-10, -30, 2], [Foundation.exp(1e-10), 9.357622968840175e-14, Foundation.exp(2)])
    }

    @Test func logarithmsExponentialsAndRoots() throws {
        expectValues(log2(NDArray([8, 0.25, 1024])), [3, -2, 10], rel: 0)
        expectValues(log10(NDArray([1000, 1e-5])), [3, -5], rel: 0)
        expectValues(exp2(NDArray([10, -1, 0.5])), [1024, 0.5, Foundation.sqrt(2)], rel: 1e-16)
        expectValues(cbrt(NDArray([-8, 27, 1e-30])), [-2, 3, 1e-10], rel: 2.3e-16)   // glibc's cbrt: within an ulp
        expectValues(reciprocal(NDArray([4, -0.5])), [0.25, -2], rel: 0)
        expectValues(rsqrt(NDArray([4, 0.01])), [0.5, 10], rel: 1e-16)
        try expectDerivatives(log2, at: [2, 0.5], [1 / (2 * M_LN2), 2 / M_LN2])
        try expectDerivatives(log10, at: [10], [1 / (10 * M_LN10)])
        try expectDerivatives(exp2, at: [3], [8 * M_LN2])
        try expectDerivatives(cbrt, at: [-8, 27], [1.0 / 12, 1.0 / 27])
        try expectDerivatives(reciprocal, at: [-2, 4], [-0.25, -1.0 / 16])
        try expectDerivatives(rsqrt, at: [4], [-1.0 / 16])
        // Second derivatives: the rules are differentiable again.
        try expectDerivatives(cbrt, at: [8], [-2.0 / 9 / 32], order: 2)            // -2/9 x^(-5/3)
        try expectDerivatives(reciprocal, at: [2], [0.25], order: 2)               // 2/x³
        try expectDerivatives(log1p, at: [1], [-0.25], order: 2)                   // -1/(1+x)²
        // At the ends of their domains: infinite derivatives, not NaN.
        let (forward, reverse) = try elementwiseDerivatives(cbrt, at: [0])
        #expect(forward == [.infinity] && reverse == [.infinity])
        #expect(log1p(NDArray([-1.0])).scalars == [-.infinity])
        #expect(log1p(NDArray([-2.0])).scalars[0].isNaN)
    }

    @Test func hyperbolicFunctions() throws {
        expectValues(sinh(NDArray([1, -2])), [Foundation.sinh(1), Foundation.sinh(-2)], rel: 1e-16)
        expectValues(cosh(NDArray([0, 3])), [1, Foundation.cosh(3)], rel: 1e-16)
        try expectDerivatives(sinh, at: [0.5], [Foundation.cosh(0.5)])
        try expectDerivatives(cosh, at: [0.5], [Foundation.sinh(0.5)])
        // Every order: sinh'' = sinh, cosh''' = sinh.
        try expectDerivatives(sinh, at: [0.7], [Foundation.sinh(0.7)], order: 2)
        try expectDerivatives(cosh, at: [0.7], [Foundation.sinh(0.7)], order: 3)
    }

    /// arcsin, arccos and arctanh on (-1, 1): NaN outside, infinite derivatives at ±1, and
    /// the factored forms keep the derivatives accurate next to the ends.
    @Test func inverseFunctionsOnTheOpenInterval() throws {
        let edge = 1 - 0x1p-40, r = 0x1p-40
        try expectDerivatives(arcsin, at: [0.5, edge], [1 / Foundation.sqrt(0.75), 1 / Foundation.sqrt(r * (2 - r))])
        try expectDerivatives(arccos, at: [-0.5, -edge], [-1 / Foundation.sqrt(0.75), -1 / Foundation.sqrt(r * (2 - r))])
        try expectDerivatives(arctanh, at: [0.5, edge], [1 / 0.75, 1 / (r * (2 - r))])
        for f in [arcsin, arccos, arctanh] as [(NDArray) -> NDArray] {
            let outside = f(NDArray([1.5, -1.5])).scalars
            #expect(outside.allSatisfy { $0.isNaN })
        }
        #expect(arctanh(NDArray([1.0, -1.0])).scalars == [.infinity, -.infinity])
        expectValues(arcsin(NDArray([1.0, -1.0])), [Double.pi / 2, -Double.pi / 2], rel: 1e-16)
        let (forward, reverse) = try elementwiseDerivatives(arcsin, at: [1])
        #expect(forward == [.infinity] && reverse == [.infinity])
        // arcsin'' = x (1 - x²)^(-3/2)
        try expectDerivatives(arcsin, at: [0.5], [0.5 / Foundation.pow(0.75, 1.5)], order: 2)
    }

    @Test func arctanAndArcsinh() throws {
        expectValues(arctan(NDArray([1, -1e300])), [Double.pi / 4, -Double.pi / 2], rel: 1e-16)
        expectValues(arcsinh(NDArray([0, 1e-300, -2])), [0, 1e-300, Foundation.asinh(-2)], rel: 1e-16)
        try expectDerivatives(arctan, at: [0, 2, 1e200], [1, 0.2, 0])
        try expectDerivatives(arcsinh, at: [0, Foundation.sqrt(3)], [1, 0.5])
        try expectDerivatives(arctan, at: [1], [-0.5], order: 2)                   // -2x/(1+x²)²
    }

    /// arccosh for x ≥ 1: x - 1 is exact near 1, so its derivative keeps full precision there.
    @Test func arccoshNearOne() throws {
        let e = 0x1p-33
        expectValues(arccosh(NDArray([1 + e])), [1.525878906235197e-05], rel: 2e-16)   // mpmath
        try expectDerivatives(arccosh, at: [1 + e, 2], [1 / Foundation.sqrt(e * (2 + e)), 1 / Foundation.sqrt(3)])
        #expect(arccosh(NDArray([1.0])).scalars == [0])
        #expect(arccosh(NDArray([0.5])).scalars[0].isNaN)
        let (forward, reverse) = try elementwiseDerivatives(arccosh, at: [1])
        #expect(forward == [.infinity] && reverse == [.infinity])
    }

    /// Float32 inputs are computed in Double and rounded once.
    @Test func float32ValuesAreRoundedOnce() {
        let x = NDArray([0.3, 2.5, -0.7]).astype(.float32)
        let values = log1p(x).scalars
        for (v, xi) in zip(values, x.scalars) {
            #expect(Float(v) == Float(Foundation.log1p(Double(Float(xi)))))
        }
        #expect(log1p(x).dtype == .float32)
    }
}

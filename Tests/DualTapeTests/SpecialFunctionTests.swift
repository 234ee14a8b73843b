import Foundation
import Testing
@testable import DualTape

/// erf, erfc, erfinv, lgamma, digamma and polygamma: exact special values, accuracy at the
/// hard ends (erfinv near ±1, lgamma for huge x, digamma near its zero), the poles, and
/// derivatives of every order through the chain lgamma → digamma → polygamma(1) → ….
/// Reference values are closed forms or mpmath at 40 digits; GSL's are compared in
/// DualTapeOracleTests.SpecialFunctionReferenceTests.
@Suite("Special functions")
struct SpecialFunctionTests {
    static let eulerGamma = 0.5772156649015329
    static let zeta3 = 1.2020569031595942

    @Test func erfAndErfc() throws {
        expectValues(erf(NDArray([0, 1e-300, 30, -30])), [0, 1.1283791670955126e-300, 1, -1], rel: 1e-16)
        // erfc keeps its relative precision where 1 - erf(x) is 0 (mpmath).
        expectValues(erfc(NDArray([10, 26])), [2.088487583762545e-45, 5.663192408856143e-296], rel: 4e-16)
        #expect(1 - erf(NDArray([10.0])).scalars[0] == 0)
        try expectDerivatives(erf, at: [0, 1], [2 / Double.pi.squareRoot(), 2 / Double.pi.squareRoot() * Foundation.exp(-1)])
        try expectDerivatives(erfc, at: [0], [-2 / Double.pi.squareRoot()])
        // erf'' = -2x erf'(x)
        try expectDerivatives(erf, at: [0.5], [-2 * 0.5 * 2 / Double.pi.squareRoot() * Foundation.exp(-0.25)], order: 2)
    }

    /// erfinv to about an ulp everywhere, including 1 - 1e-12 and the last Double below 1.
    @Test func erfinvNearTheEnds() throws {
        let x = NDArray([0.5, 1 - 1e-12, -(1 - 1e-15), 1e-300, 1 - 0x1p-53])
        let values = erfinv(x).scalars
        // mpmath at 40 digits.
        let expected = [0.4769362762044699, 5.042031898572696, -5.675915739744713, 8.86226925452758e-301, 5.863584748755168]
        for (v, e) in zip(values, expected) { #expect(ulps(v, e) <= 2, "erfinv: \(v) vs \(e)") }
        #expect(erfinv(NDArray([1.0, -1.0])).scalars == [.infinity, -.infinity])
        #expect(erfinv(NDArray([1.0000001, -2, .nan])).scalars.allSatisfy { $0.isNaN })
        #expect(erfinv(NDArray([-0.0])).scalars[0].sign == .minus)
        // Round trips through erfc: erfc(erfinv(1 - r)) = r down to r = 1e-15, within what an
        // ulp of y allows (erfc's relative condition number is about 2y²) plus a few ulps.
        for k in 1 ... 15 {
            let r = Foundation.pow(10, -Double(k)), y = erfinv(NDArray([1 - r])).scalars[0]
            let exact = 1 - (1 - r)   // the r that 1 - r actually holds
            #expect(Swift.abs(Foundation.erfc(y) - exact) <= (2 * y * y + 4) * exact.ulp, "r = \(r)")
        }
        // The derivative √π/2 e^(y²), here at y = erfinv(0.5), and at 0.
        let y = 0.4769362762044699
        try expectDerivatives(erfinv, at: [0.5, 0], [Double.pi.squareRoot() / 2 * Foundation.exp(y * y), Double.pi.squareRoot() / 2])
    }

    @Test func lgammaIncludingHugeArguments() throws {
        let values = lgamma(NDArray([1, 2, 0.5, 1e10, 1e300, -2.5])).scalars
        let expected = [0, 0, 0.5723649429247001, 220258509288.81058, 6.897755278982137e+302, -0.056243716497674054]
        for (v, e) in zip(values, expected) { #expect(v == e || ulps(v, e) <= 4, "lgamma: \(v) vs \(e)") }
        #expect(lgamma(NDArray([0, -1, -2])).scalars == [.infinity, .infinity, .infinity])
        #expect(gammaln(NDArray([0.5])).scalars == lgamma(NDArray([0.5])).scalars)
        // Its derivative is digamma, also for huge x (mpmath).
        try expectDerivatives(lgamma, at: [1, 1e10, 1e300], [-Self.eulerGamma, 23.025850929890456, 690.7755278982137], rel: 2e-16)
    }

    /// lgamma_r is re-entrant: a large array (split across cores) gives the values of a loop.
    @Test func lgammaIsThreadSafe() {
        let points = (0 ..< 200_000).map { -50 + Double($0) * 0.000_5 + 0.000_25 }
        let values = lgamma(NDArray(points)).scalars
        for (i, x) in points.enumerated() where i % 997 == 0 {
            var sign: Int32 = 0
            #expect(values[i] == Foundation.lgamma_r(x, &sign))
        }
    }

    @Test func digammaAndPolygammaKnownValues() throws {
        let pi2 = Double.pi * Double.pi
        let digammas = digamma(NDArray([1, 0.5, -0.5, 1e300])).scalars
        // ψ(-1/2) = 2 - γ - 2 ln 2, from mpmath (the formula cancels in Double).
        let expected = [-Self.eulerGamma, -Self.eulerGamma - 2 * M_LN2, 0.03648997397857652, 690.7755278982137]
        for (v, e) in zip(digammas, expected) { #expect(ulps(v, e) <= 4, "digamma: \(v) vs \(e)") }
        // ψ'(1) = π²/6, ψ'(1/2) = π²/2, ψ'(-1/2) = π²/2 + 4, ψ''(1) = -2ζ(3), ψ'''(1) = π⁴/15.
        let cases: [(n: Int, x: Double, value: Double)] = [
            (1, 1, pi2 / 6), (1, 0.5, pi2 / 2), (1, -0.5, pi2 / 2 + 4), (2, 1, -2 * Self.zeta3), (3, 1, pi2 * pi2 / 15),
            (2, -0.5, -0.82879664423432), (3, 2.5, 0.22390584881725206), (1, 1e10, 1.00000000005e-10),
        ]
        for c in cases {
            let v = polygamma(c.n, NDArray([c.x])).scalars[0]
            #expect(ulps(v, c.value) <= 8, "polygamma(\(c.n), \(c.x)) = \(v), expected \(c.value)")
        }
        #expect(polygamma(0, NDArray([0.3])).scalars == digamma(NDArray([0.3])).scalars)
    }

    /// Near ψ's positive zero the relative precision holds (a Taylor series there): the
    /// values next to it are right to a few ulps, not merely to 1e-16 absolute (mpmath).
    @Test func digammaNearItsZero() {
        let points = [1.4616321449683622, 1.4616321549683622, 1.4616321449653622, 1.75, 1.2]
        let expected = [-9.241265521729427e-17, 9.676722258977242e-09, -2.9031523624790353e-12, 0.24747245354686118, -0.2890398965921884]
        for (v, e) in zip(digamma(NDArray(points)).scalars, expected) { #expect(ulps(v, e) <= 4, "digamma: \(v) vs \(e)") }
    }

    /// Next to the poles at the negative integers the reflection keeps full precision
    /// (mpmath; GSL is off by hundreds of ulps at the first two).
    @Test func nearNegativePoles() {
        #expect(ulps(digamma(NDArray([-6.998559483043511])).scalars[0], -692.1750412587552) <= 4)
        #expect(ulps(polygamma(1, NDArray([-8.005107868035207])).scalars[0], 38331.57019647527) <= 4)
        #expect(ulps(lgamma(NDArray([-5.97613751807004])).scalars[0], -2.7982210208844522) <= 4)
    }

    /// Poles: the one-sided limits at ±0, +∞ at the poles for odd orders, NaN where there is no limit.
    @Test func poles() {
        #expect(digamma(NDArray([0.0, -0.0])).scalars == [-.infinity, .infinity])
        #expect(digamma(NDArray([-1.0, -2.0])).scalars.allSatisfy { $0.isNaN })
        #expect(polygamma(1, NDArray([0.0, -3.0])).scalars == [.infinity, .infinity])
        #expect(polygamma(2, NDArray([0.0, -0.0])).scalars == [-.infinity, .infinity])
        #expect(polygamma(2, NDArray([-3.0])).scalars[0].isNaN)
        #expect(digamma(NDArray([Double.infinity])).scalars == [.infinity])
        #expect(digamma(NDArray([-Double.infinity, .nan])).scalars.allSatisfy { $0.isNaN })
    }

    /// Every order: the derivatives of lgamma are digamma, trigamma, ψ'', ψ''' at 1.
    @Test func everyOrderThroughTheChain() throws {
        let pi2 = Double.pi * Double.pi
        try expectDerivatives(lgamma, at: [1], [-Self.eulerGamma], order: 1, rel: 1e-15)
        try expectDerivatives(lgamma, at: [1], [pi2 / 6], order: 2, rel: 1e-15)
        try expectDerivatives(lgamma, at: [1], [-2 * Self.zeta3], order: 3, rel: 1e-15)
        try expectDerivatives(digamma, at: [1], [pi2 * pi2 / 15], order: 3, rel: 1e-15)
        try expectDerivatives({ polygamma(2, $0) }, at: [1], [pi2 * pi2 / 15], order: 1, rel: 1e-15)
    }
}

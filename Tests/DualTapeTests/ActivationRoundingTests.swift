import Foundation
import Testing
@testable import DualTape

/// The activations: stability for large |x|, closed forms, and the conventions at the kinks
/// (PyTorch's); the rounding functions: their values (half to even) and zero derivatives.
@Suite("Activations and rounding")
struct ActivationRoundingTests {
    static func sigmoidOf(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// softplus and log_sigmoid at |x| up to 1000 (and beyond): no overflow, no NaN, in values
    /// and in derivatives of the first two orders, in both dtypes.
    @Test(arguments: DType.allCases)
    func softplusAndLogSigmoidForLargeInputs(_ dtype: DType) throws {
        let points = [-1e4, -1000, -700, -40, 0, 40, 700, 1000, 1e4]
        let x = NDArray(values: points, shape: [points.count], dtype: dtype)
        let sp = softplus(x).scalars, ls = logSigmoid(x).scalars
        for (i, p) in points.enumerated() {
            #expect(sp[i].isFinite && ls[i].isFinite, "at \(p): softplus \(sp[i]), log_sigmoid \(ls[i])")
            if p >= 40 { #expect(sp[i] == p && ls[i] <= 0 && ls[i] > -1e-13) }
            if p <= -40 { #expect(ls[i] == p && sp[i] >= 0 && sp[i] < 1e-13) }
        }
        for order in 1 ... 2 {
            for f in [softplus, logSigmoid] as [(NDArray) -> NDArray] {
                let (forward, reverse) = try elementwiseDerivatives(f, at: points, order: order, dtype: dtype)
                #expect((forward + reverse).allSatisfy { $0.isFinite }, "order \(order): \(forward) \(reverse)")
            }
        }
        if dtype == .float64 {
            // mpmath: softplus(-700) = log1p(e^-700) and log_sigmoid(700), full relative precision.
            #expect(ulps(sp[2], 9.85967654375977e-305) <= 2)
            #expect(ulps(ls[6], -9.85967654375977e-305) <= 2)
            #expect(sp[4] == M_LN2 && ls[4] == -M_LN2)
        }
    }

    @Test func smoothActivationDerivatives() throws {
        let points = [-3, -0.5, 0, 0.5, 3]
        try expectDerivatives(softplus, at: points, points.map(Self.sigmoidOf))
        try expectDerivatives(logSigmoid, at: points, points.map { Self.sigmoidOf(-$0) })
        try expectDerivatives(softsign, at: points, points.map { 1 / ((1 + Swift.abs($0)) * (1 + Swift.abs($0))) })
        try expectDerivatives(silu, at: points, points.map { let s = Self.sigmoidOf($0); return s * (1 + $0 * (1 - s)) })
        // gelu' = Φ(x) + x φ(x)
        try expectDerivatives(gelu, at: points, points.map {
            0.5 * Foundation.erfc(-$0 / Foundation.sqrt(2)) + $0 * Foundation.exp(-$0 * $0 / 2) / Foundation.sqrt(2 * Double.pi)
        })
        // Second orders: softplus'' = σ(1 - σ), gelu'' = φ(x)(2 - x²).
        try expectDerivatives(softplus, at: [0.5], [Self.sigmoidOf(0.5) * (1 - Self.sigmoidOf(0.5))], order: 2)
        try expectDerivatives(gelu, at: [0.5], [Foundation.exp(-0.125) / Foundation.sqrt(2 * Double.pi) * 1.75], order: 2)
        expectValues(softsign(NDArray([-3, 1])), [-0.75, 0.5], rel: 0)
    }

    /// σ'(x) = σ(x)σ(-x) in both tails: exact where y(1 - y) cancels (y = σ(x) rounds to 1
    /// for x ≥ 37, and 1 - y keeps only the digits of y's rounding above 20), in σ', softplus'',
    /// log_sigmoid'', silu' and silu'', by both modes.
    @Test func sigmoidDerivativesInTheTails() throws {
        // e = e^(-|x|); σ'(x) = e / (1 + e)², symmetric.
        func sigmoidPrime(_ x: Double) -> Double { let e = Foundation.exp(-Swift.abs(x)); return e / ((1 + e) * (1 + e)) }
        let points = [21, 30, 40, 100, 700, -21, -40, -700, 0.5]
        try expectDerivatives(sigmoid, at: points, points.map(sigmoidPrime), rel: 1e-15)
        try expectDerivatives(softplus, at: points, points.map(sigmoidPrime), order: 2, rel: 1e-15)
        try expectDerivatives(logSigmoid, at: points, points.map { -sigmoidPrime($0) }, order: 2, rel: 1e-15)
        // σ'' = σ'(x) (σ(-x) - σ(x)).
        try expectDerivatives(sigmoid, at: points, points.map { sigmoidPrime($0) * (Self.sigmoidOf(-$0) - Self.sigmoidOf($0)) },
                              order: 2, rel: 1e-14)
        // silu' = σ(x)(1 + x σ(-x)), silu'' = σ'(x)(2 + x (σ(-x) - σ(x))).
        try expectDerivatives(silu, at: points, points.map { Self.sigmoidOf($0) * (1 + $0 * Self.sigmoidOf(-$0)) }, rel: 1e-15)
        try expectDerivatives(silu, at: points, points.map { sigmoidPrime($0) * (2 + $0 * (Self.sigmoidOf(-$0) - Self.sigmoidOf($0))) },
                              order: 2, rel: 1e-14)
        // The cancelling form is far off at 21 and 0 at 40: this test would catch a return to it.
        let y21 = Self.sigmoidOf(21), y40 = Self.sigmoidOf(40)
        #expect(Swift.abs(y21 * (1 - y21) - sigmoidPrime(21)) > 1e-8 * sigmoidPrime(21))
        #expect(y40 * (1 - y40) == 0 && sigmoidPrime(40) > 4e-18)
    }

    /// The exact GELU, accurate for negative x too (mpmath), where (1 + erf(x/√2))/2 cancels.
    @Test func geluExactForm() {
        let values = gelu(NDArray([1, -10, 0, 40, -40])).scalars
        #expect(ulps(values[0], 0.8413447460685429) <= 2)
        #expect(ulps(values[1], -7.619853024160526e-23) <= 4)
        #expect(values[2] == 0 && values[3] == 40 && values[4] == 0)
        // The naive form loses everything at -10: this test would catch a rewrite to it.
        #expect(-10 * 0.5 * (1 + Foundation.erf(-10 / Foundation.sqrt(2))) == 0)
    }

    /// At 0, elu, selu and leaky_relu return PyTorch's derivative (the negative side's slope),
    /// the same in both modes; elu's second derivative at 0 is alpha.
    @Test func kinkConventions() throws {
        let scale = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717
        try expectDerivatives({ elu($0, alpha: 0.5) }, at: [0, -1, 2], [0.5, 0.5 * Foundation.exp(-1), 1], rel: 1e-15)
        try expectDerivatives({ elu($0) }, at: [0], [1])
        try expectDerivatives(selu, at: [0, -1, 2], [scale * alpha, scale * alpha * Foundation.exp(-1), scale], rel: 1e-15)
        try expectDerivatives({ leakyRelu($0, alpha: 0.2) }, at: [0, -1, 2], [0.2, 0.2, 1])
        try expectDerivatives({ leakyRelu($0) }, at: [0], [0.01])
        try expectDerivatives({ elu($0, alpha: 0.5) }, at: [0, -1, 2], [0.5, 0.5 * Foundation.exp(-1), 0], order: 2, rel: 1e-15)
        try expectDerivatives({ leakyRelu($0) }, at: [0, -1, 2], [0, 0, 0], order: 2)
        // Values, including expm1's precision on the negative side and large positive inputs.
        expectValues(elu(NDArray([-1e-10, 1e4, -1e4]), alpha: 2), [2 * Foundation.expm1(-1e-10), 1e4, -2], rel: 0)
        expectValues(selu(NDArray([1, -1])), [scale, scale * alpha * Foundation.expm1(-1)], rel: 1e-16)
        expectValues(leakyRelu(NDArray([-2, 3])), [-0.02, 3], rel: 0)
        // No ∞·0 from the unused branch: e^x is never taken of a large positive x.
        let (forward, reverse) = try elementwiseDerivatives(selu, at: [1000, -1000], order: 2)
        #expect(forward == [0, 0] && reverse == [0, 0])
    }

    /// Halves round to even (NumPy, PyTorch, JAX; not MXNet's away-from-zero).
    @Test func roundingValues() {
        let x = NDArray([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.7, -2.7])
        expectValues(round(x), [0, 2, 2, -0, -2, -2, 3, -3], rel: 0)
        expectValues(floor(x), [0, 1, 2, -1, -2, -3, 2, -3], rel: 0)
        expectValues(ceil(x), [1, 2, 3, -0, -1, -2, 3, -2], rel: 0)
        expectValues(trunc(x), [0, 1, 2, -0, -1, -2, 2, -2], rel: 0)
        #expect(round(NDArray([Double.nan])).scalars[0].isNaN)
        #expect(round(x.astype(.float32)).scalars == round(x).scalars)
    }

    /// Zero derivative in both modes, exactly, and no tangent attached at all (so an infinite
    /// derivative downstream never meets it as 0·∞).
    @Test func roundingHasZeroDerivative() throws {
        for f in [floor, ceil, round, trunc] as [(NDArray) -> NDArray] {
            try expectDerivatives(f, at: [0.5, 1.3, -2.5], [0, 0, 0], rel: 0)
            // sqrt has an infinite derivative at 0: a zero tangent there would give 0·∞ = NaN.
            let (_, t) = try jvp(at: NDArray([0.5, 4.0]), tangent: NDArray([1.0, 1.0])) { x in sqrt(f(x) - f(x)) }
            #expect(t.scalars == [0, 0])
            let g = try gradient(at: NDArray([0.5, 4.0])) { x in sqrt(f(x) - f(x)).sum() }
            #expect(g.scalars == [0, 0])
        }
    }
}

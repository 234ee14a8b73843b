#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar special functions in `Double`, for the operators of the special-function and
/// activation families (no automatic differentiation here; no GSL: the core links no GPL code).
///
/// Goals, in order: full double precision where the function is well conditioned (a few ulps;
/// near the zeros of digamma between the negative integers the error is bounded in absolute
/// terms instead), then defined results at every input (poles, ±∞, NaN), then speed.
/// The C library supplies `erf`, `erfc`, `lgamma_r` (thread-safe, unlike `lgamma`), `expm1`,
/// `log1p` and `cbrt`; digamma, polygamma and the inverse error function are computed here.
enum SpecialFunctions {
    // MARK: - Inverse error function

    /// `erfinv(x)`: the `y` with `erf(y) = x`, for `-1 ≤ x ≤ 1` (±∞ at ±1, NaN outside).
    ///
    /// Giles' single-precision approximation gives the start (relative error about 1e-7
    /// inside Float's range, a few percent at the far end of Double's), then Newton's method
    /// reaches full precision. For `|x| ≤ 0.5` it runs on `erf(y) - |x|` (Halley's variant, each
    /// step tripling the correct digits). For `|x| > 0.5` it runs on the logarithm of the
    /// complement, `log erfc(y) - log r` with `r = 1 - |x|` (exact, by Sterbenz): `erfc` keeps its
    /// relative precision where `erf(y)` rounds to 1, and the logarithm is nearly quadratic in
    /// `y`, so Newton converges from a start several percent off (erfinv(1 - 1e-16) = 5.86).
    ///
    ///     f(y) = erf(y) - x,  f' = 2/√π e^(-y²),  f'' = -2y f'   ⇒   y ← y - f / (f' + y f)
    ///     g(y) = log(erfc(y) / r),  g' = -f' / erfc(y)          ⇒   y ← y + g · erfc(y) / f'
    static func inverseErf(_ x: Double) -> Double {
        if x.isNaN || Swift.abs(x) > 1 { return .nan }
        if Swift.abs(x) == 1 { return x * .infinity }
        if x == 0 { return x }
        let a = Swift.abs(x)
        var y = gilesInverseErf(a)
        let r = 1 - a
        for _ in 0 ..< 12 {
            let slope = twoOverSqrtPi * exp(-y * y)
            let step: Double
            if a <= 0.5 {
                let f = erf(y) - a
                step = f / (slope + y * f)
            } else {
                let complement = erfc(y)
                step = -log(complement / r) * complement / slope
            }
            y -= step
            if Swift.abs(step) <= y.ulp { break }
        }
        return x < 0 ? -y : y
    }

    /// M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single precision.
    private static func gilesInverseErf(_ a: Double) -> Double {
        var w = -log((1 - a) * (1 + a))
        var p: Double
        if w < 5 {
            w -= 2.5
            p = 2.81022636e-08
            p = 3.43273939e-07 + p * w
            p = -3.5233877e-06 + p * w
            p = -4.39150654e-06 + p * w
            p = 0.00021858087 + p * w
            p = -0.00125372503 + p * w
            p = -0.00417768164 + p * w
            p = 0.246640727 + p * w
            p = 1.50140941 + p * w
        } else {
            w = w.squareRoot() - 3
            p = -0.000200214257
            p = 0.000100950558 + p * w
            p = 0.00134934322 + p * w
            p = -0.00367342844 + p * w
            p = 0.00573950773 + p * w
            p = -0.0076224613 + p * w
            p = 0.00943887047 + p * w
            p = 1.00167406 + p * w
            p = 2.83297682 + p * w
        }
        return p * a
    }

    /// `2/√π`, the scale of erf's derivative.
    static let twoOverSqrtPi = 1.1283791670955125739
    /// `√π/2`, the scale of erfinv's derivative.
    static let sqrtPiOverTwo = 0.88622692545275801365

    // MARK: - Log-gamma, digamma, polygamma

    /// `log|Γ(x)|` through the C library's re-entrant `lgamma_r` (the plain `lgamma` writes
    /// the global `signgam` and is not thread-safe). +∞ at the poles (non-positive integers).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// The digamma function `ψ(x) = d/dx log Γ(x)`.
    ///
    /// For `x > 0`: the recurrence `ψ(x) = ψ(x + 1) - 1/x` up to `x ≥ 10`, then the asymptotic
    /// series `ψ(z) ~ log z - 1/(2z) - Σ B₂ₖ / (2k z²ᵏ)` (error below 1e-17 relative there);
    /// within 0.6 of ψ's positive zero x₀ ≈ 1.4616, where that difference of numbers near 2
    /// would lose the relative precision, the Taylor series at x₀ instead. For `x < 0` the
    /// reflection `ψ(x) = ψ(1 - x) - π cot(πx)`. Poles: `ψ(±0) = ∓∞` (the limit from that
    /// side), NaN at the negative integers (no limit), as in PyTorch and SciPy.
    static func digamma(_ x: Double) -> Double {
        if x.isNaN || x == -.infinity { return .nan }
        if x == .infinity { return .infinity }
        if x == 0 { return -1 / x }
        if x < 0 {
            if x == x.rounded(.down) { return .nan }
            return digamma(1 - x) - .pi * cotangentOfPiTimes(x)
        }
        let t = (x - digammaRoot.high) - digammaRoot.low   // x - high is exact here (Sterbenz)
        if Swift.abs(t) < 0.6 {
            var sum = 0.0
            for coefficient in digammaRootSeries.reversed() { sum = sum * t + coefficient }
            return sum * t
        }
        var z = x, shift = 0.0
        while z < 10 {
            shift += 1 / z
            z += 1
        }
        let inverse = 1 / z, s = inverse * inverse
        // Σ B₂ₖ/(2k z²ᵏ) for k = 1...7, by Horner in 1/z².
        let series = s * (1.0 / 12 - s * (1.0 / 120 - s * (1.0 / 252 - s * (1.0 / 240 - s * (1.0 / 132 - s * (691.0 / 32760 - s / 12))))))
        return (log(z) - 0.5 * inverse - series) - shift
    }

    /// The positive zero of ψ, 1.4616321449683623412626595423257213284681962..., as the
    /// Double nearest it plus the remainder.
    static let digammaRoot = (high: 1.4616321449683622, low: 9.549995429965697e-17)

    /// `ψ⁽ᵏ⁾(x₀)/k! = (-1)ᵏ⁺¹ ζ(k + 1, x₀)` for k = 1...48 at the zero `x₀` of ψ: the Taylor
    /// coefficients there (ψ(x₀) = 0), computed once from ``hurwitzZeta(_:_:)``. Within
    /// |x - x₀| < 0.6 the omitted terms are below 1e-17 relative (their ratio is at most 0.41).
    static let digammaRootSeries: [Double] = (1 ... 48).map { k in
        (k % 2 == 1 ? 1 : -1) * hurwitzZeta(k + 1, digammaRoot.high)
    }

    /// The polygamma function `ψ⁽ⁿ⁾(x) = dⁿ/dxⁿ ψ(x)` for `n ≥ 0` (`ψ⁽⁰⁾ = ψ`).
    ///
    /// For `x > 0`, through the Hurwitz zeta function:
    ///
    ///     ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ n! ζ(n + 1, x),   ζ(s, x) = Σₖ (x + k)⁻ˢ
    ///
    /// For `x < 0`, the reflection formula differentiated n times,
    /// `ψ⁽ⁿ⁾(x) = (-1)ⁿ ψ⁽ⁿ⁾(1 - x) - π dⁿ/dxⁿ cot(πx)`. At the poles (non-positive integers)
    /// odd orders give +∞ (the limit from both sides); even orders give the one-sided limit
    /// at ±0 and NaN at the negative integers. `n!` is a Double: beyond n = 170 values overflow.
    static func polygamma(_ n: Int, _ x: Double) -> Double {
        precondition(n >= 0, "polygamma: the order n must be non-negative, not \(n)")
        if n == 0 { return digamma(x) }
        let sign: Double = n % 2 == 1 ? 1 : -1   // (-1)ⁿ⁺¹
        if x.isNaN || x == -.infinity { return .nan }
        if x == .infinity { return sign * 0 }
        if x <= 0 && x == x.rounded(.down) {
            if x == 0 { return sign * factorial(n) / pow(x, Double(n + 1)) }
            return n % 2 == 1 ? .infinity : .nan
        }
        if x < 0 {
            let reflected = (n % 2 == 0 ? 1 : -1) * polygamma(n, 1 - x)
            return reflected - pow(.pi, Double(n + 1)) * cotangentDerivative(n, cotangentOfPiTimes(x))
        }
        return sign * factorial(n) * hurwitzZeta(n + 1, x)
    }

    /// `ζ(s, x) = Σₖ₌₀ (x + k)⁻ˢ` for an integer `s ≥ 2` and `x > 0`: terms summed directly
    /// until `x + N ≥ 20 + s`, then the Euler–Maclaurin tail
    ///
    ///     ζ(s, z) ~ z¹⁻ˢ/(s-1) + z⁻ˢ/2 + Σⱼ B₂ⱼ/(2j)! · s(s+1)⋯(s+2j-2) · z¹⁻ˢ⁻²ʲ
    ///
    /// with ten terms (the first omitted one is below 1e-20 relative there). The direct terms
    /// are positive (no cancellation) and added smallest first.
    static func hurwitzZeta(_ s: Int, _ x: Double) -> Double {
        let threshold = 20 + Double(s)
        let count = x >= threshold ? 0 : Int((threshold - x).rounded(.up))
        let z = x + Double(count)
        let inverse = 1 / z, inverseSquare = inverse * inverse
        let sd = Double(s)
        var rising = sd                  // s(s+1)⋯(s+2j-2)
        var power = inverseSquare        // z^(-2j); z^(1-s) is factored out
        var correction = 0.0
        for (j, coefficient) in bernoulliOverFactorial.enumerated() {
            correction += coefficient * rising * power
            let k = Double(j + 1)
            rising *= (sd + 2 * k - 1) * (sd + 2 * k)
            power *= inverseSquare
        }
        let tail = pow(z, 1 - sd) * (1 / (sd - 1) + 0.5 * inverse + correction)
        var sum = tail
        var k = count - 1
        while k >= 0 {
            sum += pow(x + Double(k), -sd)
            k -= 1
        }
        return sum
    }

    /// `B₂ⱼ / (2j)!` for j = 1...10.
    private static let bernoulliOverFactorial: [Double] = [
        (1.0 / 6) / 2,
        (-1.0 / 30) / 24,
        (1.0 / 42) / 720,
        (-1.0 / 30) / 40320,
        (5.0 / 66) / 3628800,
        (-691.0 / 2730) / 479001600,
        (7.0 / 6) / 87178291200,
        (-3617.0 / 510) / 20922789888000,
        (43867.0 / 798) / 6402373705728000,
        (-174611.0 / 330) / 2432902008176640000,
    ]

    /// `n!` as a Double (+∞ beyond 170).
    static func factorial(_ n: Int) -> Double {
        var result = 1.0
        var k = 2
        while k <= n && result.isFinite {
            result *= Double(k)
            k += 1
        }
        return result
    }

    /// `cot(πx)`, reducing `x` modulo 1 exactly first (so that large `x` keep their fraction),
    /// with `cos(πr) = sin(π(1/2 - |r|))` near the zeros of the cosine (`1/2 - |r|` is exact), so
    /// that cot keeps its relative precision near its zeros too.
    static func cotangentOfPiTimes(_ x: Double) -> Double {
        let r = x - x.rounded()   // exact, in [-0.5, 0.5]
        let cosine = Swift.abs(r) <= 0.25 ? cos(Double.pi * r) : sin(Double.pi * (0.5 - Swift.abs(r)))
        return cosine / sin(Double.pi * r)
    }

    /// `Pₙ(c)` where `dⁿ/dxⁿ cot(πx) = πⁿ Pₙ(cot πx)`: `P₀(c) = c`, `Pₖ₊₁(c) = -(1 + c²) Pₖ'(c)`.
    /// All terms share one sign for a given `c`, so the sum has no cancellation.
    static func cotangentDerivative(_ n: Int, _ c: Double) -> Double {
        var coefficients: [Double] = [0, 1]   // P₀ = c, coefficients by ascending power
        for _ in 0 ..< n {
            // P' then -(1 + c²) P'.
            let derivative = coefficients.indices.dropFirst().map { Double($0) * coefficients[$0] }
            var next = [Double](repeating: 0, count: derivative.count + 2)
            for (i, d) in derivative.enumerated() {
                next[i] -= d
                next[i + 2] -= d
            }
            coefficients = next
        }
        var value = 0.0
        for coefficient in coefficients.reversed() { value = value * c + coefficient }
        return value
    }

    // MARK: - Activations

    /// `log(1 + eˣ)` without overflow or loss: `max(x, 0) + log1p(e^(-|x|))`.
    static func softplus(_ x: Double) -> Double {
        Swift.max(x, 0) + log1p(exp(-Swift.abs(x)))
    }

    /// `log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^(-|x|))`, without overflow or loss.
    static func logSigmoid(_ x: Double) -> Double {
        Swift.min(x, 0) - log1p(exp(-Swift.abs(x)))
    }

    /// `x Φ(x)`, the exact GELU, with ``normalCDF(_:)``.
    static func gelu(_ x: Double) -> Double { x * normalCDF(x) }

    /// The standard normal distribution function `Φ(x) = erfc(-x/√2)/2`: the complement keeps
    /// Φ's relative precision for negative x, where `(1 + erf(x/√2))/2` cancels. `erfc(z)` has
    /// relative condition number about `2z²`, so the rounding of `z = -x/√2` itself would cost
    /// up to 100 ulps at x = -10: `z` is carried as a double-double (an exact product by fma)
    /// and the remainder corrects `erfc` to first order, `erfc(z + δ) ≈ erfc(z) - δ·2/√π e^(-z²)`.
    static func normalCDF(_ x: Double) -> Double {
        let c = 0.70710678118654757, cLow = -4.833646656726457e-17   // 1/√2 = c + cLow
        let product = x * c
        let z = -product, zLow = -((-product).addingProduct(x, c) + x * cLow)
        return 0.5 * (erfc(z) - zLow * twoOverSqrtPi * exp(-z * z))
    }
}

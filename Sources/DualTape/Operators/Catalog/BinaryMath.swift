#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Broadcasting elementwise functions of two arrays beyond arithmetic: angles, lengths,
/// remainders, stable log-sum of two, `x·log y`, sign transfer and squared differences.
/// Each states its value and its two partial derivatives once (``BinaryElementwiseOperator``).
///
/// Goals, in order: right derivatives with a stated value wherever a partial is undefined
/// (no NaN from `0·∞` or `0/0` in either mode or order), then stable values (logaddexp never
/// overflows), then speed (the fused one-pass rules of the refinement).

/// `atan2(a, b)`: the angle of the point `(b, a)`, in `[-π, π]`.
///
///     ∂y/∂a = b / (a² + b²),  ∂y/∂b = -a / (a² + b²)
///
/// At the origin the angle is not continuous and both partials are NaN (`0/0`), as in
/// PyTorch and JAX; the samplers keep `b > 0`, away from the origin and from the jump of
/// 2π across the negative `b` axis.
public struct Arctan2: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "arctan2", its catalog and expression-language name.
    public var name: String { "arctan2" }
    /// `a` from the reals, `b > 0` (away from the branch cut at a = 0, b < 0); NaN partials at the origin.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .positive],
                     note: "jumps by 2π across a = 0, b < 0; partials NaN (0/0) at the origin, as in PyTorch and JAX; sampled with b > 0")
    }
    /// The C library's `atan2(a, b)` in Double, rounded once.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { T(libmAtan2(Double(a), Double(b))) }
    /// ∂y/∂a = b / (a² + b²).
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { b / (a * a + b * b) }
    /// ∂y/∂b = -a / (a² + b²).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { -a / (a * a + b * b) }
}

/// `√(a² + b²)` without overflow or underflow (C's `hypot`). At `a = b = 0` both partials
/// are 0 (a valid subgradient, as JAX's `hypot` gives; PyTorch gives NaN from `0/0`).
///
///     ∂y/∂a = a / y,  ∂y/∂b = b / y      (0 where y = 0)
public struct Hypot: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "hypot", its catalog and expression-language name.
    public var name: String { "hypot" }
    /// A kink at the origin, where both partials are 0 (PyTorch gives NaN).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "a = b = 0", returns: "0 for both partials (subgradient: any (u, v) with u² + v² ≤ 1); PyTorch: NaN", points: [0])])
    }
    /// The C library's `hypot(a, b)` in Double (no overflow or underflow), rounded once.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { T(libmHypot(Double(a), Double(b))) }
    /// ∂y/∂a = a / y.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { Norm.weight(x: a, y: y) }
    /// ∂y/∂b = b / y (0 where y = 0).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { Norm.weight(x: b, y: y) }
}

/// C's `fmod`: the remainder of truncated division, `a - b·trunc(a/b)`, with the dividend's
/// sign (`fmod(-7, 3) = -1`), computed exactly.
///
///     ∂y/∂a = 1,  ∂y/∂b = -trunc(a/b)
///
/// The result jumps by `|b|` where `a/b` is a non-zero integer; there the partials are those
/// of the piece the point belongs to (`∂y/∂b = -a/b`, the quotient itself), as in PyTorch
/// (`-self.div(other, rounding_mode="trunc")`). The samplers keep `a/b` in `(1, 2)`.
public struct Fmod: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "fmod", its catalog and expression-language name.
    public var name: String { "fmod" }
    /// `a/b` sampled in [1.1, 1.87] away from the jumps at the integers, where the partials are the note's.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(2.2, 2.8), .interval(1.5, 2)], derivative: .piecewise,
                     kinks: [Kink(at: "a/b a non-zero integer (the value jumps by |b|)", returns: "∂/∂a = 1, ∂/∂b = -a/b (the quotient at the point, as PyTorch)")],
                     note: "sampled with a/b in (1.1, 1.87), between the jumps; b = 0 gives NaN")
    }
    /// `a - b·trunc(a/b)`, exact (Swift's `truncatingRemainder`), with `a`'s sign.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { a.truncatingRemainder(dividingBy: b) }
    /// ∂y/∂a = 1.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(1, like: a) }
    /// ∂y/∂b = -trunc(a/b).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T {
        // trunc(a/b) = sign(a)·sign(b)·⌊|a| / |b|⌋, a zero-derivative expression.
        -(T.sign(a) * T.sign(b) * T.floorDivide(T.abs(a), T.abs(b)))
    }
}

/// NumPy's `mod` (`remainder`, Python's `%` on floats): `a - b·⌊a/b⌋`, with the divisor's
/// sign (`mod(-7, 3) = 2`).
///
///     ∂y/∂a = 1,  ∂y/∂b = -⌊a/b⌋
///
/// The result jumps by `|b|` where `a/b` is an integer; there the partials are those of the
/// piece the point belongs to (`∂y/∂b = -a/b`), as in PyTorch
/// (`-self.div(other, rounding_mode="floor")`). The samplers keep `a/b` in `(1, 2)`.
public struct Mod: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "mod", its catalog and expression-language name.
    public var name: String { "mod" }
    /// `a/b` sampled away from the jumps at the integers, where the partials are the note's.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(2.2, 2.8), .interval(1.5, 2)], derivative: .piecewise,
                     kinks: [Kink(at: "a/b an integer (the value jumps by |b|)", returns: "∂/∂a = 1, ∂/∂b = -a/b (the quotient at the point, as PyTorch)")],
                     note: "sampled with a/b in (1.1, 1.87), between the jumps; b = 0 gives NaN")
    }
    /// `a - b·⌊a/b⌋`, with `b`'s sign (Python's `%`).
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { DivMod.floored(a, b).remainder }
    /// ∂y/∂a = 1.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(1, like: a) }
    /// ∂y/∂b = -⌊a/b⌋.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { -T.floorDivide(a, b) }
}

/// NumPy's `floor_divide` (Python's `//` on floats): `⌊a/b⌋`, snapped so that
/// `a = b·floor_divide(a, b) + mod(a, b)` as closely as rounding allows. Piecewise constant:
/// zero derivative.
public struct FloorDivide: BinaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "floor_divide", its catalog and expression-language name.
    public var name: String { "floor_divide" }
    /// `b` away from 0; zero derivative (the quotient is piecewise constant).
    public var info: OperatorInfo { OperatorInfo(domains: [.real, .nonzero], derivative: .zero) }
    /// `⌊a/b⌋`, snapped so that `b·q + mod(a, b) = a` as closely as rounding allows.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { DivMod.floored(a, b).quotient }
    /// 0: the quotient is piecewise constant in `a`.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(0, like: y) }
    /// 0: the quotient is piecewise constant in `b`.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(0, like: y) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil` for both inputs: nothing flows back through a floor.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil, nil] }
}

/// `log(eᵃ + eᵇ)`, stable for any inputs: `max(a, b) + log1p(e^-|a-b|)`, so 1000 and 1000
/// give `1000 + log 2` and `-∞` is an identity (`logaddexp(-∞, b) = b`).
///
///     ∂y/∂a = eᵃ⁻ʸ = σ(a - b),  ∂y/∂b = σ(b - a)
///
/// Written with the logistic function so that infinite inputs give 0 or 1, not `∞ - ∞`;
/// where `a = b = ±∞` (NaN difference) each side gets ½, the limit along `a = b` (PyTorch
/// gives NaN there).
public struct LogAddExp: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "logaddexp", its catalog and expression-language name.
    public var name: String { "logaddexp" }
    /// Stable everywhere; ½ to each side where a = b = ±∞ (PyTorch gives NaN).
    public var info: OperatorInfo { OperatorInfo(note: "∂/∂a = σ(a - b); 1/2 each where a = b = ±inf (PyTorch: NaN)") }
    /// `max(a, b) + log1p(e^(-|a - b|))`, in the element type.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T {
        if a == b { return a + T(0.693_147_180_559_945_309_417_232_121_458) }   // also ±∞
        let m = Swift.max(a, b), gap = -Swift.abs(a - b)
        return T(Double(m) + libmLog1p(Glibc_exp(Double(gap))))
    }
    /// ∂y/∂a = eᵃ⁻ʸ = σ(a - b).
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.sigmoid(Self.finiteDifference(a, b)) }
    /// ∂y/∂b = σ(b - a).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.sigmoid(Self.finiteDifference(b, a)) }

    /// `a - b`, 0 where `a = b = ±∞` (where the difference is NaN but the inputs are equal).
    static func finiteDifference<T: ElementaryMath>(_ a: T, _ b: T) -> T {
        let d = a - b
        let infiniteTie = T.compare(a, .equal, b) * T.compare(d, .notEqual, d)
        return T.select(infiniteTie, T.constant(0, like: d), d)
    }
}

/// `x·log y`, 0 where `x = 0` (unless `y` is NaN), as PyTorch's `xlogy` and SciPy's.
///
///     ∂y/∂x = log y,  ∂y/∂y = x / y
///
/// At `x = 0, y ≤ 0` the function is not differentiable in `x` (`x·log 0 = -∞·x`); there
/// `∂/∂x` is 0, the derivative along the line `x = 0`, as PyTorch returns. Where `x = y = 0`,
/// `∂/∂y` is 0 (`xlogy(0, y) = 0` for every `y`; PyTorch gives NaN from `0/0`).
public struct XLogY: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "xlogy", its catalog and expression-language name.
    public var name: String { "xlogy" }
    /// `x` from the reals, `y > 0`; the note gives the conventions at x = 0.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .positive],
                     note: "0 where x = 0; at x = 0, y <= 0: d/dx = 0 (as PyTorch); at x = y = 0: d/dy = 0 (PyTorch: NaN)")
    }
    /// `x·log y`, and 0 where x = 0 unless y is NaN.
    public func value<T: NDScalar>(_ x: T, _ y: T) -> T { x == 0 && !y.isNaN ? 0 : x * T.log(y) }
    /// `log y`, and 0 where x = 0 and y ≤ 0 (as PyTorch).
    public func partialA<T: ElementaryMath>(a x: T, b y: T, y _: T) -> T {
        let zero = T.constant(0, like: x)
        let undefined = T.compare(x, .equal, zero) * T.compare(y, .lessOrEqual, zero)
        // Take the log of 1 where the partial is set to 0: no -∞ or NaN in either branch.
        return T.select(undefined, zero, T.log(T.select(undefined, T.constant(1, like: y), y)))
    }
    /// `x / y`, and 0 at x = y = 0 (PyTorch gives NaN).
    public func partialB<T: ElementaryMath>(a x: T, b y: T, y _: T) -> T {
        let zero = T.constant(0, like: x)
        let origin = T.compare(x, .equal, zero) * T.compare(y, .equal, zero)
        return T.select(origin, zero, x / (y + origin))
    }
}

/// C's `copysign`: the magnitude of `a` with the sign of `b` (its sign bit: `-0` counts as
/// negative).
///
///     ∂y/∂a = sign(a)·sign(y) = ±1,  ∂y/∂b = 0
///
/// At `a = 0` (where `|a|` has its kink) `∂/∂a` is 0, as PyTorch returns. In `b` the value
/// jumps at 0; the samplers keep `b ≠ 0`.
public struct CopySign: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "copysign", its catalog and expression-language name.
    public var name: String { "copysign" }
    /// `b` away from 0 (the value jumps where b changes sign); a kink at a = 0, where ∂y/∂a is 0.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .nonzero], derivative: .piecewise,
                     kinks: [Kink(at: "a = 0", returns: "0 (as PyTorch)", points: [0])],
                     note: "∂/∂b = 0; the value jumps where b changes sign (sampled with b ≠ 0)")
    }
    /// `|a|` with `b`'s sign bit.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { T(signOf: b, magnitudeOf: a) }
    /// ∂y/∂a = sign(a)·sign(y) = ±1.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.sign(a) * T.sign(y) }
    /// ∂y/∂b = 0.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(0, like: y) }
}

/// `(a - b)²` (MXNet's `squared_difference`).
///
///     ∂y/∂a = 2(a - b),  ∂y/∂b = -2(a - b)
public struct SquaredDifference: BinaryElementwiseOperator {
    /// The operator; it has no attributes.
    public init() {}
    /// "squared_difference", its catalog and expression-language name.
    public var name: String { "squared_difference" }
    /// `(a - b)²`, in the element type.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { (a - b) * (a - b) }
    /// ∂y/∂a = 2(a - b).
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { 2 * (a - b) }
    /// ∂y/∂b = -2(a - b).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { -2 * (a - b) }
}

// MARK: - Scalar kernels and ElementaryMath

// The C functions under names that the NDArray functions below do not shadow.
@usableFromInline func libmAtan2(_ a: Double, _ b: Double) -> Double { atan2(a, b) }
@usableFromInline func libmLog1p(_ x: Double) -> Double { log1p(x) }
#if canImport(Glibc)
@usableFromInline func libmHypot(_ a: Double, _ b: Double) -> Double { Glibc.hypot(a, b) }
#else
@usableFromInline func libmHypot(_ a: Double, _ b: Double) -> Double { Darwin.hypot(a, b) }
#endif

extension NDScalar {
    /// `⌊a / b⌋` as NumPy's `floor_divide` computes it (see ``FloorDivide``): the floor of the
    /// quotient, snapped so that `a = b·floorDivide(a, b) + remainder` as closely as rounding allows.
    ///
    /// - Parameters:
    ///   - a: The dividend.
    ///   - b: The divisor (0 gives `±∞` or NaN, as `a / 0`).
    /// - Returns: `⌊a / b⌋`, with the sign rules of NumPy's `floor_divide`.
    @inlinable public static func floorDivide(_ a: Self, _ b: Self) -> Self { DivMod.floored(a, b).quotient }
}

extension NDArray {
    /// `⌊a / b⌋` elementwise with broadcasting, as NumPy's `floor_divide` (zero derivative).
    ///
    /// - Parameters:
    ///   - a: The dividends.
    ///   - b: The divisors, of `a`'s dtype and a shape that broadcasts with `a`'s.
    /// - Returns: The quotients, of the broadcast shape.
    public static func floorDivide(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(FloorDivide(), a, b) }
}

// MARK: - Swift API

/// The angle of the point `(b, a)` elementwise, in `[-π, π]` (NumPy's `arctan2`, PyTorch's `atan2`).
///
///     arctan2(a, b) = atan2(a, b)
///     ∂/∂a = b / (a² + b²),  ∂/∂b = -a / (a² + b²)      (NaN at the origin, as PyTorch and JAX)
///
/// - Parameters:
///   - a: The `y` coordinates (the numerator of `a/b`).
///   - b: The `x` coordinates, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: The angles in radians, of the broadcast shape.
public func arctan2(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Arctan2(), a, b) }

/// `√(a² + b²)` elementwise, without overflow or underflow (C's `hypot`).
///
///     ∂/∂a = a / y,  ∂/∂b = b / y      (0 at a = b = 0, as JAX)
///
/// - Parameters:
///   - a: The first legs.
///   - b: The second legs, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: The lengths, of the broadcast shape.
public func hypot(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Hypot(), a, b) }

/// The remainder of truncated division elementwise, with the dividend's sign (C's `fmod`).
///
///     fmod(-7, 3) = -1,  fmod(7, -3) = 1
///     ∂/∂a = 1,  ∂/∂b = -trunc(a/b)
///
/// - Parameters:
///   - a: The dividends.
///   - b: The divisors, of `a`'s dtype and a shape that broadcasts with `a`'s (0 gives NaN).
/// - Returns: The remainders, exact, of the broadcast shape.
public func fmod(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Fmod(), a, b) }

/// The remainder of floored division elementwise, with the divisor's sign (NumPy's `mod`
/// and `remainder`, Python's `%`).
///
///     mod(-7, 3) = 2,  mod(7, -3) = -2
///     ∂/∂a = 1,  ∂/∂b = -⌊a/b⌋
///
/// - Parameters:
///   - a: The dividends.
///   - b: The divisors, of `a`'s dtype and a shape that broadcasts with `a`'s (0 gives NaN).
/// - Returns: The remainders, of the broadcast shape.
public func mod(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Mod(), a, b) }

/// `⌊a / b⌋` elementwise (NumPy's `floor_divide`, Python's `//`); zero derivative.
///
/// - Parameters:
///   - a: The dividends.
///   - b: The divisors, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: The quotients, of the broadcast shape, with `a = b·floorDivide(a, b) + mod(a, b)`
///   as closely as rounding allows.
public func floorDivide(_ a: NDArray, _ b: NDArray) -> NDArray { .floorDivide(a, b) }

/// `log(eᵃ + eᵇ)` elementwise, stable for large and infinite inputs.
///
///     logaddexp(1000, 1000) = 1000 + log 2,  logaddexp(-∞, b) = b
///     ∂/∂a = σ(a - b),  ∂/∂b = σ(b - a)      (½ each where a = b = ±∞)
///
/// - Parameters:
///   - a: The first exponents.
///   - b: The second exponents, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: An array of the broadcast shape.
public func logaddexp(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(LogAddExp(), a, b) }

/// `x·log y` elementwise, 0 where `x = 0` (PyTorch's `xlogy`): the terms of an entropy or
/// a cross-entropy without `0·(-∞)`.
///
///     ∂/∂x = log y,  ∂/∂y = x / y      (0 at x = 0, y ≤ 0 and at x = y = 0 respectively)
///
/// - Parameters:
///   - x: The factors (probabilities, in an entropy).
///   - y: The arguments of the logarithm, of `x`'s dtype and a shape that broadcasts with
///     `x`'s (NaN where `y < 0` and `x ≠ 0`).
/// - Returns: An array of the broadcast shape.
public func xlogy(_ x: NDArray, _ y: NDArray) -> NDArray { dispatch(XLogY(), x, y) }

/// The magnitude of `a` with the sign of `b`, elementwise (C's `copysign`; `-0` counts as negative).
///
///     ∂/∂a = sign(a)·sign(y),  ∂/∂b = 0      (∂/∂a = 0 at a = 0)
///
/// - Parameters:
///   - a: The magnitudes.
///   - b: The signs, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: An array of the broadcast shape.
public func copysign(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(CopySign(), a, b) }

/// `(a - b)²` elementwise (MXNet's `squared_difference`).
///
///     ∂/∂a = 2(a - b),  ∂/∂b = -2(a - b)
///
/// - Parameters:
///   - a: The first array.
///   - b: The second array, of `a`'s dtype and a shape that broadcasts with `a`'s.
/// - Returns: An array of the broadcast shape.
public func squaredDifference(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(SquaredDifference(), a, b) }

// MARK: - Catalog

extension OperatorCatalog {
    /// The broadcasting elementwise functions of this file.
    static let binaryMath: [CatalogEntry] = [
        .binary(Arctan2(), "angle of the point (b, a)", aliases: ["atan2"], shapes: [[[2, 3], [3]], [[2, 1], [1, 3]]]),
        .binary(Hypot(), "√(a² + b²) without overflow", shapes: [[[2, 3], [3]], [[], [4]]]),
        remainderEntry(Fmod(), "remainder of truncated division, the dividend's sign (C fmod)", aliases: []),
        remainderEntry(Mod(), "remainder of floored division, the divisor's sign (Python %)", aliases: ["remainder"]),
        .binary(FloorDivide(), "⌊a / b⌋ (Python //), zero derivative", shapes: [[[2, 3], [3]]]),
        .binary(LogAddExp(), "log(eᵃ + eᵇ), stable", shapes: [[[2, 3], [3]], [[2, 1], [1, 3]]]),
        .binary(XLogY(), "x·log y, 0 where x = 0", shapes: [[[2, 3], [3]], [[3], [2, 1]]]),
        .binary(CopySign(), "|a| with the sign of b", shapes: [[[2, 3], [3]]]),
        .binary(SquaredDifference(), "(a - b)²", shapes: [[[2, 3], [3]], [[2, 1], [1, 3]]]),
    ]

    /// `fmod` or `mod`: cases in the operator's domains, and cases with every sign of dividend
    /// and divisor (still between the jumps), so calls by name cover the sign conventions.
    private static func remainderEntry(_ op: some BinaryElementwiseOperator, _ summary: String, aliases: [String]) -> CatalogEntry {
        let signature = CallSignature.binary(op, summary: summary)
        let cases = [
            CatalogCase(op, [[2, 3], [3]]),
            CatalogCase(op, [[2, 3], [3]], domains: [.interval(-2.8, -2.2), .interval(1.5, 2)]),
            CatalogCase(op, [[2, 1], [1, 3]], domains: [.interval(2.2, 2.8), .interval(-2, -1.5)]),
            CatalogCase(op, [[3], [2, 1]], domains: [.interval(-2.8, -2.2), .interval(-2, -1.5)]),
        ]
        return CatalogEntry(name: op.name, summary: summary, family: .binary, cases: cases,
                            signatures: [signature] + aliases.map(signature.renamed))
    }
}

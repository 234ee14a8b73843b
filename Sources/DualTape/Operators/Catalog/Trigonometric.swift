#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hyperbolic functions and the inverse trigonometric and hyperbolic functions (sin, cos,
/// tan and tanh are in the first unary family). Each states its value and its local
/// derivative once; ``UnaryElementwiseOperator`` derives both rules. The inverse functions
/// whose domain is an open interval are sampled inside it, away from the ends where their
/// derivatives are infinite. Values of `Float` inputs are computed in `Double` and rounded once.

/// Hyperbolic sine.
///
///     d/dx sinh x = cosh x
public struct Sinh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `sinh(x)` applies it.
    public init() {}
    /// "sinh", its catalog and expression-language name.
    public var name: String { "sinh" }
    /// Sampled on [-20, 20].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-20, 20)]) }
    /// `sinh x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.sinh(x) }
    /// cosh x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.cosh(x) }
}

/// Hyperbolic cosine.
///
///     d/dx cosh x = sinh x
public struct Cosh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `cosh(x)` applies it.
    public init() {}
    /// "cosh", its catalog and expression-language name.
    public var name: String { "cosh" }
    /// Sampled on [-20, 20].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-20, 20)]) }
    /// `cosh x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.cosh(x) }
    /// sinh x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.sinh(x) }
}

/// Inverse sine, for `-1 ≤ x ≤ 1`.
///
///     d/dx arcsin x = 1 / √(1 - x²)
///
/// with `1 - x²` from `oneMinusSquare(_:)`: its value is `(1 - x)(1 + x)` (accurate near ±1)
/// and its derivative `-2x`, so the second derivative is `+∞`/`-∞` at ±1 by every route.
public struct Arcsin: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arcsin(x)` applies it.
    public init() {}
    /// "arcsin", its catalog and expression-language name.
    public var name: String { "arcsin" }
    /// Sampled on [-0.9, 0.9]; NaN outside [-1, 1], derivative +∞ at ±1.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(-0.9, 0.9)],
                     note: "defined on [-1, 1], NaN outside; the derivative is +inf at ±1 (sampled on [-0.9, 0.9])")
    }
    /// `arcsin x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(asin(Double(x))) }
    /// 1 / √(1 - x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / T.sqrt(oneMinusSquare(x)) }
}

/// Inverse cosine, for `-1 ≤ x ≤ 1`.
///
///     d/dx arccos x = -1 / √(1 - x²)
///
/// (`1 - x²` from `oneMinusSquare(_:)`, as in ``Arcsin``).
public struct Arccos: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arccos(x)` applies it.
    public init() {}
    /// "arccos", its catalog and expression-language name.
    public var name: String { "arccos" }
    /// Sampled on [-0.9, 0.9]; NaN outside [-1, 1], derivative -∞ at ±1.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(-0.9, 0.9)],
                     note: "defined on [-1, 1], NaN outside; the derivative is -inf at ±1 (sampled on [-0.9, 0.9])")
    }
    /// `arccos x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(acos(Double(x))) }
    /// -1 / √(1 - x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { -1 / T.sqrt(oneMinusSquare(x)) }
}

/// Inverse tangent.
///
///     d/dx arctan x = 1 / (1 + x²)
public struct Arctan: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arctan(x)` applies it.
    public init() {}
    /// "arctan", its catalog and expression-language name.
    public var name: String { "arctan" }
    /// `arctan x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(atan(Double(x))) }
    /// 1 / (1 + x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / (1 + x * x) }
}

/// Inverse hyperbolic sine.
///
///     d/dx arcsinh x = 1 / √(x² + 1)
public struct Arcsinh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arcsinh(x)` applies it.
    public init() {}
    /// "arcsinh", its catalog and expression-language name.
    public var name: String { "arcsinh" }
    /// `arcsinh x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(asinh(Double(x))) }
    /// 1 / √(x² + 1).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / T.sqrt(x * x + 1) }
}

/// Inverse hyperbolic cosine, for `x ≥ 1`.
///
///     d/dx arccosh x = 1 / √(x² - 1) = (1 / √(x - 1)) / √(x + 1)
///
/// The factored form keeps `x² - 1` accurate near 1 and does not overflow for large x. It
/// divides instead of multiplying the square roots: the second derivative's two terms,
/// `-½(x - 1)^(-3/2) / √(x + 1)` and `-½(x + 1)^(-3/2) / √(x - 1)`, are then both `-∞` at 1 in
/// every mode, where the product `√(x - 1) · √(x + 1)` gave reverse over reverse `∞ · 0` (NaN).
public struct Arccosh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arccosh(x)` applies it.
    public init() {}
    /// "arccosh", its catalog and expression-language name.
    public var name: String { "arccosh" }
    /// Sampled on [1.0625, 20]; NaN below 1, derivative +∞ at 1.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(1.0625, 20)],
                     note: "defined for x >= 1, NaN below; the derivative is +inf at 1 (sampled on [1.0625, 20], ends exact in Float32)")
    }
    /// `arccosh x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(acosh(Double(x))) }
    /// 1 / √(x² - 1) = (1 / √(x - 1)) / √(x + 1).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / T.sqrt(x - 1) / T.sqrt(x + 1) }
}

/// Inverse hyperbolic tangent, for `-1 < x < 1`.
///
///     d/dx arctanh x = 1 / (1 - x²)
///
/// (`1 - x²` from `oneMinusSquare(_:)`, as in ``Arcsin``).
public struct Arctanh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `arctanh(x)` applies it.
    public init() {}
    /// "arctanh", its catalog and expression-language name.
    public var name: String { "arctanh" }
    /// Sampled on [-0.9, 0.9]; ±∞ at ±1 with derivative +∞, NaN outside.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(-0.9, 0.9)],
                     note: "defined on (-1, 1): ±inf at ±1 with derivative +inf, NaN outside (sampled on [-0.9, 0.9])")
    }
    /// `arctanh x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(atanh(Double(x))) }
    /// 1 / (1 - x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / oneMinusSquare(x) }
}

/// `1 - x²` for the derivatives of arcsin, arccos and arctanh: the value of `(1 - x)(1 + x)`,
/// accurate to an ulp or two near ±1 where `1 - x·x` loses the digits of `x·x`'s rounding,
/// with the derivative of `1 - x·x`:
///
///     stopGradient((1 - x)(1 + x)) + (q - stopGradient(q)),   q = 1 - x·x
///
/// (`q - q` is exactly 0, so the value is the product's to the last bit). A second derivative
/// differentiates `1 - x·x`, whose one term `-2x` is finite and non-zero at ±1, where the
/// derivative of the rule above it is infinite. Differentiating the product instead sends that
/// infinite cotangent to each factor times the other, and the other is `1 - x = 0` at 1 (or
/// `1 + x = 0` at -1): `∞ · 0`, NaN, in reverse over reverse. Forward mode never formed it
/// (it adds `-(1 + x) + (1 - x)` first), so the two routes disagreed.
func oneMinusSquare<T: ElementaryMath>(_ x: T) -> T {
    let q = 1 - x * x
    return T.stopGradient((1 - x) * (1 + x)) + (q - T.stopGradient(q))
}

// MARK: - Swift API

extension NDArray {
    /// Hyperbolic sine elementwise.
    ///
    ///     d/dx sinh x = cosh x
    ///
    /// - Parameter x: An array of any shape and dtype.
    /// - Returns: An array of `x`'s shape and dtype (±∞ beyond about ±710 in float64).
    public static func sinh(_ x: NDArray) -> NDArray { dispatch(Sinh(), x) }
    /// Hyperbolic cosine elementwise.
    ///
    ///     d/dx cosh x = sinh x
    ///
    /// - Parameter x: An array of any shape and dtype.
    /// - Returns: An array of `x`'s shape and dtype, at least 1.
    public static func cosh(_ x: NDArray) -> NDArray { dispatch(Cosh(), x) }
}

/// Hyperbolic sine elementwise.
///
///     d/dx sinh x = cosh x
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func sinh(_ x: NDArray) -> NDArray { .sinh(x) }
/// Hyperbolic cosine elementwise.
///
///     d/dx cosh x = sinh x
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, at least 1.
public func cosh(_ x: NDArray) -> NDArray { .cosh(x) }
/// Inverse sine elementwise (NaN outside [-1, 1]).
///
///     d/dx arcsin x = 1 / √(1 - x²)      (+∞ at ±1)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `[-π/2, π/2]`.
public func arcsin(_ x: NDArray) -> NDArray { dispatch(Arcsin(), x) }
/// Inverse cosine elementwise (NaN outside [-1, 1]).
///
///     d/dx arccos x = -1 / √(1 - x²)      (-∞ at ±1)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `[0, π]`.
public func arccos(_ x: NDArray) -> NDArray { dispatch(Arccos(), x) }
/// Inverse tangent elementwise.
///
///     d/dx arctan x = 1 / (1 + x²)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `[-π/2, π/2]`.
public func arctan(_ x: NDArray) -> NDArray { dispatch(Arctan(), x) }
/// Inverse hyperbolic sine elementwise.
///
///     d/dx arcsinh x = 1 / √(x² + 1)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func arcsinh(_ x: NDArray) -> NDArray { dispatch(Arcsinh(), x) }
/// Inverse hyperbolic cosine elementwise (NaN below 1).
///
///     d/dx arccosh x = 1 / √(x² - 1)      (+∞ at 1)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, nonnegative.
public func arccosh(_ x: NDArray) -> NDArray { dispatch(Arccosh(), x) }
/// Inverse hyperbolic tangent elementwise (±inf at ±1, NaN outside [-1, 1]).
///
///     d/dx arctanh x = 1 / (1 - x²)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func arctanh(_ x: NDArray) -> NDArray { dispatch(Arctanh(), x) }

// MARK: - Catalog

extension OperatorCatalog {
    /// Hyperbolic functions and the inverse trigonometric and hyperbolic functions.
    static let trigonometric: [CatalogEntry] = [
        .unary(Sinh(), "hyperbolic sine"),
        .unary(Cosh(), "hyperbolic cosine"),
        .unary(Arcsin(), "inverse sine, on [-1, 1]"),
        .unary(Arccos(), "inverse cosine, on [-1, 1]"),
        .unary(Arctan(), "inverse tangent"),
        .unary(Arcsinh(), "inverse hyperbolic sine"),
        .unary(Arccosh(), "inverse cosh, for x >= 1"),
        .unary(Arctanh(), "inverse tanh, on (-1, 1)"),
    ]
}

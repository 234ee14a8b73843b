#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exponentials, logarithms and powers of one input beyond `exp`, `log` and `sqrt`: the
/// accurate forms near 0 (`log1p`, `expm1`), other bases, roots and reciprocals. Each states
/// its value and its local derivative once; ``UnaryElementwiseOperator`` derives both rules.
/// Values of `Float` inputs are computed in `Double` and rounded once.

/// `log(1 + x)`, accurate for small `|x|` (where `log(1 + x)` would round `1 + x` first).
///
///     d/dx log1p(x) = 1 / (1 + x)
public struct Log1p: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `log1p(x)` applies it.
    public init() {}
    /// "log1p", its catalog and expression-language name.
    public var name: String { "log1p" }
    /// Sampled on [-0.9, 4]; defined for x > -1, -∞ at -1.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(-0.9, 4)], note: "defined for x > -1 (sampled on [-0.9, 4]); -inf at -1")
    }
    /// `log(1 + x)` in Double (the C library's `log1p`), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(log1p(Double(x))) }
    /// 1 / (1 + x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / (1 + x) }
}

/// `eˣ - 1`, accurate for small `|x|` (where `exp(x) - 1` would cancel).
///
///     d/dx expm1(x) = eˣ
///
/// (`eˣ`, not `y + 1`: for very negative x, `y + 1` would cancel.)
public struct Expm1: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `expm1(x)` applies it.
    public init() {}
    /// "expm1", its catalog and expression-language name.
    public var name: String { "expm1" }
    /// False: `eˣ` is faster as a vectorized pass than in the fused loop.
    public var fusesDerivative: Bool { false }   // exp(x) is faster vectorized
    /// Sampled on [-20, 20].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-20, 20)]) }
    /// `eˣ - 1` in Double (the C library's `expm1`), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(expm1(Double(x))) }
    /// eˣ.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.exp(x) }
}

/// Base-2 logarithm.
///
///     d/dx log₂ x = 1 / (x ln 2)
public struct Log2: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `log2(x)` applies it.
    public init() {}
    /// "log2", its catalog and expression-language name.
    public var name: String { "log2" }
    /// Sampled on `x > 0`.
    public var info: OperatorInfo { OperatorInfo(domains: [.positive]) }
    /// `log₂ x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(log2(Double(x))) }
    /// 1 / (x ln 2).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1.4426950408889634074 / x }   // log₂ e / x
}

/// Base-10 logarithm.
///
///     d/dx log₁₀ x = 1 / (x ln 10)
public struct Log10: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `log10(x)` applies it.
    public init() {}
    /// "log10", its catalog and expression-language name.
    public var name: String { "log10" }
    /// Sampled on `x > 0`.
    public var info: OperatorInfo { OperatorInfo(domains: [.positive]) }
    /// `log₁₀ x` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(log10(Double(x))) }
    /// 1 / (x ln 10).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 0.43429448190325182765 / x }   // log₁₀ e / x
}

/// `2ˣ`.
///
///     d/dx 2ˣ = 2ˣ ln 2 = y ln 2
public struct Exp2: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `exp2(x)` applies it.
    public init() {}
    /// "exp2", its catalog and expression-language name.
    public var name: String { "exp2" }
    /// Sampled on [-20, 20].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-20, 20)]) }
    /// `2ˣ` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(exp2(Double(x))) }
    /// 2ˣ ln 2 = y ln 2.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { y * 0.69314718055994530942 }
}

/// The real cube root (negative for negative x).
///
///     d/dx ∛x = 1 / (3 ∛x²) = 1 / (3y²)
public struct Cbrt: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `cbrt(x)` applies it.
    public init() {}
    /// "cbrt", its catalog and expression-language name.
    public var name: String { "cbrt" }
    /// Sampled on `x ≠ 0`; the derivative at 0 is +∞, as in MXNet and JAX.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.nonzero],
                     note: "defined for all x; the derivative at 0 is +inf (1/(3·0²)), as in MXNet's cbrt and JAX's cbrt")
    }
    /// `∛x` in Double (the C library's `cbrt`), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(cbrt(Double(x))) }
    /// 1 / (3 ∛x²) = 1 / (3y²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / (3 * (y * y)) }
}

/// `1/x`.
///
///     d/dx (1/x) = -1/x² = -y²
public struct Reciprocal: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `reciprocal(x)` applies it.
    public init() {}
    /// "reciprocal", its catalog and expression-language name.
    public var name: String { "reciprocal" }
    /// Sampled on `x ≠ 0`; ±∞ at ±0, with derivative -∞.
    public var info: OperatorInfo { OperatorInfo(domains: [.nonzero], note: "±inf at ±0, with derivative -inf") }
    /// `1 / x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { 1 / x }
    /// -1/x² = -y².
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { -(y * y) }
}

/// `1/√x`.
///
///     d/dx x^(-1/2) = -x^(-3/2) / 2 = -y³/2
public struct Rsqrt: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `rsqrt(x)` applies it.
    public init() {}
    /// "rsqrt", its catalog and expression-language name.
    public var name: String { "rsqrt" }
    /// Sampled on `x > 0`; +∞ at 0, with derivative -∞.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.positive], note: "defined for x > 0; +inf at 0 with derivative -inf")
    }
    /// `1 / √x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { 1 / T.sqrt(x) }
    /// -x^(-3/2) / 2 = -y³/2.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { -0.5 * (y * y * y) }
}

// MARK: - Swift API

/// `log(1 + x)` elementwise, accurate for small `|x|` (NumPy's `log1p`).
///
///     d/dx log1p(x) = 1 / (1 + x)
///
/// - Parameter x: An array of any shape and dtype (NaN below -1, -∞ at -1).
/// - Returns: An array of `x`'s shape and dtype.
public func log1p(_ x: NDArray) -> NDArray { dispatch(Log1p(), x) }
/// `eˣ - 1` elementwise, accurate for small `|x|` (NumPy's `expm1`).
///
///     d/dx expm1(x) = eˣ
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, greater than -1 (or -1 after rounding).
public func expm1(_ x: NDArray) -> NDArray { dispatch(Expm1(), x) }
/// Base-2 logarithm elementwise.
///
///     d/dx log₂ x = 1 / (x ln 2)
///
/// - Parameter x: An array of any shape and dtype (NaN below 0, -∞ at 0).
/// - Returns: An array of `x`'s shape and dtype.
public func log2(_ x: NDArray) -> NDArray { dispatch(Log2(), x) }
/// Base-10 logarithm elementwise.
///
///     d/dx log₁₀ x = 1 / (x ln 10)
///
/// - Parameter x: An array of any shape and dtype (NaN below 0, -∞ at 0).
/// - Returns: An array of `x`'s shape and dtype.
public func log10(_ x: NDArray) -> NDArray { dispatch(Log10(), x) }
/// `2ˣ` elementwise.
///
///     d/dx 2ˣ = 2ˣ ln 2
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func exp2(_ x: NDArray) -> NDArray { dispatch(Exp2(), x) }
/// The real cube root elementwise (negative for negative `x`).
///
///     d/dx ∛x = 1 / (3 ∛x²)      (+∞ at 0)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func cbrt(_ x: NDArray) -> NDArray { dispatch(Cbrt(), x) }
/// `1/x` elementwise.
///
///     d/dx (1/x) = -1/x²
///
/// - Parameter x: An array of any shape and dtype (`±0` gives `±∞`).
/// - Returns: An array of `x`'s shape and dtype.
public func reciprocal(_ x: NDArray) -> NDArray { dispatch(Reciprocal(), x) }
/// `1/√x` elementwise (MXNet's and PyTorch's `rsqrt`).
///
///     d/dx x^(-1/2) = -x^(-3/2) / 2
///
/// - Parameter x: An array of any shape and dtype (NaN below 0, +∞ at 0).
/// - Returns: An array of `x`'s shape and dtype.
public func rsqrt(_ x: NDArray) -> NDArray { dispatch(Rsqrt(), x) }

// MARK: - Catalog

extension OperatorCatalog {
    /// Exponentials, logarithms, roots and reciprocals.
    static let expLog: [CatalogEntry] = [
        .unary(Log1p(), "log(1 + x), accurate near 0"),
        .unary(Expm1(), "exp(x) - 1, accurate near 0"),
        .unary(Log2(), "base-2 logarithm"),
        .unary(Log10(), "base-10 logarithm"),
        .unary(Exp2(), "2 to the power x"),
        .unary(Cbrt(), "real cube root"),
        .unary(Reciprocal(), "1/x"),
        .unary(Rsqrt(), "1/sqrt(x)"),
    ]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Special functions of one input: the error function, its complement and inverse, and the
/// log-gamma function with its derivatives (digamma, polygamma). Each states its value and
/// its local derivative once; ``UnaryElementwiseOperator`` derives both rules. The chain
/// `lgamma → digamma → polygamma(1) → polygamma(2) → …` closes on itself, so every order
/// of derivative works. The numerics are in the internal `SpecialFunctions` kernels (no GSL in the core).

/// The error function `erf(x) = 2/√π ∫₀ˣ e^(-t²) dt`.
///
///     d/dx erf x = 2/√π e^(-x²)
public struct Erf: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `erf(x)` applies it.
    public init() {}
    /// "erf", its catalog and expression-language name.
    public var name: String { "erf" }
    /// `erf(x)` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(erf(Double(x))) }
    /// 2/√π e^(-x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { SpecialFunctions.twoOverSqrtPi * T.exp(-(x * x)) }
}

/// The complementary error function `erfc(x) = 1 - erf(x)`, with its relative precision for
/// large x (where `1 - erf(x)` is 0).
///
///     d/dx erfc x = -2/√π e^(-x²)
public struct Erfc: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `erfc(x)` applies it.
    public init() {}
    /// "erfc", its catalog and expression-language name.
    public var name: String { "erfc" }
    /// `erfc(x)` in the element type, accurate for large x where `1 - erf(x)` underflows.
    public func value<T: NDScalar>(_ x: T) -> T { T.erfc(x) }
    /// -2/√π e^(-x²).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { -SpecialFunctions.twoOverSqrtPi * T.exp(-(x * x)) }
}

/// The inverse error function, for `-1 ≤ x ≤ 1`: `erf(erfinv(x)) = x`.
///
///     d/dx erfinv x = √π/2 e^(y²)      (y = erfinv x)
///
/// Accurate to about an ulp up to the ends (`erfinv(1 - 1e-12)`), see `SpecialFunctions.inverseErf`.
public struct Erfinv: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `erfinv(x)` applies it.
    public init() {}
    /// "erfinv", its catalog and expression-language name.
    public var name: String { "erfinv" }
    /// Sampled on [-63/64, 63/64]; ±∞ at ±1 with derivative +∞, NaN outside.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(-0.984375, 0.984375)],
                     note: "defined on [-1, 1]: ±inf at ±1 with derivative +inf, NaN outside (sampled on [-63/64, 63/64], ends exact in Float32)")
    }
    /// `erfinv(x)` in Double (about an ulp up to the ends), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(SpecialFunctions.inverseErf(Double(x))) }
    /// √π/2 e^(y²) (y = erfinv x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { SpecialFunctions.sqrtPiOverTwo * T.exp(y * y) }
}

/// `log |Γ(x)|` (MXNet's `gammaln`), through the C library's thread-safe `lgamma_r`.
///
///     d/dx log |Γ(x)| = ψ(x)      (digamma)
public struct Lgamma: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `lgamma(x)` applies it.
    public init() {}
    /// "lgamma", its catalog and expression-language name.
    public var name: String { "lgamma" }
    /// Sampled on [0.1, 50]; +∞ at the poles 0, -1, -2, ….
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(0.1, 50)],
                     note: "log|Gamma(x)|, defined for every x but the poles 0, -1, -2, ... (+inf there); "
                         + "sampled on [0.1, 50], away from the pole at 0 that a finite-difference step would cross")
    }
    /// `log |Γ(x)|` in Double (the C library's `lgamma_r`), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(SpecialFunctions.logGamma(Double(x))) }
    /// ψ(x) (digamma).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.digamma(x) }
}

/// The digamma function `ψ(x) = d/dx log Γ(x)`.
///
///     d/dx ψ(x) = ψ⁽¹⁾(x)      (trigamma, polygamma of order 1)
public struct Digamma: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `digamma(x)` applies it.
    public init() {}
    /// "digamma", its catalog and expression-language name.
    public var name: String { "digamma" }
    /// Sampled on [0.1, 20]; the note gives the values at the poles 0, -1, -2, ….
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(0.1, 20)],
                     note: "defined for every x but the poles 0, -1, -2, ...: -inf at +0 and +inf at -0 (the one-sided limits), "
                         + "NaN at the negative integers, as in PyTorch and SciPy; sampled on [0.1, 20]")
    }
    /// `ψ(x)`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.digamma(x) }
    /// ψ⁽¹⁾(x) (trigamma, polygamma of order 1).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.polygamma(1, x) }
}

/// The polygamma function of order `n ≥ 0`, `ψ⁽ⁿ⁾(x) = dⁿ/dxⁿ ψ(x)` (order 0 is digamma).
///
///     d/dx ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x)
public struct Polygamma: UnaryElementwiseOperator {
    /// The order of the derivative of digamma.
    public let n: Int
    /// The polygamma function of order `n` (`n ≥ 0`; it stops on a negative order).
    ///
    /// - Parameter n: The order: 0 for digamma, 1 for trigamma, and so on.
    public init(_ n: Int) {
        precondition(n >= 0, "polygamma: the order n must be non-negative, not \(n)")
        self.n = n
    }
    /// "polygamma", its catalog and expression-language name.
    public var name: String { "polygamma" }
    /// `"polygamma(1)"`: the name with the order.
    public var description: String { "polygamma(\(n))" }
    /// Sampled on [0.1, 20]; the note gives the values at the poles and the overflow beyond n = 170.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(0.1, 20)],
                     note: "defined for every x but the poles 0, -1, -2, ...: +inf there for odd n, NaN for even n "
                         + "(the one-sided limit at ±0); n! is a Double, so results overflow beyond n = 170; sampled on [0.1, 20]")
    }
    /// `ψ⁽ⁿ⁾(x)`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.polygamma(n, x) }
    /// ψ⁽ⁿ⁺¹⁾(x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.polygamma(n + 1, x) }
}

// MARK: - Swift API

extension NDArray {
    /// The complementary error function elementwise.
    ///
    ///     d/dx erfc x = -2/√π e^(-x²)
    ///
    /// - Parameter x: An array of any shape and dtype.
    /// - Returns: An array of `x`'s shape and dtype.
    public static func erfc(_ x: NDArray) -> NDArray { dispatch(Erfc(), x) }
    /// The digamma function elementwise.
    ///
    ///     d/dx ψ(x) = ψ⁽¹⁾(x)
    ///
    /// - Parameter x: An array of any shape and dtype (poles at 0, -1, -2, ...).
    /// - Returns: An array of `x`'s shape and dtype.
    public static func digamma(_ x: NDArray) -> NDArray { dispatch(Digamma(), x) }
    /// The polygamma function of order `n` elementwise.
    ///
    ///     d/dx ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x)
    ///
    /// - Parameters:
    ///   - n: The order, at least 0 (0 is digamma); stops on a negative one.
    ///   - x: An array of any shape and dtype (poles at 0, -1, -2, ...).
    /// - Returns: An array of `x`'s shape and dtype.
    public static func polygamma(_ n: Int, _ x: NDArray) -> NDArray { dispatch(Polygamma(n), x) }
}

/// The error function elementwise.
///
///     d/dx erf x = 2/√π e^(-x²)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `[-1, 1]`.
public func erf(_ x: NDArray) -> NDArray { dispatch(Erf(), x) }
/// The complementary error function `1 - erf(x)` elementwise, accurate where it is small.
///
///     d/dx erfc x = -2/√π e^(-x²)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `[0, 2]`.
public func erfc(_ x: NDArray) -> NDArray { .erfc(x) }
/// The inverse error function elementwise (±inf at ±1, NaN outside [-1, 1]).
///
///     d/dx erfinv x = √π/2 e^(y²)      (y = erfinv x)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func erfinv(_ x: NDArray) -> NDArray { dispatch(Erfinv(), x) }
/// `log |Γ(x)|` elementwise (SciPy's `gammaln`, PyTorch's `lgamma`).
///
///     d/dx log |Γ(x)| = ψ(x)
///
/// - Parameter x: An array of any shape and dtype (+∞ at the poles 0, -1, -2, ...).
/// - Returns: An array of `x`'s shape and dtype.
public func lgamma(_ x: NDArray) -> NDArray { dispatch(Lgamma(), x) }
/// `log |Γ(x)|` elementwise: MXNet's and SciPy's name for ``lgamma(_:)``.
///
///     d/dx log |Γ(x)| = ψ(x)
///
/// - Parameter x: An array of any shape and dtype (+∞ at the poles 0, -1, -2, ...).
/// - Returns: An array of `x`'s shape and dtype.
public func gammaln(_ x: NDArray) -> NDArray { lgamma(x) }
/// The digamma function `ψ(x) = d/dx log Γ(x)` elementwise.
///
///     d/dx ψ(x) = ψ⁽¹⁾(x)
///
/// - Parameter x: An array of any shape and dtype (poles at 0, -1, -2, ...: see ``Digamma``).
/// - Returns: An array of `x`'s shape and dtype.
public func digamma(_ x: NDArray) -> NDArray { .digamma(x) }
/// The polygamma function `ψ⁽ⁿ⁾(x)` elementwise, as SciPy's and PyTorch's `polygamma(n, x)`.
///
///     d/dx ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x)
///
/// - Parameters:
///   - n: The order, at least 0 (0 is digamma); stops on a negative one.
///   - x: An array of any shape and dtype (poles at 0, -1, -2, ...).
/// - Returns: An array of `x`'s shape and dtype.
public func polygamma(_ n: Int, _ x: NDArray) -> NDArray { .polygamma(n, x) }

// MARK: - Catalog

extension OperatorCatalog {
    /// The error functions and the log-gamma function with its derivatives.
    static let specialFunctions: [CatalogEntry] = [
        .unary(Erf(), "error function"),
        .unary(Erfc(), "1 - erf(x), accurate when small"),
        .unary(Erfinv(), "inverse of erf, on [-1, 1]"),
        .unary(Lgamma(), "log |Gamma(x)|", aliases: ["gammaln"]),
        .unary(Digamma(), "digamma, the derivative of lgamma"),
        CatalogEntry(name: "polygamma", summary: "the n-th derivative of digamma", family: .unary,
                     cases: [CatalogCase(Polygamma(1), [[2, 3]], call: "polygamma(1, a0)"),
                             CatalogCase(Polygamma(2), [[2, 3]], call: "polygamma(2, a0)")],
                     signatures: [polygammaSignature]),
    ]

    /// `polygamma(n, x)`, SciPy's argument order.
    static let polygammaSignature = CallSignature("polygamma", family: .unary, [.integer("n"), .array("x")],
                                                  summary: "the n-th derivative of digamma", info: Polygamma(0).info) { call throws(CallError) in
        guard let n = try call.integer("n"), (0 ... 170).contains(n) else {
            throw CallError(.argument, "n must be an integer from 0 to 170", argument: "n")
        }
        return ResolvedCall(shape: call.shape(0)) { dispatch(Polygamma(n), $0[0]) }
    }
}

// MARK: - Expression spelling

extension Polygamma: CallSpelling {
    /// The order first, as SciPy and PyTorch write it: `polygamma(2, x)`.
    public var spelling: Spelling { .call(name, before: [String(n)]) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Activation functions of neural networks (sigmoid, tanh and relu are in the first unary
/// family). Each states its value and its local derivative once; ``UnaryElementwiseOperator``
/// derives both rules. The smooth ones are computed without overflow for any finite input;
/// at the kinks of elu, selu and leaky_relu the derivative returned is PyTorch's (its
/// `*_backward` kernels test `x > 0`, so 0 takes the negative side's slope).

/// `log(1 + eˣ)`, computed as `max(x, 0) + log1p(e^(-|x|))`: no overflow for large x, no loss
/// for very negative x.
///
///     d/dx softplus x = σ(x)
public struct Softplus: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `softplus(x)` applies it.
    public init() {}
    /// "softplus", its catalog and expression-language name.
    public var name: String { "softplus" }
    /// False: `σ(x)` is faster as a vectorized pass than in the fused loop.
    public var fusesDerivative: Bool { false }   // sigmoid is faster vectorized
    /// Exact for every x (PyTorch's threshold=20 shortcut is not taken).
    public var info: OperatorInfo {
        OperatorInfo(note: "exact for every x; PyTorch's softplus (threshold=20) returns x itself, with derivative 1, "
                         + "for x > 20 (a difference below 2.1e-9); JAX's softplus is exact")
    }
    /// `max(x, 0) + log1p(e^(-|x|))` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(SpecialFunctions.softplus(Double(x))) }
    /// σ(x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.sigmoid(x) }
}

/// `x / (1 + |x|)`.
///
///     d/dx softsign x = 1 / (1 + |x|)²
public struct Softsign: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `softsign(x)` applies it.
    public init() {}
    /// "softsign", its catalog and expression-language name.
    public var name: String { "softsign" }
    /// Continuously differentiable; the second derivative jumps at 0 (the note gives its value there).
    public var info: OperatorInfo {
        OperatorInfo(note: "continuously differentiable; the second derivative jumps at 0 (0 is returned there, from sign(0) = 0)")
    }
    /// `x / (1 + |x|)`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    /// 1 / (1 + |x|)².
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        let d = 1 + T.abs(x)
        return 1 / (d * d)
    }
}

/// `log σ(x) = -softplus(-x)`, computed as `min(x, 0) - log1p(e^(-|x|))` (no overflow, no loss).
///
///     d/dx log σ(x) = 1 - σ(x) = σ(-x)
public struct LogSigmoid: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `logSigmoid(x)` applies it.
    public init() {}
    /// "log_sigmoid", its catalog and expression-language name.
    public var name: String { "log_sigmoid" }
    /// False: `σ(-x)` is faster as a vectorized pass than in the fused loop.
    public var fusesDerivative: Bool { false }   // sigmoid is faster vectorized
    /// `min(x, 0) - log1p(e^(-|x|))` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(SpecialFunctions.logSigmoid(Double(x))) }
    /// 1 - σ(x) = σ(-x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.sigmoid(-x) }
}

/// The Gaussian error linear unit in its exact form, `x Φ(x)` with `Φ` the standard normal
/// distribution function, computed as `x · erfc(-x/√2)/2` (accurate for negative x too).
///
///     d/dx gelu x = Φ(x) + x φ(x),   Φ(x) = erfc(-x/√2)/2,   φ(x) = e^(-x²/2)/√(2π)
public struct Gelu: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `gelu(x)` applies it.
    public init() {}
    /// "gelu", its catalog and expression-language name.
    public var name: String { "gelu" }
    /// The exact erf form, not the tanh approximation (the note names the peers' flags).
    public var info: OperatorInfo {
        OperatorInfo(note: "the exact (erf) form: PyTorch's gelu(approximate='none'), JAX's gelu(approximate=False); "
                         + "not the tanh approximation (JAX's default)")
    }
    /// `x Φ(x)` in Double, with `Φ` from `erfc` (accurate for negative x), rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { T(SpecialFunctions.gelu(Double(x))) }
    /// Φ(x) + x φ(x), Φ(x) = erfc(-x/√2)/2, φ(x) = e^(-x²/2)/√(2π).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        0.5 * T.erfc(x * -0.70710678118654752440) + x * (0.39894228040143267794 * T.exp(-0.5 * (x * x)))
    }
}

/// The exponential linear unit: `x` for `x > 0`, `α(eˣ - 1)` otherwise (with `expm1`).
///
///     d/dx elu x = 1 if x > 0 else α eˣ      (α at 0, as PyTorch)
public struct Elu: UnaryElementwiseOperator {
    /// The scale of the negative side (`α`).
    public let alpha: Double
    /// `elu` with negative-side scale `alpha`.
    ///
    /// - Parameter alpha: The factor `α` of `eˣ - 1` for `x ≤ 0`: the value tends to `-α` as
    ///   `x → -∞`. Default 1 (PyTorch's, JAX's and MXNet's).
    public init(alpha: Double = 1) { self.alpha = alpha }
    /// "elu", its catalog and expression-language name.
    public var name: String { "elu" }
    /// `"elu"`, or `"elu(alpha: 0.5)"` when α is not 1.
    public var description: String { alpha == 1 ? "elu" : "elu(alpha: \(alpha))" }
    /// A kink at 0, where the left derivative α is returned (PyTorch, JAX and MXNet agree).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "0", returns: "alpha (the left derivative alpha·e^0; PyTorch, JAX and MXNet agree)", points: [0])],
                     note: "continuously differentiable when alpha = 1; the second derivative returned at 0 is alpha (the left one)")
    }
    /// `x` for x > 0, else `α·expm1(x)` in Double, rounded once.
    public func value<T: NDScalar>(_ x: T) -> T { x > 0 ? x : T(alpha * expm1(Double(x))) }
    /// 1 if x > 0 else α eˣ (α at 0, as PyTorch).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { eluSlope(x, alpha: alpha) }
}

/// The scaled exponential linear unit: `λ · elu(x, α)` with the constants of Klambauer et al.
/// (α ≈ 1.6733, λ ≈ 1.0507), as in PyTorch, JAX and MXNet.
///
///     d/dx selu x = λ if x > 0 else λ α eˣ      (λα ≈ 1.7581 at 0, as PyTorch)
public struct Selu: UnaryElementwiseOperator {
    /// SELU's α.
    public static let alpha = 1.6732632423543772848170429916717
    /// SELU's λ.
    public static let scale = 1.0507009873554804934193349852946
    /// The operator (its constants are the static `alpha` and `scale`); `selu(x)` applies it.
    public init() {}
    /// "selu", its catalog and expression-language name.
    public var name: String { "selu" }
    /// A kink at 0, where the left derivative λα ≈ 1.7581 is returned (as the peers).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "0", returns: "scale·alpha ≈ 1.7581 (the left derivative; PyTorch, JAX and MXNet agree)", points: [0])])
    }
    /// `λx` for x > 0, else `λα·expm1(x)`, in Double and rounded once.
    public func value<T: NDScalar>(_ x: T) -> T {
        T(Self.scale * (x > 0 ? Double(x) : Self.alpha * expm1(Double(x))))
    }
    /// λ if x > 0 else λ α eˣ (λα ≈ 1.7581 at 0, as PyTorch).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { Self.scale * eluSlope(x, alpha: Self.alpha) }
}

/// The slope of `elu` with scale `alpha`, the one rule elu and selu share:
///
///     1 if x > 0 else α eˣ
///
/// written as `p + (1 - p) α e^(x(1 - p))` with `p = [x > 0]`, so that the exponential never
/// sees a large positive x (no ∞ · 0 in the unused branch, in any order of derivative).
func eluSlope<T: ElementaryMath>(_ x: T, alpha: Double) -> T {
    let positive = T.compare(x, .greater, T.constant(0, like: x))
    let negative = 1 - positive
    return positive + negative * (alpha * T.exp(x * negative))
}

/// The leaky rectifier: `x` for `x > 0`, `αx` otherwise.
///
///     d/dx leaky_relu x = 1 if x > 0 else α      (α at 0, as PyTorch and MXNet)
public struct LeakyRelu: UnaryElementwiseOperator {
    /// The slope of the negative side (`α`).
    public let alpha: Double
    /// `leaky_relu` with negative slope `alpha`.
    ///
    /// - Parameter alpha: The slope `α` for `x ≤ 0`. Default 0.01 (PyTorch's and JAX's; MXNet's
    ///   LeakyReLU defaults to 0.25).
    public init(alpha: Double = 0.01) { self.alpha = alpha }
    /// "leaky_relu", its catalog and expression-language name.
    public var name: String { "leaky_relu" }
    /// `"leaky_relu"`, or `"leaky_relu(alpha: 0.2)"` when α is not 0.01.
    public var description: String { alpha == 0.01 ? "leaky_relu" : "leaky_relu(alpha: \(alpha))" }
    /// A kink at 0, where α is returned (PyTorch and MXNet; JAX gives 1).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "0", returns: "alpha (PyTorch and MXNet; JAX's where(x >= 0, ...) gives 1)", points: [0])])
    }
    /// `x` for x > 0, else `αx`.
    public func value<T: NDScalar>(_ x: T) -> T { x > 0 ? x : T(alpha) * x }
    /// 1 if x > 0 else α (α at 0, as PyTorch and MXNet).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        let positive = T.compare(x, .greater, T.constant(0, like: x))
        return positive + alpha * (1 - positive)
    }
}

/// The sigmoid linear unit (swish): `x σ(x)`.
///
///     d/dx silu x = σ(x) (1 + x σ(-x))
///
/// with `σ(-x)` for `1 - σ(x)`, which cancels for large x (as in ``Sigmoid``).
public struct Silu: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `silu(x)` applies it.
    public init() {}
    /// "silu", its catalog and expression-language name.
    public var name: String { "silu" }
    /// False: the two sigmoids are faster as vectorized passes than in the fused loop.
    public var fusesDerivative: Bool { false }   // the sigmoids are faster vectorized
    /// `x σ(x)`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { x * T.sigmoid(x) }
    /// σ(x) (1 + x σ(-x)).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        T.sigmoid(x) * (1 + x * T.sigmoid(-x))
    }
}

// MARK: - Swift API

/// `log(1 + eˣ)` elementwise, without overflow (MXNet's `Activation(act_type='softrelu')`).
///
///     d/dx softplus x = σ(x)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, positive (it underflows to 0 only for
///   very negative `x`).
public func softplus(_ x: NDArray) -> NDArray { dispatch(Softplus(), x) }
/// `x / (1 + |x|)` elementwise, a sigmoid-shaped map onto `(-1, 1)`.
///
///     d/dx softsign x = 1 / (1 + |x|)²
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, in `(-1, 1)`.
public func softsign(_ x: NDArray) -> NDArray { dispatch(Softsign(), x) }
/// `log σ(x)` elementwise, without overflow, computed as `min(x, 0) - log1p(e^(-|x|))`.
///
///     d/dx log σ(x) = σ(-x)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype, negative (≈ `x` for very negative `x`).
public func logSigmoid(_ x: NDArray) -> NDArray { dispatch(LogSigmoid(), x) }
/// The exact GELU `x Φ(x)` elementwise (`Φ` the standard normal distribution function; not
/// the tanh approximation).
///
///     d/dx gelu x = Φ(x) + x φ(x)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func gelu(_ x: NDArray) -> NDArray { dispatch(Gelu(), x) }
/// The exponential linear unit elementwise: `x` for `x > 0`, `α(eˣ - 1)` otherwise.
///
///     d/dx elu x = 1 if x > 0 else α eˣ      (α at 0, as PyTorch)
///
/// - Parameters:
///   - x: An array of any shape and dtype.
///   - alpha: The negative side's scale `α` (its limit is `-α`); default 1.
/// - Returns: An array of `x`'s shape and dtype.
public func elu(_ x: NDArray, alpha: Double = 1) -> NDArray { dispatch(Elu(alpha: alpha), x) }
/// The scaled exponential linear unit elementwise: `λ · elu(x, α)` with `λ = Selu.scale`
/// and `α = Selu.alpha` (Klambauer et al.).
///
///     d/dx selu x = λ if x > 0 else λ α eˣ      (λα at 0, as PyTorch)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func selu(_ x: NDArray) -> NDArray { dispatch(Selu(), x) }
/// The leaky rectifier elementwise: `x` for `x > 0`, `αx` otherwise.
///
///     d/dx leaky_relu x = 1 if x > 0 else α      (α at 0, as PyTorch and MXNet)
///
/// - Parameters:
///   - x: An array of any shape and dtype.
///   - alpha: The slope `α` for `x ≤ 0`; default 0.01 (PyTorch's and JAX's).
/// - Returns: An array of `x`'s shape and dtype.
public func leakyRelu(_ x: NDArray, alpha: Double = 0.01) -> NDArray { dispatch(LeakyRelu(alpha: alpha), x) }
/// The sigmoid linear unit `x σ(x)` elementwise (also called swish).
///
///     d/dx silu x = σ(x) (1 + x (1 - σ(x)))
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: An array of `x`'s shape and dtype.
public func silu(_ x: NDArray) -> NDArray { dispatch(Silu(), x) }

// MARK: - Catalog

extension OperatorCatalog {
    /// Activation functions.
    static let activations: [CatalogEntry] = [
        .unary(Softplus(), "log(1 + exp(x)), without overflow", aliases: ["softrelu"]),
        .unary(Softsign(), "x / (1 + |x|)"),
        .unary(LogSigmoid(), "log(sigmoid(x)), without overflow"),
        .unary(Gelu(), "x·Phi(x), the exact (erf) GELU"),
        CatalogEntry(name: "elu", summary: "x if x > 0 else alpha·expm1(x)", family: .unary,
                     cases: [CatalogCase(Elu(), [[2, 3]]), CatalogCase(Elu(alpha: 0.5), [[2, 3]], call: "elu(a0, alpha=0.5)")],
                     signatures: [withAlpha("elu", default: 1, summary: "x if x > 0 else alpha·expm1(x)") { Elu(alpha: $0) }]),
        .unary(Selu(), "SELU: 1.0507·elu(x, 1.6733)"),
        CatalogEntry(name: "leaky_relu", summary: "x if x > 0 else alpha·x", family: .unary,
                     cases: [CatalogCase(LeakyRelu(), [[2, 3]]), CatalogCase(LeakyRelu(alpha: 0.2), [[2, 3]], call: "leaky_relu(a0, alpha=0.2)")],
                     signatures: [withAlpha("leaky_relu", default: 0.01, summary: "x if x > 0 else alpha·x") { LeakyRelu(alpha: $0) }]),
        .unary(Silu(), "x·sigmoid(x) (swish)"),
    ]

    /// `name(x, alpha=default)` applying the operator `make(alpha)`.
    static func withAlpha<Op: UnaryElementwiseOperator>(_ name: String, default value: Double, summary: String,
                                                          _ make: @escaping @Sendable (Double) -> Op) -> CallSignature {
        CallSignature(name, family: .unary, [.array("x"), .number("alpha", default: "\(value)")], summary: summary,
                      info: make(value).info) { call throws(CallError) in
            let alpha = try call.number("alpha") ?? value
            return ResolvedCall(shape: call.shape(0)) { dispatch(make(alpha), $0[0]) }
        }
    }
}

// MARK: - Expression spelling

extension Elu: CallSpelling {
    /// `alpha=…`.
    public var spelling: Spelling { .call(name, after: ["alpha=\(shortNumber(alpha))"]) }
}

extension LeakyRelu: CallSpelling {
    /// `alpha=…`.
    public var spelling: Spelling { .call(name, after: ["alpha=\(shortNumber(alpha))"]) }
}

/// Elementwise operators of one input. Each states its value and its local derivative
/// once; ``UnaryElementwiseOperator`` turns the derivative into both AD rules.

/// `-x`, linear.
///
///     d/dx (-x) = -1
public struct Negate: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `-x` applies it.
    public init() {}
    /// "negative", its catalog and expression-language name.
    public var name: String { "negative" }
    /// Linear (`isLinear`): no domain restriction, no kinks.
    public var info: OperatorInfo { OperatorInfo(isLinear: true) }
    /// `-x`.
    public func value<T: NDScalar>(_ x: T) -> T { -x }
    /// -1.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(-1, like: x) }
}

/// `x²`.
///
///     d/dx x² = 2x
public struct Square: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `square(x)` applies it.
    public init() {}
    /// "square", its catalog and expression-language name.
    public var name: String { "square" }
    /// `x · x`.
    public func value<T: NDScalar>(_ x: T) -> T { x * x }
    /// 2x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 2 * x }
}

/// `√x`; at 0 the derivative is +∞ (as in MXNet, PyTorch and JAX).
///
///     d/dx √x = 1 / (2√x)
public struct Sqrt: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `sqrt(x)` applies it.
    public init() {}
    /// "sqrt", its catalog and expression-language name.
    public var name: String { "sqrt" }
    /// Sampled on `x > 0`; the derivative at 0 is +∞ (as MXNet, PyTorch and JAX).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.positive],
                     note: "defined for x >= 0; the derivative at 0 is +inf (0.5/sqrt(0)), as in MXNet, PyTorch and JAX")
    }
    /// `√x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.sqrt(x) }
    /// 1 / (2√x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 0.5 / y }
}

/// `eˣ`.
///
///     d/dx eˣ = eˣ = y
public struct Exp: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `exp(x)` applies it.
    public init() {}
    /// "exp", its catalog and expression-language name.
    public var name: String { "exp" }
    /// Sampled on [-20, 20].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-20, 20)]) }
    /// `eˣ`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.exp(x) }
    /// eˣ = y.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { y }
}

/// Natural logarithm.
///
///     d/dx log x = 1/x
public struct Log: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `log(x)` applies it.
    public init() {}
    /// "log", its catalog and expression-language name.
    public var name: String { "log" }
    /// Sampled on `x > 0`.
    public var info: OperatorInfo { OperatorInfo(domains: [.positive]) }
    /// `log x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.log(x) }
    /// 1/x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / x }
}

/// Sine.
///
///     d/dx sin x = cos x
public struct Sin: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `sin(x)` applies it.
    public init() {}
    /// "sin", its catalog and expression-language name.
    public var name: String { "sin" }
    /// False: `cos x` is faster as a vectorized pass than in the fused loop.
    public var fusesDerivative: Bool { false }   // cos(x) is faster vectorized
    /// `sin x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.sin(x) }
    /// cos x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.cos(x) }
}

/// Cosine.
///
///     d/dx cos x = -sin x
public struct Cos: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `cos(x)` applies it.
    public init() {}
    /// "cos", its catalog and expression-language name.
    public var name: String { "cos" }
    /// False: `sin x` is faster as a vectorized pass than in the fused loop.
    public var fusesDerivative: Bool { false }   // sin(x) is faster vectorized
    /// `cos x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.cos(x) }
    /// -sin x.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { -T.sin(x) }
}

/// Tangent (sampled away from its poles at ±π/2).
///
///     d/dx tan x = 1 + tan² x = 1 + y²
public struct Tan: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `tan(x)` applies it.
    public init() {}
    /// "tan", its catalog and expression-language name.
    public var name: String { "tan" }
    /// Sampled on [-1.4, 1.4], away from the poles at ±π/2.
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-1.4, 1.4)]) }
    /// `tan x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.tan(x) }
    /// 1 + tan² x = 1 + y².
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 + y * y }
}

/// Hyperbolic tangent.
///
///     d/dx tanh x = 1 - tanh² x = 1 - y²
public struct Tanh: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `tanh(x)` applies it.
    public init() {}
    /// "tanh", its catalog and expression-language name.
    public var name: String { "tanh" }
    /// `tanh x`, in the element type.
    public func value<T: NDScalar>(_ x: T) -> T { T.tanh(x) }
    /// 1 - tanh² x = 1 - y².
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 - y * y }
}

/// The logistic function `1 / (1 + e⁻ˣ)`, computed without overflow on either side.
///
///     d/dx σ(x) = σ(x)σ(-x) = y·σ(-x)
///
/// exact in both tails, where `y(1 - y)` cancels: for large x, `1 - y` keeps only the
/// rounding error of y (σ'(21) = 7.6e-10 to 1e-7 relative) and is 0 from x = 37 on.
public struct Sigmoid: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `sigmoid(x)` applies it.
    public init() {}
    /// "sigmoid", its catalog and expression-language name.
    public var name: String { "sigmoid" }
    /// False: `σ(-x)` runs as a vectorized pass instead.
    public var fusesDerivative: Bool { false }   // σ(-x) runs vectorized instead (VectorizedDerivative)
    /// `σ(x)`, without overflow on either side.
    public func value<T: NDScalar>(_ x: T) -> T { T.sigmoid(x) }
    /// σ(x)σ(-x) = y·σ(-x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { y * T.sigmoid(-x) }
}

/// `max(x, 0)`; the derivative at 0 is 0 (a valid subgradient; MXNet, PyTorch and JAX agree).
///
///     d/dx relu x = 1 if x > 0 else 0
public struct Relu: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `relu(x)` applies it.
    public init() {}
    /// "relu", its catalog and expression-language name.
    public var name: String { "relu" }
    /// A kink at 0, where the derivative is 0 (MXNet, PyTorch and JAX agree).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "0", returns: "0 (subgradient in [0, 1])", points: [0])])
    }
    /// `max(x, 0)`; NaN stays NaN.
    public func value<T: NDScalar>(_ x: T) -> T { x > 0 ? x : (x.isNaN ? x : 0) }
    /// 1 if x > 0 else 0.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.compare(x, .greater, T.constant(0, like: x)) }
}

/// `|x|`; the derivative at 0 is 0 (a valid subgradient, the middle of [-1, 1]).
///
///     d/dx |x| = sign(x)
public struct Abs: UnaryElementwiseOperator {
    /// The operator (it has no attributes); `abs(x)` applies it.
    public init() {}
    /// "abs", its catalog and expression-language name.
    public var name: String { "abs" }
    /// A kink at 0, where the derivative is 0.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "0", returns: "0 (subgradient in [-1, 1])", points: [0])])
    }
    /// `|x|`.
    public func value<T: NDScalar>(_ x: T) -> T { Swift.abs(x) }
    /// sign(x).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.sign(x) }
}

/// `x` clipped to `[low, high]`; the derivative is 1 on the closed interval, 0 outside
/// (at the bounds it is 1, as in PyTorch's clamp).
///
///     d/dx clip(x) = 1 if low <= x <= high else 0
public struct Clip: UnaryElementwiseOperator {
    /// The lower bound.
    public let low: Double
    /// The upper bound, at least `low`.
    public let high: Double
    /// Clipping to `[low, high]`; stops if `low > high`.
    ///
    /// - Parameters:
    ///   - low: The lower bound (may be `-∞`).
    ///   - high: The upper bound, at least `low` (may be `+∞`).
    public init(low: Double, high: Double) {
        precondition(low <= high, "clip: low \(low) is greater than high \(high)")
        self.low = low
        self.high = high
    }
    /// "clip", its catalog and expression-language name.
    public var name: String { "clip" }
    /// `"clip(-1.0, 1.0)"`: the name with the bounds.
    public var description: String { "clip(\(low), \(high))" }
    /// Kinks at `low` and `high`, where the derivative is 1 (the closed interval).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "low and high", returns: "1 (subgradient in [0, 1])", points: [low, high])])
    }
    /// `min(max(x, low), high)`.
    public func value<T: NDScalar>(_ x: T) -> T { Swift.min(Swift.max(x, T(low)), T(high)) }
    /// 1 if low <= x <= high else 0.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        T.compare(x, .greaterOrEqual, T.constant(low, like: x)) * T.compare(x, .lessOrEqual, T.constant(high, like: x))
    }
}

/// -1, 0 or 1: piecewise constant, derivative zero.
public struct Sign: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `sign(x)` applies it.
    public init() {}
    /// "sign", its catalog and expression-language name.
    public var name: String { "sign" }
    /// Zero derivative: piecewise constant.
    public var info: OperatorInfo { OperatorInfo(derivative: .zero) }
    /// 1 for x > 0, -1 for x < 0, 0 at ±0 (and for NaN).
    public func value<T: NDScalar>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    /// 0 (none at the jump at 0).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a sign.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

/// The identity in value, with zero derivative: `stopGradient(x)` is a constant to both modes.
public struct StopGradient: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `stopGradient(x)` applies it.
    public init() {}
    /// "stop_gradient", its catalog and expression-language name.
    public var name: String { "stop_gradient" }
    /// Zero derivative: the identity, held constant by both modes.
    public var info: OperatorInfo { OperatorInfo(derivative: .zero, note: "the identity, treated as a constant by both modes") }
    /// `x`.
    public func value<T: NDScalar>(_ x: T) -> T { x }
    /// 0: the value is held constant.
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// The input without its AD state.
    public func primal(_ inputs: [NDArray]) -> NDArray { inputs[0].withoutAD }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a stopped gradient.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

extension OperatorCatalog {
    /// The elementwise operators of one input above, each callable as `name(x)`.
    static let unary: [CatalogEntry] = [
        .unary(Negate(), "elementwise negation"),
        .unary(Square(), "x²"),
        .unary(Sqrt(), "square root"),
        .unary(Exp(), "exponential"),
        .unary(Log(), "natural logarithm"),
        .unary(Sin(), "sine"),
        .unary(Cos(), "cosine"),
        .unary(Tan(), "tangent"),
        .unary(Tanh(), "hyperbolic tangent"),
        .unary(Sigmoid(), "logistic function"),
        .unary(Relu(), "max(x, 0)"),
        .unary(Abs(), "absolute value"),
        CatalogEntry(name: "clip", summary: "clip to [low, high]", family: .unary,
                     cases: [CatalogCase(Clip(low: -0.5, high: 0.5), [[2, 3]])], signatures: [Clip.signature]),
        .unary(Sign(), "sign, zero derivative"),
        .unary(StopGradient(), "identity with zero derivative"),
    ]
}

extension Clip {
    /// `clip(x, a_min, a_max)`, NumPy's spelling.
    static let signature = CallSignature("clip", family: .unary, [.array("x"), .number("a_min"), .number("a_max")],
                                         summary: "x clipped to [a_min, a_max]", info: Clip(low: 0, high: 0).info) { call throws(CallError) in
        // Both are required, so the language has checked they are present.
        let low = try call.number("a_min") ?? 0, high = try call.number("a_max") ?? 0
        guard low <= high else { throw CallError(.argument, "a_min \(shortNumber(low)) is greater than a_max \(shortNumber(high))", argument: "a_min") }
        return ResolvedCall(shape: call.shape(0)) { $0[0].clip(low, high) }
    }
}

// MARK: - Expression spelling

extension Negate: CallSpelling {
    /// `-x`.
    public var spelling: Spelling { .prefix("-") }
}

extension Clip: CallSpelling {
    /// The bounds, positionally: `clip(x, -1, 1)`.
    public var spelling: Spelling { .call(name, after: [Spelling.number(low), Spelling.number(high)]) }
}

/// Rounding to integers: piecewise constant, so their derivative is zero wherever it exists
/// (and they jump at the integers, or at the half-integers for `round`). Like `sign`, each
/// declares a zero derivative: both modes return exact zeros and attach no tangent, as
/// PyTorch and JAX do (MXNet's gradients of these are zero too).

/// The largest integer not above `x`.
public struct Floor: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `floor(x)` applies it.
    public init() {}
    /// "floor", its catalog and expression-language name.
    public var name: String { "floor" }
    /// Zero derivative (undefined at the integers), as PyTorch and JAX.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .zero, note: "zero derivative everywhere (undefined at the integers), as in PyTorch and JAX")
    }
    /// `⌊x⌋`.
    public func value<T: NDScalar>(_ x: T) -> T { x.rounded(.down) }
    /// 0 (none at the jumps).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a rounding.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

/// The smallest integer not below `x`.
public struct Ceil: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `ceil(x)` applies it.
    public init() {}
    /// "ceil", its catalog and expression-language name.
    public var name: String { "ceil" }
    /// Zero derivative (undefined at the integers), as PyTorch and JAX.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .zero, note: "zero derivative everywhere (undefined at the integers), as in PyTorch and JAX")
    }
    /// `⌈x⌉`.
    public func value<T: NDScalar>(_ x: T) -> T { x.rounded(.up) }
    /// 0 (none at the jumps).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a rounding.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

/// The nearest integer, halves to the even neighbour (`round(0.5) = 0`, `round(1.5) = 2`,
/// `round(-2.5) = -2`), as NumPy, PyTorch and JAX round.
public struct Round: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `round(x)` applies it.
    public init() {}
    /// "round", its catalog and expression-language name.
    public var name: String { "round" }
    /// Halves to even (MXNet's `round` differs); zero derivative.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .zero,
                     note: "halves round to even, as in NumPy, PyTorch and JAX; MXNet's round rounds halves away from zero "
                         + "(and its rint rounds them down); zero derivative everywhere (undefined at the half-integers), as in PyTorch and JAX")
    }
    /// The nearest integer, halves to even.
    public func value<T: NDScalar>(_ x: T) -> T { x.rounded(.toNearestOrEven) }
    /// 0 (none at the jumps).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a rounding.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

/// The integer part of `x` (rounding toward zero).
public struct Trunc: UnaryElementwiseOperator, ZeroDerivativeOperator {
    /// The operator (it has no attributes); `trunc(x)` applies it.
    public init() {}
    /// "trunc", its catalog and expression-language name.
    public var name: String { "trunc" }
    /// Rounds toward zero (NumPy's and MXNet's `fix`); zero derivative.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .zero, note: "rounds toward zero (NumPy's and MXNet's fix too); zero derivative everywhere "
                         + "(undefined at the non-zero integers), as in PyTorch and JAX")
    }
    /// `x` rounded toward zero.
    public func value<T: NDScalar>(_ x: T) -> T { x.rounded(.towardZero) }
    /// 0 (none at the jumps).
    public func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.constant(0, like: x) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil`: nothing flows back through a rounding.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil] }
}

// MARK: - Swift API

/// The largest integer not above each element (zero derivative).
///
///     d/dx floor(x) = 0      (undefined at the integers)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: Whole numbers in `x`'s shape and dtype (`±0`, `±∞` and NaN stay as they are).
public func floor(_ x: NDArray) -> NDArray { dispatch(Floor(), x) }
/// The smallest integer not below each element (zero derivative).
///
///     d/dx ceil(x) = 0      (undefined at the integers)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: Whole numbers in `x`'s shape and dtype (`±0`, `±∞` and NaN stay as they are).
public func ceil(_ x: NDArray) -> NDArray { dispatch(Ceil(), x) }
/// Each element rounded to the nearest integer, halves to even, as NumPy's `round` (zero derivative).
///
///     d/dx round(x) = 0      (undefined at the half-integers)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: Whole numbers in `x`'s shape and dtype (`±0`, `±∞` and NaN stay as they are).
public func round(_ x: NDArray) -> NDArray { dispatch(Round(), x) }
/// Each element rounded toward zero (zero derivative).
///
///     d/dx trunc(x) = 0      (undefined at the non-zero integers)
///
/// - Parameter x: An array of any shape and dtype.
/// - Returns: Whole numbers in `x`'s shape and dtype (`±0`, `±∞` and NaN stay as they are).
public func trunc(_ x: NDArray) -> NDArray { dispatch(Trunc(), x) }

// MARK: - Catalog

extension OperatorCatalog {
    /// Rounding to integers, zero derivative.
    static let rounding: [CatalogEntry] = [
        .unary(Floor(), "round down, derivative 0"),
        .unary(Ceil(), "round up, derivative 0"),
        .unary(Round(), "round half to even, derivative 0"),
        .unary(Trunc(), "round toward 0, derivative 0", aliases: ["fix"]),
    ]
}

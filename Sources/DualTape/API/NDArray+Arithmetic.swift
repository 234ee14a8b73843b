/// Arithmetic with NumPy broadcasting, scalars on either side, and the elementwise math
/// functions. Every function here is one dispatch of a catalog operator.

precedencegroup ExponentiationPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}

/// `x ** p`, MXNet's power operator.
infix operator ** : ExponentiationPrecedence
/// Elementwise comparisons giving 0/1 masks, as in Swift's SIMD types.
infix operator .== : ComparisonPrecedence
/// Elementwise `!=`, giving a 0/1 mask.
infix operator .!= : ComparisonPrecedence
/// Elementwise `<`, giving a 0/1 mask.
infix operator .< : ComparisonPrecedence
/// Elementwise `<=`, giving a 0/1 mask.
infix operator .<= : ComparisonPrecedence
/// Elementwise `>`, giving a 0/1 mask.
infix operator .> : ComparisonPrecedence
/// Elementwise `>=`, giving a 0/1 mask.
infix operator .>= : ComparisonPrecedence

extension NDArray {
    /// A 0-d constant in this array's dtype: how a Swift number joins an array operation.
    ///
    /// - Parameter value: The constant, rounded to `Float` when this array is float32.
    /// - Returns: A shape-`[]` array of this array's dtype, which broadcasts against any shape.
    @inlinable public func scalar(_ value: Double) -> NDArray {
        Kernels.filled(value, shape: [], dtype: dtype)
    }

    /// The elementwise sum, with NumPy broadcasting.
    ///
    /// Both operands must have the same dtype (there is no promotion; convert one with
    /// `astype`); their shapes must broadcast together, else the call stops naming both.
    ///
    ///     ẏ = ȧ + ḃ          ā = unbroadcast(ȳ),  b̄ = unbroadcast(ȳ)
    public static func + (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Add(), lhs, rhs) }
    /// The elementwise difference, with NumPy broadcasting (same dtype on both sides).
    ///
    ///     ẏ = ȧ - ḃ          ā = unbroadcast(ȳ),  b̄ = -unbroadcast(ȳ)
    public static func - (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Subtract(), lhs, rhs) }
    /// The elementwise (Hadamard) product, with NumPy broadcasting (same dtype on both sides).
    ///
    /// For the matrix product use `matmul` or `dot`.
    ///
    ///     ∂y/∂a = b,  ∂y/∂b = a
    public static func * (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Multiply(), lhs, rhs) }
    /// The elementwise quotient, with NumPy broadcasting (same dtype on both sides).
    ///
    /// Division by zero follows IEEE 754 (±inf, or NaN for 0/0); it is not reported.
    ///
    ///     ∂y/∂a = 1/b,  ∂y/∂b = -a/b² = -y/b
    public static func / (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Divide(), lhs, rhs) }
    /// The elementwise negation.
    ///
    ///     d/dx (-x) = -1
    public static prefix func - (x: NDArray) -> NDArray { dispatch(Negate(), x) }

    /// Adds a constant to every element (the constant in the array's dtype, no derivative).
    public static func + (lhs: NDArray, rhs: Double) -> NDArray { lhs + lhs.scalar(rhs) }
    /// Adds every element to a constant (the constant in the array's dtype, no derivative).
    public static func + (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) + rhs }
    /// Subtracts a constant from every element.
    public static func - (lhs: NDArray, rhs: Double) -> NDArray { lhs - lhs.scalar(rhs) }
    /// Subtracts every element from a constant: `c - x`.
    public static func - (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) - rhs }
    /// Scales every element by a constant.
    public static func * (lhs: NDArray, rhs: Double) -> NDArray { lhs * lhs.scalar(rhs) }
    /// Scales every element by a constant (the constant on the left).
    public static func * (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) * rhs }
    /// Divides every element by a constant.
    public static func / (lhs: NDArray, rhs: Double) -> NDArray { lhs / lhs.scalar(rhs) }
    /// Divides a constant by every element: `c / x` (the reciprocal when `c` is 1).
    public static func / (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) / rhs }

    /// Replaces `lhs` with `lhs + rhs`: a new recorded operation, not an in-place write.
    ///
    /// The result has the broadcast shape, which may be larger than `lhs`'s; arrays are
    /// values, so other references to the old `lhs` are unchanged.
    public static func += (lhs: inout NDArray, rhs: NDArray) { lhs = lhs + rhs }
    /// Replaces `lhs` with `lhs - rhs` (a new recorded operation, as `+=`).
    public static func -= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs - rhs }
    /// Replaces `lhs` with `lhs * rhs` (a new recorded operation, as `+=`).
    public static func *= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs * rhs }
    /// Replaces `lhs` with `lhs / rhs` (a new recorded operation, as `+=`).
    public static func /= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs / rhs }
    /// Replaces `lhs` with `lhs + rhs` for a constant `rhs`.
    public static func += (lhs: inout NDArray, rhs: Double) { lhs = lhs + rhs }
    /// Replaces `lhs` with `lhs - rhs` for a constant `rhs`.
    public static func -= (lhs: inout NDArray, rhs: Double) { lhs = lhs - rhs }
    /// Replaces `lhs` with `lhs * rhs` for a constant `rhs`.
    public static func *= (lhs: inout NDArray, rhs: Double) { lhs = lhs * rhs }
    /// Replaces `lhs` with `lhs / rhs` for a constant `rhs`.
    public static func /= (lhs: inout NDArray, rhs: Double) { lhs = lhs / rhs }

    /// `lhs` raised to `rhs` elementwise, with broadcasting (MXNet's `**`, NumPy's `power`).
    ///
    /// The derivative in the exponent needs `lhs > 0`. Where a factor of a partial is exactly
    /// zero the partial is 0, not `0·∞` (as in PyTorch).
    ///
    ///     ∂y/∂a = b·a^(b-1)  (0 where b = 0),  ∂y/∂b = y·log a  (0 where a = 0 and b ≥ 0)
    public static func ** (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Power(), lhs, rhs) }
    /// Every element raised to a constant power: `x ** 2`, `x ** 0.5`.
    ///
    /// A constant exponent works for any base, negative ones included (`x ** 3`).
    ///
    ///     d/dx xᵖ = p·x^(p-1)  (0 where p = 0)
    public static func ** (lhs: NDArray, rhs: Double) -> NDArray { lhs ** lhs.scalar(rhs) }
    /// A constant raised to every element: `2 ** x` (the constant should be positive for the
    /// derivative, `y·log c`, to be finite).
    public static func ** (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) ** rhs }

    /// 1 where `lhs == rhs`, else 0, with broadcasting; a mask in the operands' dtype, with
    /// zero derivative. NaN compares unequal to everything.
    public static func .== (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .equal, rhs) }
    /// 1 where `lhs != rhs`, else 0, with broadcasting (a mask with zero derivative).
    public static func .!= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .notEqual, rhs) }
    /// 1 where `lhs < rhs`, else 0, with broadcasting (a mask with zero derivative).
    public static func .< (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .less, rhs) }
    /// 1 where `lhs <= rhs`, else 0, with broadcasting (a mask with zero derivative).
    public static func .<= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .lessOrEqual, rhs) }
    /// 1 where `lhs > rhs`, else 0, with broadcasting (a mask with zero derivative).
    public static func .> (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .greater, rhs) }
    /// 1 where `lhs >= rhs`, else 0, with broadcasting (a mask with zero derivative).
    public static func .>= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .greaterOrEqual, rhs) }
    /// 1 where an element equals the constant, else 0 (a mask with zero derivative).
    public static func .== (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .equal, lhs.scalar(rhs)) }
    /// 1 where an element differs from the constant, else 0 (a mask with zero derivative).
    public static func .!= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .notEqual, lhs.scalar(rhs)) }
    /// 1 where an element is less than the constant, else 0 (a mask with zero derivative).
    public static func .< (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .less, lhs.scalar(rhs)) }
    /// 1 where an element is at most the constant, else 0 (a mask with zero derivative).
    public static func .<= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .lessOrEqual, lhs.scalar(rhs)) }
    /// 1 where an element is greater than the constant, else 0 (a mask with zero derivative).
    public static func .> (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .greater, lhs.scalar(rhs)) }
    /// 1 where an element is at least the constant, else 0 (a mask with zero derivative).
    public static func .>= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .greaterOrEqual, lhs.scalar(rhs)) }

    /// `condition ? a : b` elementwise (condition non-zero), with broadcasting.
    ///
    /// This is also how to use a boolean mask: NumPy's `x[mask]` is not an operation here,
    /// because its result's shape depends on the mask's values, and every DualTape shape
    /// follows from shapes alone (the expression language checks them before computing).
    /// `where(mask, x, 0)` keeps `x`'s shape with the unselected elements zeroed (gradient:
    /// the mask); `x.take(mask.flatnonzero())` gives exactly the selected elements, with
    /// the positions computed from the mask's values as a constant.
    ///
    ///     ẏ = where(c, ȧ, ḃ)          ā = unbroadcast(where(c, ȳ, 0)),  b̄ = unbroadcast(where(c, 0, ȳ))
    ///
    /// - Parameters:
    ///   - condition: The mask: an element selects `a` where it is non-zero (NaN counts as
    ///     non-zero), `b` where it is 0. It has no derivative.
    ///   - a: The values taken where `condition` is non-zero.
    ///   - b: The values taken where `condition` is zero.
    /// - Returns: An array of the three operands' broadcast shape (all of one dtype).
    public static func `where`(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray {
        dispatch(Where(), [condition, a, b])
    }

    /// The larger of `a` and `b` elementwise, with broadcasting; ties split the derivative in half.
    ///
    /// A NaN in either operand gives NaN. Splitting at ties is a valid subgradient, symmetric in
    /// the arguments, as in PyTorch and JAX (MXNet gives all of it to `a`).
    ///
    ///     ∂y/∂a = [a > b] + ½[a = b],  ∂y/∂b = [b > a] + ½[a = b]
    ///
    /// - Parameters:
    ///   - a: The first operand.
    ///   - b: The second operand, of `a`'s dtype and a shape broadcasting with `a`'s.
    /// - Returns: An array of the broadcast shape; NaN where either operand is NaN.
    public static func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Maximum(), a, b) }
    /// The larger of each element and a constant: `maximum(x, 0)` is `relu(x)`, with the
    /// derivative ½ at ties (relu gives 0 there).
    ///
    /// - Parameters:
    ///   - a: The array.
    ///   - b: The constant, in `a`'s dtype.
    /// - Returns: An array of `a`'s shape and dtype.
    public static func maximum(_ a: NDArray, _ b: Double) -> NDArray { maximum(a, a.scalar(b)) }
    /// The smaller of `a` and `b` elementwise, with broadcasting; ties split the derivative in half.
    ///
    /// A NaN in either operand gives NaN.
    ///
    ///     ∂y/∂a = [a < b] + ½[a = b],  ∂y/∂b = [b < a] + ½[a = b]
    ///
    /// - Parameters:
    ///   - a: The first operand.
    ///   - b: The second operand, of `a`'s dtype and a shape broadcasting with `a`'s.
    /// - Returns: An array of the broadcast shape; NaN where either operand is NaN.
    public static func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Minimum(), a, b) }
    /// The smaller of each element and a constant, with the derivative ½ at ties.
    ///
    /// - Parameters:
    ///   - a: The array.
    ///   - b: The constant, in `a`'s dtype.
    /// - Returns: An array of `a`'s shape and dtype.
    public static func minimum(_ a: NDArray, _ b: Double) -> NDArray { minimum(a, a.scalar(b)) }

    /// This array with every element clipped to `[low, high]`.
    ///
    /// The derivative is 1 on the closed interval (bounds included, as PyTorch's `clamp`)
    /// and 0 outside it.
    ///
    ///     d/dx clip(x) = 1 if low <= x <= high else 0
    ///
    /// - Parameters:
    ///   - low: The lower bound; `low <= high`, else the call stops.
    ///   - high: The upper bound.
    /// - Returns: An array of this array's shape and dtype.
    public func clip(_ low: Double, _ high: Double) -> NDArray { dispatch(Clip(low: low, high: high), self) }

    /// This array with zero derivative in both modes (an operator, recorded like any other).
    ///
    /// The value is unchanged; forward mode gives it a zero tangent and reverse mode sends
    /// nothing back through it, so it acts as a constant (e.g. a target held fixed).
    public func stopGradient() -> NDArray { dispatch(StopGradient(), self) }
}

extension NDArray: ElementaryMath {
    /// A 0-d array of `value`, with `other`'s dtype (broadcasts against any shape).
    public static func constant(_ value: Double, like other: NDArray) -> NDArray { other.scalar(value) }
    /// `eˣ` elementwise, recorded as ``Exp`` (so a rule written over ``ElementaryMath`` stays differentiable).
    public static func exp(_ x: NDArray) -> NDArray { dispatch(Exp(), x) }
    /// The natural logarithm elementwise, recorded as ``Log``.
    public static func log(_ x: NDArray) -> NDArray { dispatch(Log(), x) }
    /// `sin x` elementwise, recorded as ``Sin``.
    public static func sin(_ x: NDArray) -> NDArray { dispatch(Sin(), x) }
    /// `cos x` elementwise, recorded as ``Cos``.
    public static func cos(_ x: NDArray) -> NDArray { dispatch(Cos(), x) }
    /// `tan x` elementwise, recorded as ``Tan``.
    public static func tan(_ x: NDArray) -> NDArray { dispatch(Tan(), x) }
    /// `tanh x` elementwise, recorded as ``Tanh``.
    public static func tanh(_ x: NDArray) -> NDArray { dispatch(Tanh(), x) }
    /// `√x` elementwise, recorded as ``Sqrt``.
    public static func sqrt(_ x: NDArray) -> NDArray { dispatch(Sqrt(), x) }
    /// `σ(x)` elementwise, recorded as ``Sigmoid``.
    public static func sigmoid(_ x: NDArray) -> NDArray { dispatch(Sigmoid(), x) }
    /// `xʸ` elementwise with broadcasting, recorded as ``Power``.
    public static func pow(_ x: NDArray, _ y: NDArray) -> NDArray { dispatch(Power(), x, y) }
    /// `|x|` elementwise, recorded as ``Abs``.
    public static func abs(_ x: NDArray) -> NDArray { dispatch(Abs(), x) }
    /// -1, 0 or 1 elementwise, recorded as ``Sign`` (zero derivative).
    public static func sign(_ x: NDArray) -> NDArray { dispatch(Sign(), x) }
    /// `condition ? a : b` elementwise with broadcasting, recorded as ``Where``.
    public static func select(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray { `where`(condition, a, b) }
    /// `a op b` as a 0/1 mask in the operands' dtype, recorded as ``Compare`` (zero derivative).
    public static func compare(_ a: NDArray, _ op: Comparison, _ b: NDArray) -> NDArray { dispatch(Compare(op), a, b) }
    /// `x` as a constant to both modes (``stopGradient()``), for rules written over ``ElementaryMath``.
    ///
    /// - Parameter x: The array.
    /// - Returns: `x`'s values, with no derivative.
    public static func stopGradient(_ x: NDArray) -> NDArray { x.stopGradient() }
    /// `x²`, elementwise (the same as the free function `square(x)`).
    ///
    ///     d/dx x² = 2x
    ///
    /// - Parameter x: The input array.
    /// - Returns: An array of `x`'s shape and dtype.
    public static func square(_ x: NDArray) -> NDArray { dispatch(Square(), x) }
    /// `max(x, 0)`, elementwise; the derivative at 0 is 0 (as in MXNet, PyTorch and JAX).
    ///
    ///     d/dx relu x = 1 if x > 0 else 0
    ///
    /// - Parameter x: The input array.
    /// - Returns: An array of `x`'s shape and dtype.
    public static func relu(_ x: NDArray) -> NDArray { dispatch(Relu(), x) }
}

// Free functions in NumPy/MXNet style: `exp(x)`, `maximum(a, b)`.
/// eˣ, elementwise (NumPy `exp`).
///
///     d/dx eˣ = eˣ
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func exp(_ x: NDArray) -> NDArray { .exp(x) }
/// The natural logarithm, elementwise: NaN for negative `x`, -inf at 0.
///
///     d/dx log x = 1/x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func log(_ x: NDArray) -> NDArray { .log(x) }
/// The sine of `x` (radians), elementwise.
///
///     d/dx sin x = cos x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func sin(_ x: NDArray) -> NDArray { .sin(x) }
/// The cosine of `x` (radians), elementwise.
///
///     d/dx cos x = -sin x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func cos(_ x: NDArray) -> NDArray { .cos(x) }
/// The tangent of `x` (radians), elementwise; it has poles at π/2 + kπ.
///
///     d/dx tan x = 1 + tan² x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func tan(_ x: NDArray) -> NDArray { .tan(x) }
/// The hyperbolic tangent, elementwise.
///
///     d/dx tanh x = 1 - tanh² x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func tanh(_ x: NDArray) -> NDArray { .tanh(x) }
/// The square root, elementwise: NaN for negative `x`; the derivative at 0 is +inf.
///
///     d/dx √x = 1 / (2√x)
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func sqrt(_ x: NDArray) -> NDArray { .sqrt(x) }
/// The logistic function `1 / (1 + e⁻ˣ)`, elementwise, computed without overflow for large |x|.
///
///     d/dx σ(x) = σ(x)(1 - σ(x))
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func sigmoid(_ x: NDArray) -> NDArray { .sigmoid(x) }
/// `max(x, 0)`, elementwise; the derivative at 0 is 0 (as in MXNet, PyTorch and JAX).
///
///     d/dx relu x = 1 if x > 0 else 0
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func relu(_ x: NDArray) -> NDArray { .relu(x) }
/// The absolute value, elementwise; the derivative at 0 is 0.
///
///     d/dx |x| = sign(x)
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func abs(_ x: NDArray) -> NDArray { .abs(x) }
/// -1, 0 or 1 by the sign of each element; piecewise constant (NaN gives 0, where NumPy gives NaN).
///
///     d/dx sign x = 0
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func sign(_ x: NDArray) -> NDArray { .sign(x) }
/// `x²`, elementwise.
///
///     d/dx x² = 2x
///
/// - Parameter x: The input array (any shape, float32 or float64).
/// - Returns: An array of `x`'s shape and dtype.
public func square(_ x: NDArray) -> NDArray { .square(x) }
/// `x` raised to `y` elementwise, with broadcasting (the same as `x ** y`).
///
///     ∂/∂x = y·x^(y-1)  (0 where y = 0),  ∂/∂y = xʸ·log x  (0 where x = 0 and y ≥ 0)
///
/// - Parameters:
///   - x: The base; the derivative in `y` needs `x > 0`.
///   - y: The exponent, of `x`'s dtype and a shape broadcasting with `x`'s.
/// - Returns: An array of the broadcast shape.
public func pow(_ x: NDArray, _ y: NDArray) -> NDArray { .pow(x, y) }
/// `x` raised to a constant power elementwise (the same as `x ** y`); any base works.
///
///     d/dx xʸ = y·x^(y-1)  (0 where y = 0)
///
/// - Parameters:
///   - x: The base (any shape).
///   - y: The constant exponent.
/// - Returns: An array of `x`'s shape and dtype.
public func pow(_ x: NDArray, _ y: Double) -> NDArray { x ** y }
/// The larger of `a` and `b` elementwise, with broadcasting; ties split the derivative in half.
///
///     ∂y/∂a = [a > b] + ½[a = b],  ∂y/∂b = [b > a] + ½[a = b]
///
/// - Parameters:
///   - a: The first operand.
///   - b: The second operand, of `a`'s dtype and a shape broadcasting with `a`'s.
/// - Returns: An array of the broadcast shape; NaN where either operand is NaN.
public func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { .maximum(a, b) }
/// The smaller of `a` and `b` elementwise, with broadcasting; ties split the derivative in half.
///
///     ∂y/∂a = [a < b] + ½[a = b],  ∂y/∂b = [b < a] + ½[a = b]
///
/// - Parameters:
///   - a: The first operand.
///   - b: The second operand, of `a`'s dtype and a shape broadcasting with `a`'s.
/// - Returns: An array of the broadcast shape; NaN where either operand is NaN.
public func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { .minimum(a, b) }
/// `x` with every element clipped to `[low, high]` (NumPy's `clip`).
///
///     d/dx clip(x) = 1 if low <= x <= high else 0
///
/// - Parameters:
///   - x: The input array.
///   - low: The lower bound; `low <= high`, else the call stops.
///   - high: The upper bound.
/// - Returns: An array of `x`'s shape and dtype.
public func clip(_ x: NDArray, _ low: Double, _ high: Double) -> NDArray { x.clip(low, high) }
/// `x` unchanged in value, with zero derivative in both modes: a constant to AD.
///
/// - Parameter x: The array to hold fixed.
/// - Returns: An array equal to `x` whose tangent is zero and which sends no cotangent back.
public func stopGradient(_ x: NDArray) -> NDArray { x.stopGradient() }

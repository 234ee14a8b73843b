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
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence

extension NDArray {
    /// A 0-d constant in this array's dtype: how a Swift number joins an array operation.
    @inlinable public func scalar(_ value: Double) -> NDArray {
        Kernels.filled(value, shape: [], dtype: dtype)
    }

    public static func + (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Add(), lhs, rhs) }
    public static func - (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Subtract(), lhs, rhs) }
    public static func * (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Multiply(), lhs, rhs) }
    public static func / (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Divide(), lhs, rhs) }
    public static prefix func - (x: NDArray) -> NDArray { dispatch(Negate(), x) }

    public static func + (lhs: NDArray, rhs: Double) -> NDArray { lhs + lhs.scalar(rhs) }
    public static func + (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) + rhs }
    public static func - (lhs: NDArray, rhs: Double) -> NDArray { lhs - lhs.scalar(rhs) }
    public static func - (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) - rhs }
    public static func * (lhs: NDArray, rhs: Double) -> NDArray { lhs * lhs.scalar(rhs) }
    public static func * (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) * rhs }
    public static func / (lhs: NDArray, rhs: Double) -> NDArray { lhs / lhs.scalar(rhs) }
    public static func / (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) / rhs }

    public static func += (lhs: inout NDArray, rhs: NDArray) { lhs = lhs + rhs }
    public static func -= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs - rhs }
    public static func *= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs * rhs }
    public static func /= (lhs: inout NDArray, rhs: NDArray) { lhs = lhs / rhs }
    public static func += (lhs: inout NDArray, rhs: Double) { lhs = lhs + rhs }
    public static func -= (lhs: inout NDArray, rhs: Double) { lhs = lhs - rhs }
    public static func *= (lhs: inout NDArray, rhs: Double) { lhs = lhs * rhs }
    public static func /= (lhs: inout NDArray, rhs: Double) { lhs = lhs / rhs }

    /// `lhs` raised to `rhs` elementwise.
    public static func ** (lhs: NDArray, rhs: NDArray) -> NDArray { dispatch(Power(), lhs, rhs) }
    public static func ** (lhs: NDArray, rhs: Double) -> NDArray { lhs ** lhs.scalar(rhs) }
    public static func ** (lhs: Double, rhs: NDArray) -> NDArray { rhs.scalar(lhs) ** rhs }

    public static func .== (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .equal, rhs) }
    public static func .!= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .notEqual, rhs) }
    public static func .< (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .less, rhs) }
    public static func .<= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .lessOrEqual, rhs) }
    public static func .> (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .greater, rhs) }
    public static func .>= (lhs: NDArray, rhs: NDArray) -> NDArray { compare(lhs, .greaterOrEqual, rhs) }
    public static func .== (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .equal, lhs.scalar(rhs)) }
    public static func .!= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .notEqual, lhs.scalar(rhs)) }
    public static func .< (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .less, lhs.scalar(rhs)) }
    public static func .<= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .lessOrEqual, lhs.scalar(rhs)) }
    public static func .> (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .greater, lhs.scalar(rhs)) }
    public static func .>= (lhs: NDArray, rhs: Double) -> NDArray { compare(lhs, .greaterOrEqual, lhs.scalar(rhs)) }

    /// `condition ? a : b` elementwise (condition non-zero), with broadcasting.
    ///
    /// This is also how to use a boolean mask: NumPy's `x[mask]` is not an operation here,
    /// because its result's shape depends on the mask's values, and every DualTape shape
    /// follows from shapes alone (the expression language checks them before computing).
    /// `where(mask, x, 0)` keeps `x`'s shape with the unselected elements zeroed (gradient:
    /// the mask); `x.take(mask.flatnonzero())` gives exactly the selected elements, with
    /// the positions computed from the mask's values as a constant.
    public static func `where`(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray {
        dispatch(Where(), [condition, a, b])
    }

    /// The larger of `a` and `b` elementwise; ties split the derivative in half.
    public static func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Maximum(), a, b) }
    public static func maximum(_ a: NDArray, _ b: Double) -> NDArray { maximum(a, a.scalar(b)) }
    /// The smaller of `a` and `b` elementwise; ties split the derivative in half.
    public static func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Minimum(), a, b) }
    public static func minimum(_ a: NDArray, _ b: Double) -> NDArray { minimum(a, a.scalar(b)) }

    /// `x` clipped to `[low, high]`.
    public func clip(_ low: Double, _ high: Double) -> NDArray { dispatch(Clip(low: low, high: high), self) }

    /// This array with zero derivative in both modes (an operator, recorded like any other).
    public func stopGradient() -> NDArray { dispatch(StopGradient(), self) }
}

extension NDArray: ElementaryMath {
    public static func constant(_ value: Double, like other: NDArray) -> NDArray { other.scalar(value) }
    public static func exp(_ x: NDArray) -> NDArray { dispatch(Exp(), x) }
    public static func log(_ x: NDArray) -> NDArray { dispatch(Log(), x) }
    public static func sin(_ x: NDArray) -> NDArray { dispatch(Sin(), x) }
    public static func cos(_ x: NDArray) -> NDArray { dispatch(Cos(), x) }
    public static func tan(_ x: NDArray) -> NDArray { dispatch(Tan(), x) }
    public static func tanh(_ x: NDArray) -> NDArray { dispatch(Tanh(), x) }
    public static func sqrt(_ x: NDArray) -> NDArray { dispatch(Sqrt(), x) }
    public static func sigmoid(_ x: NDArray) -> NDArray { dispatch(Sigmoid(), x) }
    public static func pow(_ x: NDArray, _ y: NDArray) -> NDArray { dispatch(Power(), x, y) }
    public static func abs(_ x: NDArray) -> NDArray { dispatch(Abs(), x) }
    public static func sign(_ x: NDArray) -> NDArray { dispatch(Sign(), x) }
    public static func select(_ condition: NDArray, _ a: NDArray, _ b: NDArray) -> NDArray { `where`(condition, a, b) }
    public static func compare(_ a: NDArray, _ op: Comparison, _ b: NDArray) -> NDArray { dispatch(Compare(op), a, b) }
    /// `x` as a constant to both modes (``stopGradient()``), for rules written over ``ElementaryMath``.
    public static func stopGradient(_ x: NDArray) -> NDArray { x.stopGradient() }
    public static func square(_ x: NDArray) -> NDArray { dispatch(Square(), x) }
    public static func relu(_ x: NDArray) -> NDArray { dispatch(Relu(), x) }
}

// Free functions in NumPy/MXNet style: `exp(x)`, `maximum(a, b)`.
public func exp(_ x: NDArray) -> NDArray { .exp(x) }
public func log(_ x: NDArray) -> NDArray { .log(x) }
public func sin(_ x: NDArray) -> NDArray { .sin(x) }
public func cos(_ x: NDArray) -> NDArray { .cos(x) }
public func tan(_ x: NDArray) -> NDArray { .tan(x) }
public func tanh(_ x: NDArray) -> NDArray { .tanh(x) }
public func sqrt(_ x: NDArray) -> NDArray { .sqrt(x) }
public func sigmoid(_ x: NDArray) -> NDArray { .sigmoid(x) }
public func relu(_ x: NDArray) -> NDArray { .relu(x) }
public func abs(_ x: NDArray) -> NDArray { .abs(x) }
public func sign(_ x: NDArray) -> NDArray { .sign(x) }
public func square(_ x: NDArray) -> NDArray { .square(x) }
public func pow(_ x: NDArray, _ y: NDArray) -> NDArray { .pow(x, y) }
public func pow(_ x: NDArray, _ y: Double) -> NDArray { x ** y }
public func maximum(_ a: NDArray, _ b: NDArray) -> NDArray { .maximum(a, b) }
public func minimum(_ a: NDArray, _ b: NDArray) -> NDArray { .minimum(a, b) }
public func clip(_ x: NDArray, _ low: Double, _ high: Double) -> NDArray { x.clip(low, high) }
public func stopGradient(_ x: NDArray) -> NDArray { x.stopGradient() }

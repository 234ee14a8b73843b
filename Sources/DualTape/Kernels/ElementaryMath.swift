/// The arithmetic that elementwise derivative rules are written in, once, for scalars and arrays.
///
/// `Float`, `Double` and ``NDArray`` conform. A rule such as tanh's
///
///     1 - y * y
///
/// written generically over `ElementaryMath` runs as a fused scalar loop when no derivative
/// of the rule itself is needed, and as recorded NDArray operations (differentiable again,
/// for higher order) otherwise. That is how each derivative is stated exactly once.
public protocol ElementaryMath {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (x: Self) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func + (lhs: Double, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Double) -> Self
    static func - (lhs: Double, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static func * (lhs: Double, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Double) -> Self
    static func / (lhs: Double, rhs: Self) -> Self

    /// A constant with the element type (and, for arrays, the dtype) of `like`.
    static func constant(_ value: Double, like: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tan(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func sigmoid(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func abs(_ x: Self) -> Self
    /// -1, 0 or 1 (a zero-derivative operation).
    static func sign(_ x: Self) -> Self
    /// `a` where `condition` is non-zero, else `b`.
    static func select(_ condition: Self, _ a: Self, _ b: Self) -> Self
    /// 1 where `a op b` holds, else 0 (a zero-derivative operation).
    static func compare(_ a: Self, _ op: Comparison, _ b: Self) -> Self
    /// `x`'s value as a constant to differentiation: `x` itself for scalars, ``NDArray/stopGradient()``
    /// for arrays. With it a rule can take a value from one expression and its derivative from
    /// another, equal in exact arithmetic (see `oneMinusSquare` in `Trigonometric.swift`).
    static func stopGradient(_ x: Self) -> Self

    // MARK: - Unary families (trigonometric, special functions, activations)
    /// Hyperbolic sine.
    static func sinh(_ x: Self) -> Self
    /// Hyperbolic cosine.
    static func cosh(_ x: Self) -> Self
    /// The complementary error function `1 - erf(x)`, with its relative precision where it is small.
    static func erfc(_ x: Self) -> Self
    /// The digamma function `ψ(x) = d/dx log Γ(x)`.
    static func digamma(_ x: Self) -> Self
    /// The polygamma function `ψ⁽ⁿ⁾(x)`, the n-th derivative of digamma (`n ≥ 0`).
    static func polygamma(_ n: Int, _ x: Self) -> Self

    // MARK: - Binary math (binred: mod and fmod)
    /// `⌊a / b⌋` as NumPy's `floor_divide` computes it (a zero-derivative operation).
    static func floorDivide(_ a: Self, _ b: Self) -> Self
}

/// An elementwise comparison; the result is a 0/1 mask in the operands' dtype.
public enum Comparison: String, Sendable, CaseIterable, Codable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    @inlinable public func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

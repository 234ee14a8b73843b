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
    /// The sum (for arrays: elementwise, with broadcasting).
    static func + (lhs: Self, rhs: Self) -> Self
    /// The difference (for arrays: elementwise, with broadcasting).
    static func - (lhs: Self, rhs: Self) -> Self
    /// The product (for arrays: elementwise, with broadcasting).
    static func * (lhs: Self, rhs: Self) -> Self
    /// The quotient (for arrays: elementwise, with broadcasting).
    static func / (lhs: Self, rhs: Self) -> Self
    /// The negation.
    static prefix func - (x: Self) -> Self
    /// The sum with a constant, converted to `lhs`'s element type.
    static func + (lhs: Self, rhs: Double) -> Self
    /// The sum of a constant, converted to `rhs`'s element type, and `rhs`.
    static func + (lhs: Double, rhs: Self) -> Self
    /// The difference with a constant, converted to `lhs`'s element type.
    static func - (lhs: Self, rhs: Double) -> Self
    /// A constant, converted to `rhs`'s element type, minus `rhs`.
    static func - (lhs: Double, rhs: Self) -> Self
    /// The product with a constant, converted to `lhs`'s element type.
    static func * (lhs: Self, rhs: Double) -> Self
    /// The product of a constant, converted to `rhs`'s element type, and `rhs`.
    static func * (lhs: Double, rhs: Self) -> Self
    /// The quotient by a constant, converted to `lhs`'s element type.
    static func / (lhs: Self, rhs: Double) -> Self
    /// A constant, converted to `rhs`'s element type, divided by `rhs`.
    static func / (lhs: Double, rhs: Self) -> Self

    /// A constant with the element type (and, for arrays, the dtype) of `like`.
    ///
    /// - Parameters:
    ///   - value: The constant, rounded to `Float` for float32.
    ///   - like: A value of the wanted type; only its type (and, for an array, its dtype) is read.
    /// - Returns: The constant; for an array, a 0-d array that broadcasts against any shape.
    static func constant(_ value: Double, like: Self) -> Self
    /// The exponential `eˣ` (for arrays, elementwise).
    ///
    ///     d/dx eˣ = eˣ
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func exp(_ x: Self) -> Self
    /// The natural logarithm (NaN for negative `x`, -inf at 0).
    ///
    ///     d/dx log x = 1/x
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func log(_ x: Self) -> Self
    /// The sine of `x` in radians.
    ///
    ///     d/dx sin x = cos x
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func sin(_ x: Self) -> Self
    /// The cosine of `x` in radians.
    ///
    ///     d/dx cos x = -sin x
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func cos(_ x: Self) -> Self
    /// The tangent of `x` in radians (poles at π/2 + kπ).
    ///
    ///     d/dx tan x = 1 + tan² x
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func tan(_ x: Self) -> Self
    /// The hyperbolic tangent.
    ///
    ///     d/dx tanh x = 1 - tanh² x
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func tanh(_ x: Self) -> Self
    /// The square root (NaN for negative `x`).
    ///
    ///     d/dx √x = 1 / (2√x)
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func sqrt(_ x: Self) -> Self
    /// The logistic function `1 / (1 + e⁻ˣ)`, computed without overflow for large |x|.
    ///
    ///     d/dx σ(x) = σ(x)(1 - σ(x))
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func sigmoid(_ x: Self) -> Self
    /// `x` raised to `y` (for arrays: elementwise, with broadcasting).
    ///
    ///     ∂/∂x = y·x^(y-1),  ∂/∂y = xʸ·log x
    ///
    /// - Parameters:
    ///   - x: The base; a negative base needs a whole-number exponent (else NaN).
    ///   - y: The exponent.
    /// - Returns: `xʸ` (for arrays, of the broadcast shape).
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The absolute value.
    ///
    ///     d/dx |x| = sign(x)   (0 at x = 0)
    ///
    /// - Parameter x: The argument (for arrays: any shape, elementwise).
    /// - Returns: A value like `x` (for an array: `x`'s shape and dtype).
    static func abs(_ x: Self) -> Self
    /// -1, 0 or 1 (a zero-derivative operation).
    ///
    /// - Parameter x: The argument; 0 (and NaN) give 0.
    /// - Returns: -1, 0 or 1, like `x`.
    static func sign(_ x: Self) -> Self
    /// `a` where `condition` is non-zero, else `b`.
    ///
    /// - Parameters:
    ///   - condition: The selector: non-zero (NaN included) picks `a`. No derivative flows to it.
    ///   - a: The value taken where `condition` is non-zero.
    ///   - b: The value taken where `condition` is zero.
    /// - Returns: The selection (for arrays, of the three operands' broadcast shape).
    static func select(_ condition: Self, _ a: Self, _ b: Self) -> Self
    /// 1 where `a op b` holds, else 0 (a zero-derivative operation).
    ///
    /// - Parameters:
    ///   - a: The left operand.
    ///   - op: The comparison.
    ///   - b: The right operand.
    /// - Returns: 1 or 0 in the operands' type (for arrays, a mask of the broadcast shape).
    static func compare(_ a: Self, _ op: Comparison, _ b: Self) -> Self
    /// `x`'s value as a constant to differentiation: `x` itself for scalars, ``NDArray/stopGradient()``
    /// for arrays. With it a rule can take a value from one expression and its derivative from
    /// another, equal in exact arithmetic (see `oneMinusSquare` in `Trigonometric.swift`).
    ///
    /// - Parameter x: The value.
    /// - Returns: `x`'s value, with a zero derivative.
    static func stopGradient(_ x: Self) -> Self

    // MARK: - Unary families (trigonometric, special functions, activations)
    /// Hyperbolic sine.
    ///
    /// - Parameter x: The argument.
    /// - Returns: `sinh x`, like `x`.
    static func sinh(_ x: Self) -> Self
    /// Hyperbolic cosine.
    ///
    /// - Parameter x: The argument.
    /// - Returns: `cosh x`, like `x`.
    static func cosh(_ x: Self) -> Self
    /// The complementary error function `1 - erf(x)`, with its relative precision where it is small.
    ///
    /// - Parameter x: The argument; large positive `x` gives tiny values, not 0 by cancellation.
    /// - Returns: `erfc x`, like `x`.
    static func erfc(_ x: Self) -> Self
    /// The digamma function `ψ(x) = d/dx log Γ(x)`.
    ///
    /// - Parameter x: The argument; ψ has poles at 0 and the negative integers.
    /// - Returns: `ψ(x)`, like `x`.
    static func digamma(_ x: Self) -> Self
    /// The polygamma function `ψ⁽ⁿ⁾(x)`, the n-th derivative of digamma (`n ≥ 0`).
    ///
    /// - Parameters:
    ///   - n: The order, `n ≥ 0` (`n = 0` is digamma).
    ///   - x: The argument; poles at 0 and the negative integers.
    /// - Returns: `ψ⁽ⁿ⁾(x)`, like `x`.
    static func polygamma(_ n: Int, _ x: Self) -> Self

    // MARK: - Binary math (binred: mod and fmod)
    /// `⌊a / b⌋` as NumPy's `floor_divide` computes it (a zero-derivative operation).
    ///
    /// - Parameters:
    ///   - a: The dividend.
    ///   - b: The divisor.
    /// - Returns: `⌊a / b⌋` (for arrays, of the broadcast shape).
    static func floorDivide(_ a: Self, _ b: Self) -> Self
}

/// An elementwise comparison; the result is a 0/1 mask in the operands' dtype.
public enum Comparison: String, Sendable, CaseIterable, Codable {
    /// `a == b`.
    case equal = "=="
    /// `a != b` (true when either is NaN).
    case notEqual = "!="
    /// `a < b`.
    case less = "<"
    /// `a <= b`.
    case lessOrEqual = "<="
    /// `a > b`.
    case greater = ">"
    /// `a >= b`.
    case greaterOrEqual = ">="

    /// Whether `a` and `b` stand in this relation (every relation is false with NaN, except
    /// ``notEqual``).
    ///
    /// - Parameters:
    ///   - a: The left operand.
    ///   - b: The right operand.
    /// - Returns: Whether `a op b` holds.
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

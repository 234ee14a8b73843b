#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element types an ``NDArray`` stores: `Float` and `Double`.
///
/// Kernels are generic over this protocol and specialized for both types; the elementary
/// functions come from the C math library (`sinf` for `Float`, `sin` for `Double`).
public protocol NDScalar: BinaryFloatingPoint, ElementaryMath, Sendable {
    /// The ``DType`` tag of this element type.
    static var dtype: DType { get }
}

extension Float: NDScalar {
    /// ``DType/float32``.
    public static var dtype: DType { .float32 }
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func sin(_ x: Float) -> Float { sinf(x) }
    @inlinable public static func cos(_ x: Float) -> Float { cosf(x) }
    @inlinable public static func tan(_ x: Float) -> Float { tanf(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: NDScalar {
    /// ``DType/float64``.
    public static var dtype: DType { .float64 }
    @inlinable public static func exp(_ x: Double) -> Double { Glibc_exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Glibc_log(x) }
    @inlinable public static func sin(_ x: Double) -> Double { Glibc_sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Glibc_cos(x) }
    @inlinable public static func tan(_ x: Double) -> Double { Glibc_tan(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc_tanh(x) }
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc_pow(x, y) }
}

// The C functions under names that do not collide with the static requirements above.
@usableFromInline func Glibc_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline func Glibc_log(_ x: Double) -> Double { log(x) }
@usableFromInline func Glibc_sin(_ x: Double) -> Double { sin(x) }
@usableFromInline func Glibc_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline func Glibc_tan(_ x: Double) -> Double { tan(x) }
@usableFromInline func Glibc_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// The scalar side of ``ElementaryMath`` shared by `Float` and `Double`.
extension NDScalar {
    @inlinable public static func constant(_ value: Double, like _: Self) -> Self { Self(value) }
    @inlinable public static func + (lhs: Self, rhs: Double) -> Self { lhs + Self(rhs) }
    @inlinable public static func + (lhs: Double, rhs: Self) -> Self { Self(lhs) + rhs }
    @inlinable public static func - (lhs: Self, rhs: Double) -> Self { lhs - Self(rhs) }
    @inlinable public static func - (lhs: Double, rhs: Self) -> Self { Self(lhs) - rhs }
    @inlinable public static func * (lhs: Self, rhs: Double) -> Self { lhs * Self(rhs) }
    @inlinable public static func * (lhs: Double, rhs: Self) -> Self { Self(lhs) * rhs }
    @inlinable public static func / (lhs: Self, rhs: Double) -> Self { lhs / Self(rhs) }
    @inlinable public static func / (lhs: Double, rhs: Self) -> Self { Self(lhs) / rhs }
    /// The logistic function, stable on both sides: `1 / (1 + e⁻ˣ)` for `x ≥ 0` and
    /// `eˣ / (1 + eˣ)` below, so it never exponentiates a large positive number.
    ///
    /// - Parameter x: The argument.
    /// - Returns: `σ(x)`, in `[0, 1]`.
    @inlinable public static func sigmoid(_ x: Self) -> Self {
        // Stable on both sides: never exponentiates a large positive number.
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
    @inlinable public static func sign(_ x: Self) -> Self { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    /// The absolute value (`Swift.abs`).
    ///
    /// - Parameter x: The argument.
    /// - Returns: `|x|`.
    @inlinable public static func abs(_ x: Self) -> Self { Swift.abs(x) }
    @inlinable public static func select(_ condition: Self, _ a: Self, _ b: Self) -> Self { condition != 0 ? a : b }
    @inlinable public static func compare(_ a: Self, _ op: Comparison, _ b: Self) -> Self { op.holds(a, b) ? 1 : 0 }
    /// `x` itself: a scalar carries no derivative to stop.
    ///
    /// - Parameter x: The value.
    /// - Returns: `x`.
    @inlinable public static func stopGradient(_ x: Self) -> Self { x }
}

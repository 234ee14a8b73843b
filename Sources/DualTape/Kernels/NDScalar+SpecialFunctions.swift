#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar side of the ``ElementaryMath`` functions that the trigonometric, special-function
/// and activation families add: `Float` and `Double` compute in `Double` and round once.
extension NDScalar {
    /// Hyperbolic sine (the C library's, in Double).
    ///
    /// - Parameter x: The argument, widened to Double; the result is rounded once.
    /// - Returns: `sinh x`, rounded to `Self`.
    public static func sinh(_ x: Self) -> Self { Self(cSinh(Double(x))) }
    /// Hyperbolic cosine (the C library's, in Double).
    ///
    /// - Parameter x: The argument, widened to Double; the result is rounded once.
    /// - Returns: `cosh x`, rounded to `Self`.
    public static func cosh(_ x: Self) -> Self { Self(cCosh(Double(x))) }
    /// The complementary error function (the C library's, in Double).
    ///
    /// - Parameter x: The argument, widened to Double; the result is rounded once.
    /// - Returns: `erfc x`, rounded to `Self`.
    public static func erfc(_ x: Self) -> Self { Self(cErfc(Double(x))) }
    /// The digamma function (DualTape's own `SpecialFunctions.digamma`, in Double).
    ///
    /// - Parameter x: The argument, widened to Double; ψ(±0) = ∓∞, NaN at the negative integers.
    /// - Returns: `ψ(x)`, rounded to `Self`.
    public static func digamma(_ x: Self) -> Self { Self(SpecialFunctions.digamma(Double(x))) }
    /// The polygamma function of order `n` (DualTape's own `SpecialFunctions.polygamma`, in Double).
    ///
    /// - Parameters:
    ///   - n: The order, `n ≥ 0`; beyond about 170 the values overflow (`n!` is a Double).
    ///   - x: The argument, widened to Double; the result is rounded once.
    /// - Returns: `ψ⁽ⁿ⁾(x)`, rounded to `Self`.
    public static func polygamma(_ n: Int, _ x: Self) -> Self { Self(SpecialFunctions.polygamma(n, Double(x))) }
}

// The C functions under names that the static requirements above do not shadow.
private func cSinh(_ x: Double) -> Double { sinh(x) }
private func cCosh(_ x: Double) -> Double { cosh(x) }
private func cErfc(_ x: Double) -> Double { erfc(x) }

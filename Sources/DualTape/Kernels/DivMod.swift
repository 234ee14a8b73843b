/// Floating-point division with a rounded quotient, as NumPy's `divmod` computes it for
/// `floor_divide` and `mod` (Python's `//` and `%` on floats).
///
/// Goals: the identity `a = b·q + r` as closely as rounding allows, `r` with the divisor's
/// sign (`|r| < |b|`), and a quotient that is an integer snapped from `(a - fmod(a, b)) / b`
/// (which is very nearly integral) instead of `floor(a / b)`, whose rounding can be off by
/// one near the jumps.
///
///     r = fmod(a, b);  q = (a - r) / b
///     if r ≠ 0 and sign(r) ≠ sign(b):  r += b,  q -= 1
///     q = round-to-nearest-integer(q);   r = ±0 with b's sign when r = 0
@usableFromInline enum DivMod {
    /// The floored quotient and the remainder with the divisor's sign; `b = 0` gives
    /// `(a / b, fmod(a, 0))`, that is ±inf or NaN and NaN, as NumPy does.
    @inlinable static func floored<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> (quotient: T, remainder: T) {
        var r = a.truncatingRemainder(dividingBy: b)
        if b == 0 { return (a / b, r) }
        var q = (a - r) / b
        if r != 0 {
            if (b < 0) != (r < 0) {
                r += b
                q -= 1
            }
        } else {
            r = T(signOf: b, magnitudeOf: 0)
        }
        if q != 0 {
            var whole = q.rounded(.down)
            if q - whole > 0.5 { whole += 1 }
            q = whole
        } else {
            q = T(signOf: a / b, magnitudeOf: 0)
        }
        return (q, r)
    }
}

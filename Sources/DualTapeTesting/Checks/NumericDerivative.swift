/// A directional derivative by finite differences, with what a reference needs to be
/// trusted: an error estimate, and the one-sided slopes that reveal a kink.
///
/// This is the engine's own reference, written in Swift so that the testing library
/// needs no C library; the GSL oracle (`DualTapeOracle`) is the project's stronger one.
/// Central differences at steps h, h/2 and h/4 are combined by Richardson extrapolation:
///
///     D(s) = (φ(s) - φ(-s)) / 2s          R(s) = (4·D(s/2) - D(s)) / 3
///     value = R(h/2),  error ≈ |R(h/2) - R(h)| + rounding
///
/// At a kink the central rule is confidently wrong (at |x| with x = 0 it says 0), but the
/// one-sided slopes differ by an amount that does not shrink with the step; at a smooth
/// point their gap is `s·φ''` and halves with the step.
public struct NumericDerivative: Sendable, CustomStringConvertible {
    /// The extrapolated derivative.
    public let value: Double
    /// The estimated error: the extrapolations' disagreement plus the rounding in φ.
    public let errorEstimate: Double
    /// The right slope at step h/2: `(φ(h/2) - φ(0)) / (h/2)`.
    public let rightSlope: Double
    /// The left slope at step h/2: `(φ(0) - φ(-h/2)) / (h/2)`.
    public let leftSlope: Double
    /// Whether every evaluation of φ was finite.
    public let isFinite: Bool
    /// Whether the one-sided slopes at step h/2 disagree by more than `kinkThreshold`, and
    /// that gap is more than 3/4 of the gap at step h (on a smooth function it halves): a
    /// kink within the step of the point.
    public let hasKink: Bool

    /// The derivative of `phi` at 0, with first step `h`. `scale` bounds the terms summed in
    /// φ (so `unitRoundoff·scale` bounds its rounding error) and `kinkThreshold` is the
    /// slope gap that counts as a kink. φ is evaluated 7 times: at 0, ±h, ±h/2, ±h/4.
    ///
    /// - Parameters:
    ///   - phi: The function of the step `t` (such as `t ↦ ⟨u, f(x + t·v)⟩`).
    ///   - h: The first step; 1e-3 by default.
    ///   - scale: A bound on the magnitude of the terms summed in φ.
    ///   - unitRoundoff: The unit roundoff φ is computed with; Float64's (2⁻⁵³) by default.
    ///   - kinkThreshold: The slope gap that counts as a kink.
    public init(_ phi: (Double) -> Double, step h: Double = 1e-3, scale: Double, unitRoundoff: Double = 0x1p-53, kinkThreshold: Double) {
        let f0 = phi(0)
        let (p1, m1) = (phi(h), phi(-h))
        let (p2, m2) = (phi(h / 2), phi(-h / 2))
        let (p4, m4) = (phi(h / 4), phi(-h / 4))
        isFinite = [f0, p1, m1, p2, m2, p4, m4].allSatisfy(\.isFinite)
        let d1 = (p1 - m1) / (2 * h), d2 = (p2 - m2) / h, d4 = (p4 - m4) / (h / 2)
        let r1 = (4 * d2 - d1) / 3, r2 = (4 * d4 - d2) / 3
        value = r2
        let rounding = 64 * unitRoundoff * Swift.max(scale, Swift.abs(f0)) / (h / 4)
        errorEstimate = Swift.abs(r2 - r1) + rounding
        rightSlope = (p2 - f0) / (h / 2)
        leftSlope = (f0 - m2) / (h / 2)
        let gapWide = (p1 - f0) / h - (f0 - m1) / h
        let gapNarrow = rightSlope - leftSlope
        hasKink = Swift.abs(gapNarrow) > kinkThreshold && Swift.abs(gapNarrow) > 0.75 * Swift.abs(gapWide)
    }

    init(value: Double, errorEstimate: Double, rightSlope: Double, leftSlope: Double, isFinite: Bool, hasKink: Bool) {
        self.value = value
        self.errorEstimate = errorEstimate
        self.rightSlope = rightSlope
        self.leftSlope = leftSlope
        self.isFinite = isFinite
        self.hasKink = hasKink
    }

    /// `value ± error`, then the one-sided slopes (which differ at a kink).
    public var description: String {
        "\(value) ± \(errorEstimate) (one-sided: \(leftSlope) from the left, \(rightSlope) from the right)"
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// How far a derivative may be from its reference before the check says they differ.
///
/// Goals in order: never a false failure, then catch every 1e-4 relative error, then
/// tightness. Every number is overridable and printed in the report.
///
/// AD against the oracle, per element (`abserr` is GSL's error estimate, `S` the scale of
/// the differentiated function's values: `‖f(x)‖∞`, times `‖u‖₁` for a directional check):
///
///     |ad − fd| ≤ 4·abserr + 1e-10·S + 1e-7·max(|ad|, |fd|)
///
/// Measured over 220,000 random points: no false failure, and every 1e-4 relative error
/// caught where |f'| ≥ 1e-5. The floor `1e-10·S` matters: GSL's estimate was exceeded at
/// 0.13% of points, where the function's own rounding dominates.
///
/// Forward against reverse (the same number by two routes, no oracle), `u` the unit
/// roundoff of the AD dtype and `T` the magnitude of the terms summed (`Σ|uᵢ ẏᵢ|` and
/// `Σ|x̄ⱼ vⱼ|`, or the Jacobian's largest entry for an element):
///
///     |fwd − rev| ≤ 256·u·T
///
/// The compiled function against eager reverse mode (forward mode when reverse is not
/// checked): the same `256·u·T` (the replay runs the same rules; fused loops may reassociate
/// sums, a few units of `u·T`).
///
/// Float32 AD adds `256·2⁻²⁴·|ad|` (or `·T`) to the oracle tolerance; an oracle evaluated
/// in Float32 adds its noise, `16·2⁻²⁴·(S + |fd|·max(1, |x|)) / h`.
public struct TolerancePolicy: Sendable, Codable, Equatable {
    /// The multiple of GSL's error estimate.
    public var errorEstimateFactor: Double
    /// The absolute floor, relative to the scale `S` of the function's values.
    public var scaleFloor: Double
    /// The relative floor, against the central rule.
    public var relativeFloor: Double
    /// The relative floor against a one-sided rule (they are about 1e-8 accurate), also the
    /// gap between the two one-sided rules that counts as a kink.
    public var oneSidedRelative: Double
    /// Forward against reverse: multiple of the AD dtype's unit roundoff.
    public var modesRoundoff: Double
    /// AD computed in Float32 against the oracle: multiple of Float32's unit roundoff.
    public var float32Roundoff: Double
    /// An oracle evaluated in Float32: multiple of its rounding noise.
    public var oracleNoise: Double
    /// The oracle decides nothing when its error bar exceeds this fraction of its value.
    public var unresolvedRatio: Double

    /// A policy with the measured defaults; override any factor (each is printed in the report).
    ///
    /// - Parameters:
    ///   - errorEstimateFactor: The multiple of GSL's `abserr` allowed; 4 by default.
    ///   - scaleFloor: The absolute floor as a fraction of the scale `S` of the function's
    ///     values; 1e-10 by default.
    ///   - relativeFloor: The floor relative to `max(|ad|, |fd|)` against the central rule;
    ///     1e-7 by default.
    ///   - oneSidedRelative: The same against a one-sided rule, and the gap between the two
    ///     one-sided rules that counts as a kink; 1e-6 by default.
    ///   - modesRoundoff: Forward against reverse, in units of the AD dtype's unit roundoff
    ///     times the term scale `T`; 256 by default.
    ///   - float32Roundoff: The allowance of a Float32 AD value against the oracle, in units of
    ///     Float32's unit roundoff times `T`; 256 by default.
    ///   - oracleNoise: The multiple of the rounding noise of an oracle evaluated in Float32;
    ///     16 by default.
    ///   - unresolvedRatio: The fraction of its value that the oracle's error bar may reach
    ///     before it decides nothing (UNRESOLVED); 0.1 by default.
    public init(errorEstimateFactor: Double = 4, scaleFloor: Double = 1e-10, relativeFloor: Double = 1e-7,
                oneSidedRelative: Double = 1e-6, modesRoundoff: Double = 256, float32Roundoff: Double = 256,
                oracleNoise: Double = 16, unresolvedRatio: Double = 0.1) {
        self.errorEstimateFactor = errorEstimateFactor
        self.scaleFloor = scaleFloor
        self.relativeFloor = relativeFloor
        self.oneSidedRelative = oneSidedRelative
        self.modesRoundoff = modesRoundoff
        self.float32Roundoff = float32Roundoff
        self.oracleNoise = oracleNoise
        self.unresolvedRatio = unresolvedRatio
    }

    /// The tolerance between an AD value and the central rule's result.
    ///
    ///     4·abserr + 1e-10·S + 1e-7·max(|ad|, |fd|)
    ///
    /// (with the default factors). It does not include the Float32 terms, see
    /// ``roundingAllowance(termScale:unit:)`` and ``oracleNoise(unit:scale:fd:at:step:)``.
    ///
    /// - Parameters:
    ///   - ad: The AD value.
    ///   - fd: The oracle's (central rule's) value.
    ///   - abserr: GSL's error estimate of `fd`, not negative.
    ///   - scale: `S`, the scale of the differentiated function's values (`‖f(x)‖∞`, times
    ///     `‖u‖₁` for a directional check).
    /// - Returns: The largest `|ad − fd|` that counts as agreement.
    public func oracle(ad: Double, fd: Double, abserr: Double, scale: Double) -> Double {
        errorEstimateFactor * abserr + scaleFloor * scale + relativeFloor * max(abs(ad), abs(fd))
    }

    /// The tolerance between forward and reverse results.
    ///
    ///     256·u·T
    ///
    /// - Parameters:
    ///   - termScale: `T`, the magnitude of the terms summed (`Σ|uᵢ ẏᵢ|` and `Σ|x̄ⱼ vⱼ|`, or the
    ///     Jacobian's largest entry for an element).
    ///   - unit: The unit roundoff of the AD dtype (2⁻⁵³ for Float64, 2⁻²⁴ for Float32).
    /// - Returns: The largest `|fwd − rev|` that counts as agreement.
    public func modes(termScale: Double, unit: Double) -> Double { modesRoundoff * unit * termScale }

    /// The rounding allowance of an AD value computed with unit roundoff `unit` (zero in Float64).
    ///
    ///     256·u·T   when u > 2⁻⁵³
    ///
    /// - Parameters:
    ///   - termScale: `T`, the magnitude of the terms the AD value sums (or `|ad|`).
    ///   - unit: The unit roundoff the AD value was computed with.
    /// - Returns: The allowance added to ``oracle(ad:fd:abserr:scale:)``; 0 in Float64.
    public func roundingAllowance(termScale: Double, unit: Double) -> Double {
        unit > DType.float64.unitRoundoff ? float32Roundoff * unit * termScale : 0
    }

    /// The noise of an oracle evaluated with unit roundoff `unit` (zero in Float64, where GSL's
    /// own estimate covers it).
    ///
    ///     16·u·(S + |fd|·max(1, |x|)) / h   when u > 2⁻⁵³
    ///
    /// - Parameters:
    ///   - unit: The unit roundoff of the oracle's evaluation.
    ///   - scale: `S`, the scale of the function's values.
    ///   - fd: The oracle's value.
    ///   - x: The point of differentiation along the line.
    ///   - h: The absolute step GSL was given.
    /// - Returns: The allowance added to ``oracle(ad:fd:abserr:scale:)``; 0 in Float64.
    public func oracleNoise(unit: Double, scale: Double, fd: Double, at x: Double, step h: Double) -> Double {
        unit > DType.float64.unitRoundoff ? oracleNoise * unit * (scale + abs(fd) * max(1, abs(x))) / h : 0
    }

    /// The line for the compiled mode against eager mode, as printed in reports that check it:
    /// the same `256·u·T` as forward against reverse (a compiled replay runs the same rules;
    /// fusion may reassociate a sum, which moves it by a few units of `u·T`).
    public var compiledFormula: String {
        "|cmp-rev| <= \(short(modesRoundoff))*u*T   (compiled against eager)"
    }

    /// The policy in one line per comparison, as printed in reports.
    public var formulas: [String] {
        ["|ad-fd| <= \(short(errorEstimateFactor))*abserr + \(short(scaleFloor))*S + \(short(relativeFloor))*max(|ad|,|fd|)",
         "|fwd-rev| <= \(short(modesRoundoff))*u*T   (u: unit roundoff of the AD dtype)"]
    }
}

/// A number in a short form that reads back the same (`4`, `1e-10`, `1e-7`, `0.001`).
func short(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
    var text = "\(x)"
    if let e = text.range(of: "e-0") { text.replaceSubrange(e, with: "e-") }
    return text
}

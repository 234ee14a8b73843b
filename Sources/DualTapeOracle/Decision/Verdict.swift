// SPDX-License-Identifier: GPL-3.0-or-later

/// What a check concluded about one element (or direction) of a derivative.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Forward, reverse and the oracle agree within tolerance.
    case agree = "AGREE"
    /// The one-sided derivatives differ: the point is not differentiable. Passes when the AD
    /// value lies between them (a valid subgradient).
    case kink = "KINK"
    /// The oracle cannot decide (it failed at every step, its error bar is too wide, or its
    /// rules contradict each other, e.g. near a pole); or only Float32 rounding separates AD
    /// from the oracle while the same rules agree in Float64. Not a failure.
    case unresolved = "UNRESOLVED"
    /// The AD value is outside the tolerance of an oracle whose three rules agree with one
    /// another: the derivative rule is wrong.
    case adNotOracle = "AD ≠ ORACLE"
    /// Forward and reverse differ by more than rounding: a bug in one of the two rules.
    case modesDisagree = "MODES DISAGREE"

    /// Whether the check passes with this verdict.
    public var passes: Bool { self == .agree || self == .kink || self == .unresolved }

    /// Failures first, then what needs a look, then agreement (for "worst" and sorting).
    public var severity: Int {
        switch self {
        case .agree: return 0
        case .kink: return 1
        case .unresolved: return 2
        case .adNotOracle: return 3
        case .modesDisagree: return 4
        }
    }
}

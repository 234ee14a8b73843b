// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// What `adcheck ops` concludes about one operator at one order in one mode.
///
/// An operator check compares both modes at every point, so each element's verdict is
/// joint; a mode's verdict is read from the elements that implicate it:
/// - points that passed implicate neither: the mode gets the worst passing verdict
///   among them (AGREE, KINK at a visited kink, UNRESOLVED);
/// - AD ≠ ORACLE implicates both modes (they agreed with each other, not with the oracle);
/// - MODES DISAGREE implicates a mode whose value is outside the oracle's tolerance
///   (with no floor from the function's scale), or both when the oracle gave no value;
/// - a failing element that singles out neither mode implicates both.
struct OperatorVerdict: Equatable {
    /// A verdict's name, or `NO DERIVATIVE` (argmax: the mode refuses, as declared),
    /// `NOT REFUSED` (it should have refused), `NOT CHECKED` (no point could be checked).
    let text: String
    let passed: Bool

    static let noDerivative = OperatorVerdict(text: "NO DERIVATIVE", passed: true)
    static let notRefused = OperatorVerdict(text: "NOT REFUSED", passed: false)
    static let notChecked = OperatorVerdict(text: "NOT CHECKED", passed: false)

    /// A verdict with its text.
    init(text: String, passed: Bool) {
        self.text = text
        self.passed = passed
    }

    /// One of the oracle's verdicts.
    init(_ verdict: Verdict) {
        self.init(text: verdict.rawValue, passed: verdict.passes)
    }

    /// The verdict of `mode` in `report`, judged with `policy`.
    init(_ report: OperatorReport, mode: CheckMode, policy: TolerancePolicy) {
        if report.derivative == .none {
            let refused = report.passed || !report.notes.contains { $0.contains("\(mode.rawValue) DOES NOT refuse") }
            self = refused ? .noDerivative : .notRefused
            return
        }
        guard report.points > 0 else {
            self = .notChecked
            return
        }
        var worst = Verdict.agree
        for verdict in [Verdict.kink, .unresolved] where report.count(verdict) > 0 && verdict.severity > worst.severity {
            worst = verdict
        }
        for failure in report.failures {
            for element in failure.report.elements {
                if let verdict = Self.implications(of: element, policy)[mode], verdict.severity > worst.severity {
                    worst = verdict
                }
            }
        }
        self.init(worst)
    }

    /// The failing verdict `element` gives each mode it implicates (both, when the evidence
    /// singles out neither).
    static func implications(of element: ElementReport, _ policy: TolerancePolicy) -> [CheckMode: Verdict] {
        guard !element.verdict.passes else { return [:] }
        let values: [CheckMode: Double] = [.forward: element.forward, .reverse: element.reverse, .compiled: element.compiled]
            .compactMapValues { $0 }
        let implicated = values.filter { _, value in
            switch (element.verdict, element.oracle) {
            case (.adNotOracle, nil):
                return value != 0   // a declared zero derivative, and this mode is not zero
            case (.modesDisagree, let oracle?):
                let tolerance = policy.oracle(ad: value, fd: oracle, abserr: element.oracleError ?? 0, scale: 0)
                return !(Swift.abs(value - oracle) <= tolerance)
            default:
                return true
            }
        }
        let modes = implicated.isEmpty ? Array(values.keys) : Array(implicated.keys)
        return Dictionary(uniqueKeysWithValues: modes.map { ($0, element.verdict) })
    }
}

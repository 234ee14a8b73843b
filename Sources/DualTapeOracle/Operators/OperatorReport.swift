// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The result of ``checkOperator(_:points:dtype:order:seed:options:modes:)``: every point of every
/// case of one operator, summarized, with the full report of each point that failed.
public struct OperatorReport: Sendable, Codable {
    /// The operator's name, as in the catalog.
    public var name: String
    /// The derivative the operator declares (smooth, piecewise, zero or none), which decides
    /// what was checked.
    public var derivative: DerivativeKind
    /// Points checked (special and random), over all cases.
    public var points: Int
    /// A summary per case, in the order of the entry's cases.
    public var cases: [CaseSummary]
    /// The points that failed, with their inputs (to replay) and reports.
    public var failures: [OperatorFailure]
    /// Points where the check could not run (e.g. the value is not finite there).
    public var skipped: [String]
    /// Remarks printed under the table: the declared-zero rule, the operator's convention
    /// note, and for an operator without a derivative whether each mode refused.
    public var notes: [String]

    /// Whether at least one point was checked and every point passed (a check whose every
    /// point was skipped checked nothing, and does not pass).
    public var passed: Bool { points > 0 && failures.isEmpty && cases.allSatisfy { $0.failed == 0 } }

    /// Element verdicts over all points, by name.
    public var counts: [String: Int] {
        cases.reduce(into: [:]) { total, c in total.merge(c.counts, uniquingKeysWith: +) }
    }

    /// The number of elements with `verdict` over all points.
    ///
    /// - Parameter verdict: The verdict to count, such as ``Verdict/kink``.
    /// - Returns: The count over all cases and points; 0 when none.
    public func count(_ verdict: Verdict) -> Int { counts[verdict.rawValue] ?? 0 }
}

/// One case (attributes and input shapes) of an operator check.
public struct CaseSummary: Sendable, Codable {
    /// The case: operator attributes and input shapes, as the catalog prints it.
    public var description: String
    /// The points checked in this case (skipped points not counted).
    public var points: Int
    /// Points whose check failed.
    public var failed: Int
    /// Element verdicts over the case's points, by name.
    public var counts: [String: Int]
}

/// A point where an operator check failed.
public struct OperatorFailure: Sendable, Codable {
    /// The case that failed, as ``CaseSummary/description``.
    public var caseDescription: String
    /// `random` or the special point's name (`kink at 0`, `ties`, `zeros`).
    public var point: String
    /// The input values, row-major, to replay the check.
    public var inputs: [[Double]]
    /// The full gradient check report at that point.
    public var report: GradientReport
}

extension OperatorReport: CustomStringConvertible {
    /// A row per case; then the first failure's full report.
    public var description: String {
        let verdict = passed ? "PASSED" : points == 0 ? "FAILED: no point could be checked (see skipped)" : "FAILED"
        var lines = ["Operator check: \(name) (\(derivative.rawValue)), \(points) points: \(verdict)"]
        lines.append(row([("case", 36), ("points", -6), ("failed", -6), ("AGREE", -7), ("KINK", -6), ("UNRES", -6)]))
        for c in cases {
            let text = c.description.count > 36 ? String(c.description.prefix(35)) + "…" : c.description
            lines.append(row([(text, 36), ("\(c.points)", -6), ("\(c.failed)", -6), ("\(c.counts[Verdict.agree.rawValue] ?? 0)", -7),
                              ("\(c.counts[Verdict.kink.rawValue] ?? 0)", -6), ("\(c.counts[Verdict.unresolved.rawValue] ?? 0)", -6)]))
        }
        for note in notes { lines.append(contentsOf: wrap("note: " + note, width: 80, indent: "  ")) }
        if !skipped.isEmpty { lines.append("skipped: " + skipped.prefix(5).joined(separator: "; ")) }
        if let failure = failures.first {
            lines.append("")
            lines.append("first failure: \(failure.caseDescription), \(failure.point) point")
            lines.append(failure.report.description)
        }
        return lines.joined(separator: "\n")
    }
}

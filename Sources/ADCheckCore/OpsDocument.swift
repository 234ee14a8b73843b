// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The JSON form of `adcheck ops`.
struct OpsDocument: Codable {
    /// One verdict: an order and a mode.
    struct Cell: Codable {
        var order: Int
        var mode: CheckMode
        /// A verdict's name, or NO DERIVATIVE, NOT REFUSED, NOT CHECKED.
        var verdict: String
        var passed: Bool
    }

    /// One operator's row.
    struct Operator: Codable {
        var name: String
        var family: String
        var derivative: DerivativeKind
        var summary: String
        var passed: Bool
        var verdicts: [Cell]
        /// The oracle's operator report per order (see DualTapeOracle's OperatorReport).
        var reports: [OperatorReport]
        var error: String?
    }

    /// The totals over every operator.
    struct Summary: Codable {
        var operators: Int
        var passed: Int
        var failed: Int
        var points: Int
        /// Element verdicts over every point, by name.
        var counts: [String: Int]
    }

    var tool = "adcheck"
    var version = Commands.version
    var command = "ops"
    var passed: Bool
    var dtype: DType
    var points: Int
    var seed: UInt64
    var orders: [Int]
    var modes: [CheckMode]
    var operators: [Operator]
    var summary: Summary

    /// The document of `results`.
    init(_ results: [OperatorResult], settings: CheckSettings, dtype: DType, points: Int) {
        passed = results.allSatisfy(\.passed)
        self.dtype = dtype
        self.points = points
        seed = settings.seed
        orders = settings.orders
        modes = settings.sortedModes
        operators = results.map { r in
            Operator(name: r.entry.name, family: r.entry.family.rawValue, derivative: r.entry.info.derivative, summary: r.entry.summary,
                     passed: r.passed,
                     verdicts: r.cells.map { Cell(order: $0.order, mode: $0.mode, verdict: $0.verdict.text, passed: $0.verdict.passed) },
                     reports: r.reports, error: r.error)
        }
        var counts: [String: Int] = [:]
        for report in results.flatMap(\.reports) { counts.merge(report.counts, uniquingKeysWith: +) }
        let failed = results.filter { !$0.passed }.count
        summary = Summary(operators: results.count, passed: results.count - failed, failed: failed,
                          points: results.flatMap(\.reports).reduce(0) { $0 + $1.points }, counts: counts)
    }
}

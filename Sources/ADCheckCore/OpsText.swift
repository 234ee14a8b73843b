// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The text of `adcheck ops`: a header, a row per operator as soon as it is checked, a
/// summary, and the evidence of every failure. Rows have fixed columns (a verdict column per
/// order and mode, 15 columns each) so they can be printed one at a time.
struct OpsText {
    let nameWidth: Int
    let settings: CheckSettings
    /// The widths of the kind column and of a verdict column.
    static let kindWidth = 6
    static let cellWidth = 14

    /// The layout for `entries` (the name column fits the longest name).
    init(_ entries: [CatalogEntry], _ settings: CheckSettings) {
        nameWidth = max(8, entries.map(\.name.count).max() ?? 0)
        self.settings = settings
    }

    /// The kind column: how the operator is differentiable.
    static func kind(_ derivative: DerivativeKind) -> String {
        switch derivative {
        case .smooth: return "smooth"
        case .piecewise: return "kinks"
        case .zero: return "zero"
        case .none: return "none"
        }
    }

    /// What is checked, then the two title lines.
    func header(count: Int, points: Int, dtype: DType) -> [String] {
        let orders = settings.order == 1 ? "order 1" : "orders 1 and 2"
        let modes = settings.modesTitle
        var groups = pad("", nameWidth) + " " + pad("", Self.kindWidth)
        for order in settings.orders {
            groups += " " + pad("order \(order)", settings.modes.count * (Self.cellWidth + 1) - 1)
        }
        let titles = [pad("operator", nameWidth), pad("kind", Self.kindWidth)] + settings.orders.flatMap { _ in
            settings.sortedModes.map { pad($0.rawValue, Self.cellWidth) }
        }
        return TextLayout.wrap("adcheck ops: \(TextLayout.plural(count, "operator")), \(dtype), \(orders)\(modes), \(points) points each, seed \(settings.seed)")
            + ["", groups.trimmingTrailingSpaces, titles.joined(separator: " ").trimmingTrailingSpaces]
    }

    /// One operator's row.
    func row(_ result: OperatorResult) -> String {
        let cells = result.cells.map { pad($0.verdict.text, Self.cellWidth) }
        return ([pad(result.entry.name, nameWidth), pad(Self.kind(result.entry.info.derivative), Self.kindWidth)] + cells)
            .joined(separator: " ").trimmingTrailingSpaces
    }

    /// The summary, the legend, skipped points and each failure's evidence.
    func footer(_ results: [OperatorResult]) -> [String] {
        let failed = results.filter { !$0.passed }
        let reports = results.flatMap(\.reports)
        let points = reports.reduce(0) { $0 + $1.points }
        var counts: [String: Int] = [:]
        for report in reports { counts.merge(report.counts, uniquingKeysWith: +) }
        let tally = Verdict.allCases.compactMap { v in counts[v.rawValue].map { "\(v.rawValue) \(TextLayout.count($0))" } }
        var lines = [""]
        lines += TextLayout.wrap("\(TextLayout.plural(results.count, "operator")): \(results.count - failed.count) passed, \(failed.count) failed (\(TextLayout.plural(points, "point")); elements: \(tally.joined(separator: ", ")))")
        lines += TextLayout.wrap("AGREE, KINK (a valid subgradient at a kink), UNRESOLVED (the oracle cannot decide) and NO DERIVATIVE (refused, as declared) pass.")
        for result in results {
            for (order, report) in zip(settings.orders, result.reports) where !report.skipped.isEmpty {
                lines += TextLayout.wrap("skipped: \(result.entry.name), order \(order), \(TextLayout.plural(report.skipped.count, "point")): \(report.skipped[0])")
            }
        }
        for result in failed {
            lines += ["", "\(result.entry.name): FAILED"]
            if let error = result.error { lines += TextLayout.wrap(error) }
            for (order, report) in zip(settings.orders, result.reports) where !report.passed {
                lines += ["order \(order):"] + report.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        lines.append("")
        lines.append(failed.isEmpty
            ? "PASSED: every operator agrees\(settings.modes.count > 1 ? " in every mode" : "") at \(settings.order == 1 ? "order 1" : "orders 1 and 2")."
            : "FAILED: \(failed.map(\.entry.name).joined(separator: ", ")).")
        return lines
    }

    /// `text` padded with spaces to `width`.
    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

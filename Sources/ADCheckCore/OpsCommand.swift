// SPDX-License-Identifier: GPL-3.0-or-later
import CommandLineKit
import DualTape

/// `adcheck ops`: every catalog operator (or the named ones), both modes against each other
/// and the GSL oracle, at orders 1 and 2; one row per operator and a summary.
enum OpsCommand {
    /// The `--points` accepted.
    static let pointsRange = 1 ... 1_000

    /// Checks the operators `invocation` names (all by default) and prints a row for each.
    static func run(_ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
        if invocation.flag("list") {
            OpsList.lines(try selected(invocation.strings("operators"), invocation)).forEach(console.line)
            return .success
        }
        let settings = try CheckSettings(invocation)
        let points = invocation.integer("points") ?? 16
        guard pointsRange.contains(points) else {
            throw invocation.error("The value '\(points)' is invalid for '--points <points>'. Please provide an integer from \(pointsRange.lowerBound) to \(TextLayout.count(pointsRange.upperBound)).")
        }
        let entries = try selected(invocation.strings("operators"), invocation)
        let dtype = settings.dtype ?? .float64
        let json = invocation.flag("json")
        let text = OpsText(entries, settings)
        let progress = Progress(console.err, forced: invocation.flag("progress"))
        if !json { text.header(count: entries.count, points: points, dtype: dtype).forEach(console.line) }
        var results: [OperatorResult] = []
        for (i, entry) in entries.enumerated() {
            let result = OperatorResult(entry, points: points, dtype: dtype, settings: settings) { order in
                progress.update("adcheck ops: \(i + 1)/\(entries.count) \(entry.name), order \(order)")
            }
            results.append(result)
            if !json {
                progress.finish()
                console.line(text.row(result))
            }
        }
        progress.finish()
        if json {
            console.out.write(JSONOutput.text(OpsDocument(results, settings: settings, dtype: dtype, points: points)))
        } else {
            text.footer(results).forEach(console.line)
        }
        return results.allSatisfy(\.passed) ? .success : .failure
    }

    /// The catalog entries named (all when none is), each once, in the order given.
    static func selected(_ names: [String], _ invocation: Invocation) throws(CommandLineError) -> [CatalogEntry] {
        guard !names.isEmpty else { return OperatorCatalog.entries }
        var entries: [CatalogEntry] = []
        for name in names where !entries.contains(where: { $0.name == name }) {
            guard let entry = OperatorCatalog.entry(named: name) else {
                let hint = Suggestion.nearest(to: name, among: OperatorCatalog.entries.map(\.name)).map { " Did you mean '\($0)'?" }
                    ?? " See 'adcheck help expressions' for the operators."
                throw invocation.error("Unknown operator '\(name)'.\(hint)")
            }
            entries.append(entry)
        }
        return entries
    }
}

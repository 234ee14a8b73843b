// SPDX-License-Identifier: GPL-3.0-or-later

/// The text of `adcheck random`: what was run, the counts, and on a failure the shrunk and
/// the original case, the commands that replay the shrunk one, and its full check.
enum RandomText {
    /// The lines of the report.
    static func lines(_ run: RandomRun) -> [String] {
        let settings = run.settings
        let dtypes = run.generatorDType.map(\.rawValue) ?? "float64 and float32"
        let modes = settings.modesTitle
        var lines = TextLayout.wrap("adcheck random: \(TextLayout.plural(run.count, "expression")) (seed \(run.report.seed), \(dtypes), order\(settings.order == 1 ? " 1" : "s 1 and 2")\(modes))")
        var counts = ["\(TextLayout.count(run.agreed)) agree"]
        counts += run.report.classified.sorted { $0.key < $1.key }.map { "\(TextLayout.count($0.value)) \($0.key)" }
        if run.report.failure != nil { counts.append("1 failed") }
        var tally = "\(TextLayout.count(run.report.cases)) checked: \(counts.joined(separator: ", "))"
        let rejected = run.report.discarded - run.unchecked.count
        if rejected > 0 { tally += "; \(TextLayout.count(rejected)) rejected by the generator" }
        lines += TextLayout.wrap(tally)
        if let first = run.unchecked.first {
            lines += TextLayout.wrap("\(TextLayout.plural(run.unchecked.count, "case")) could not be checked, such as: \(first)")
        }
        if !run.report.classified.isEmpty {
            lines += TextLayout.wrap("(a kink or an unresolved point passes; a failure where an operator sees one of its kinks is AD's convention there, counted apart, not failed)")
        }
        if let reason = run.report.gaveUp { lines += TextLayout.wrap("GAVE UP: \(reason)") }
        guard let failure = run.failure else {
            if run.passed { lines.append("PASSED: \(settings.agreeingParties) agree on every expression.") }
            return lines
        }
        let found = failure.found
        lines += [""] + TextLayout.wrap("FAILED: expression \(found.caseIndex + 1) (size \(found.size)), shrunk in \(found.shrinkSteps) steps (\(found.shrinkReplays) replays).")
        lines += ["shrunk case:"] + indented(found.shrunk) + TextLayout.wrap("    -> " + found.shrunkMessage, indent: "       ")
        lines += ["original case:"] + indented(found.original) + TextLayout.wrap("    -> " + found.originalMessage, indent: "       ")
        lines += ["replay the shrunk case with:"] + failure.commands.map { "  " + $0 }
        if let check = failure.check {
            lines += ["", "the shrunk case, checked:"] + CheckText.lines(check)
        }
        return lines
    }

    /// `text` indented by two spaces, line by line; a line longer than 80 columns (the values
    /// of a large variable) is wrapped.
    private static func indented(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let indented = "  " + line
            return indented.count <= 80 ? [indented] : TextLayout.wrap(indented, indent: "      ")
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The text report of a check: the point and the value, then per order each variable's
/// derivative by reverse mode, forward mode, the compiled function and the oracle, a table of differences and
/// verdicts, and the oracle's settings. At most 80 columns.
enum CheckText {
    /// Derivative blocks with more elements than this are not printed (the JSON has them).
    static let arrayLimit = 100

    /// The report; `settings: false` leaves out the oracle's settings and the notes (for
    /// several checks printed together, which print them once).
    static func lines(_ outcome: CheckOutcome, settings printsSettings: Bool = true) -> [String] {
        let subject = outcome.subject
        let gutter = max(12, (subject.variables.map(\.name.count).max() ?? 0) + 2)
        var lines = TextLayout.labeled(subject.expression == nil ? "function" : "expression", subject.title, gutter: gutter)
        for variable in subject.variables {
            lines += TextLayout.labeled(variable.name, describe(variable, seed: outcome.settings.seed), gutter: gutter)
            lines += variable.value.count <= arrayLimit
                ? TextLayout.labeled("", TextLayout.numpy(variable.value), gutter: gutter)
                : [String(repeating: " ", count: gutter) + "(\(TextLayout.plural(variable.value.count, "element")); --json prints them)"]
        }
        lines += TextLayout.labeled("value", "\(TextLayout.shape(outcome.value.shape)) \(outcome.value.dtype)", gutter: gutter)
        lines += TextLayout.labeled("", TextLayout.numpy(outcome.value), gutter: gutter)
        for report in outcome.reports {
            lines += [""] + section(report, subject, scalar: outcome.value.count == 1, gutter: gutter)
        }
        lines.append("")
        if printsSettings { lines += settings(outcome.reports, notes: outcome.subject.notes) }
        lines += TextLayout.wrap(outcome.passed
            ? "PASSED: \(outcome.settings.agreeingParties) agree" + caveats(outcome.reports) + "."
            : "FAILED: a derivative does not agree; see the verdicts above.")
        return lines
    }

    /// What a pass includes besides agreement: `; KINK at 1 element (a valid subgradient)`.
    static func caveats(_ reports: [GradientReport]) -> String {
        let kinks = reports.reduce(0) { $0 + $1.count(.kink) }, unresolved = reports.reduce(0) { $0 + $1.count(.unresolved) }
        var parts: [String] = []
        if kinks > 0 { parts.append("KINK at \(TextLayout.plural(kinks, "element")) (AD gives a valid subgradient)") }
        if unresolved > 0 { parts.append("UNRESOLVED at \(TextLayout.plural(unresolved, "element")) (the oracle cannot decide)") }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
    }

    /// `[2, 2] float64, given`, `[3] float64, random (seed 7, domain: x > 0)`, or for a mask
    /// `[3] float64, random 0/1 mask (seed 7), held constant` (an index array: `random
    /// integers in [0, 3] (seed 7), held constant`).
    static func describe(_ variable: CheckVariable, seed: UInt64) -> String {
        let type = "\(TextLayout.shape(variable.value.shape)) \(variable.value.dtype), "
        switch (variable.origin, variable.isDifferentiated) {
        case (.given, true): return type + "given"
        case (.given, false): return type + "given, held constant (a 0/1 mask or an index array)"
        case (.random(let domain), true): return type + "random (seed \(seed), domain: \(domain))"
        case (.random(let domain), false): return type + "random \(domain) (seed \(seed)), held constant"
        }
    }

    /// One order: a heading, each variable's block, the table, the status, and the oracle's
    /// own report when an element did not simply agree.
    static func section(_ report: GradientReport, _ subject: CheckSubject, scalar: Bool, gutter: Int) -> [String] {
        let inputs = InputDerivative.all(report, subject)
        var lines = [heading(report, scalar: scalar)]
        for input in inputs { lines += block(input, report, subject, scalar: scalar, gutter: gutter) }
        lines.append("")
        lines += table(inputs)
        let counts = Verdict.allCases.filter { report.count($0) > 0 }.map { "\($0.rawValue) \(report.count($0))" }
        lines.append("order \(report.order): \(report.passed ? "PASSED" : "FAILED") (\(counts.joined(separator: ", ")))")
        if report.count(.agree) < report.elements.count {
            lines += ["", "details of order \(report.order), from the oracle's report:"]
            lines += report.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return lines
    }

    /// `scalar`: whether the checked function has one element.
    static func heading(_ report: GradientReport, scalar: Bool) -> String {
        let what: String
        if report.order == 1 {
            what = scalar ? "the gradient" : "the Jacobian"
        } else {
            what = scalar ? "the Hessian" : "the Hessian of <u, f>, u random (seed \(report.seed ?? 0))"
        }
        let how = report.directions.map { "along \(TextLayout.plural($0, "random direction")) per variable" } ?? "element by element"
        return "order \(report.order): \(what), checked \(how)"
    }

    /// A variable's derivative by each mode and the oracle, or why it is not printed.
    static func block(_ input: InputDerivative, _ report: GradientReport, _ subject: CheckSubject, scalar: Bool, gutter: Int) -> [String] {
        guard let shape = input.shape else { return directions(input) }
        let count = Shape.count(shape)
        var lines = TextLayout.wrap(caption(input, shape, report, subject, scalar: scalar))
        guard count <= arrayLimit else {
            return lines + ["  (\(TextLayout.plural(count, "element")); --json prints every one)"]
        }
        for (label, values) in [("reverse", input.reverse), ("forward", input.forward), ("compiled", input.compiled), ("oracle", input.oracle)] {
            guard let values else { continue }
            lines += TextLayout.labeled("  " + label, TextLayout.numpy(values, shape: shape), gutter: gutter)
        }
        return lines
    }

    /// What a derivative block is: gradient, Jacobian or Hessian, its shape, its rows and columns.
    static func caption(_ input: InputDerivative, _ shape: [Int], _ report: GradientReport, _ subject: CheckSubject, scalar: Bool) -> String {
        if report.order == 1 && scalar {
            return "gradient with respect to \(input.name), shape \(TextLayout.shape(shape))"
        }
        if report.order == 1 {
            return "Jacobian with respect to \(input.name), \(TextLayout.shape(shape)): a row per element of the value, a column per element of \(input.name)"
        }
        let ofU = scalar ? "" : " of <u, f>"
        if report.inputs.count == 1 {
            return "Hessian\(ofU) with respect to \(input.name), \(TextLayout.shape(shape)): a row and a column per element of \(input.name)"
        }
        let names = report.inputs.map { subject.variables[$0.index].name }.joined(separator: ", ")
        return "Hessian\(ofU) block of \(input.name), \(TextLayout.shape(shape)): a row per element of the gradient (\(names)), a column per element of \(input.name)"
    }

    /// The directional derivatives `<u, J v>` of a variable, one row per direction.
    static func directions(_ input: InputDerivative) -> [String] {
        let compiled = input.report.elements.contains { $0.compiled != nil }
        var table = TextTable([("  direction", .left), ("forward", .right), ("reverse", .right)] + (compiled ? [("compiled", .right)] : [])
            + [("oracle", .right)])
        let digits = compiled ? 6 : 9
        for e in input.report.elements {
            table.rows.append(["  \(e.direction ?? 0)", TextLayout.sci(e.forward, digits: digits), TextLayout.sci(e.reverse, digits: digits)]
                + (compiled ? [TextLayout.sci(e.compiled, digits: digits)] : []) + [TextLayout.sci(e.oracle, digits: digits)])
        }
        let size = TextLayout.plural(Shape.count(input.report.shape), "element")
        return ["\(input.name) (\(size)): <u, J v> for random u and v"] + table.lines
    }

    /// The table of differences, tolerances and verdicts, a row per variable.
    static func table(_ inputs: [InputDerivative]) -> [String] {
        let modes = inputs.contains { $0.compiled != nil || $0.report.elements.contains { $0.compiled != nil } } ? "|modes|" : "|fwd-rev|"
        var table = TextTable([("variable", .left), (modes, .right), ("|ad-oracle|", .right), ("relative", .right),
                               ("worst err", .right), ("tolerance", .right), ("verdict", .left)])
        for input in inputs {
            let worst = input.report.worst
            table.rows.append([input.name, TextLayout.sci(input.modeDifference), TextLayout.sci(input.oracleDifference),
                               TextLayout.sci(input.relativeDifference), TextLayout.sci(worst?.error), TextLayout.sci(worst?.tolerance),
                               input.verdict.rawValue])
        }
        return table.lines
    }

    /// The oracle's settings, the tolerance policy and the reports' notes.
    static func settings(_ reports: [GradientReport], notes: [String] = []) -> [String] {
        guard let first = reports.first else { return [] }
        let oracle = first.oracle
        var lines = TextLayout.wrap("oracle: GSL's central rule in \(oracle.precision)\(oracle.promoted ? " (float32 promoted)" : ""), step \(TextLayout.number(oracle.relativeStep))*max(1,|x|)")
        let formulas = first.tolerance.formulas
        lines.append("tolerance: " + formulas[0])
        lines += formulas.dropFirst().map { "           " + $0 }
        if first.modes.contains(.compiled) { lines.append("           " + first.tolerance.compiledFormula) }
        var seen: Set<String> = []
        for note in notes + reports.flatMap(\.notes) where seen.insert(note).inserted {
            lines += TextLayout.wrap("note: " + note)
        }
        return lines
    }
}

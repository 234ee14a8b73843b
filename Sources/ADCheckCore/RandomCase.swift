// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle
import DualTapeTesting

/// One generated expression as a ``CheckSubject``, and the commands that replay it.
struct RandomCase {
    let value: ExpressionCase
    /// The expression in the language, when every operator has a spelling there.
    let source: String?

    /// The case `value`, with its source when it has one.
    init(_ value: ExpressionCase) {
        self.value = value
        source = ExpressionSource.text(value.expression, constants: value.constants)
    }

    /// The case to check: variables `x0`, `x1`, ... at the generated values.
    var subject: CheckSubject {
        let variables = value.variables.enumerated().map { i, x in
            CheckVariable(name: "x\(i)", value: x, origin: .given, isDifferentiated: true)
        }
        let title = source ?? value.expression.formatted(constants: value.constants)
        return CheckSubject(title: title, expression: source, variables: variables, function: value.function)
    }

    /// How the outcome of a check counts in `adcheck random`: a pass, a classified case
    /// (kink, unresolved, or AD's convention at an operator's kink), or a failure.
    func outcome(_ checked: CheckOutcome) -> CaseOutcome {
        let reports = checked.reports
        if checked.passed {
            if reports.contains(where: { $0.count(.kink) > 0 }) { return .classified("kink") }
            if reports.contains(where: { $0.count(.unresolved) > 0 }) { return .classified("unresolved") }
            return .pass
        }
        if value.nearKink { return .classified("convention at a kink") }
        return .fail(Self.summary(checked))
    }

    /// One line per order and failing variable: `order 1: x0 AD ≠ ORACLE (error 1.2e-03, tolerance 3.4e-09)`.
    static func summary(_ checked: CheckOutcome) -> String {
        checked.reports.filter { !$0.passed }.flatMap { report in
            report.inputs.filter { !$0.verdict.passes }.map { input in
                let worst = input.worst
                return "order \(report.order): x\(input.index) \(input.verdict.rawValue) (error \(TextLayout.sci(worst?.error, digits: 2)), tolerance \(TextLayout.sci(worst?.tolerance, digits: 2)))"
            }
        }.joined(separator: "; ")
    }

    /// The shell commands that replay this case: the expression with its values (when it has
    /// a spelling in the language), and `adcheck random --replay`.
    func commands(replay token: String, settings: CheckSettings, generatorDType: DType?) -> [String] {
        var commands: [String] = []
        let seed = settings.seed == 0 ? [] : ["--seed", String(settings.seed)]
        if let source {
            let dtype = value.variables.first?.dtype ?? .float64
            let bindings = value.variables.enumerated().flatMap { ["--var", ExpressionSource.binding($0, $1)] }
            commands.append(Self.shell(["adcheck", source] + bindings + (dtype == .float64 ? [] : ["--dtype", dtype.rawValue])
                                       + seed + settings.flags))
        }
        let dtype = generatorDType.map { ["--dtype", $0.rawValue] } ?? []
        commands.append(Self.shell(["adcheck", "random", "--replay", token] + dtype + seed + settings.flags))
        return commands
    }

    /// `words` as a POSIX shell command line (words quoted where the shell would split them).
    static func shell(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=,".contains($0)) }
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

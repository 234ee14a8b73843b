// SPDX-License-Identifier: GPL-3.0-or-later
import CommandLineKit

/// `adcheck <expression> --var ...`: checks one expression's derivatives in forward mode,
/// reverse mode and against the GSL oracle, at first (and with `--order 2` second) order.
enum CheckCommand {
    /// Checks the expression of `invocation` and prints the report; the exit status says whether it agreed.
    static func run(_ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
        let settings = try CheckSettings(invocation)
        let subject = try ExpressionSubject.make(invocation.string("expression") ?? "", bindings: invocation.strings("var"),
                                                 settings: settings, invocation)
        let outcome: CheckOutcome
        do {
            outcome = try CheckRunner.run(subject, settings)
        } catch {
            throw invocation.error(error.message)
        }
        if invocation.flag("json") {
            console.out.write(JSONOutput.text(ChecksDocument(command: "check", passed: outcome.passed, checks: [CheckDocument(outcome)])))
        } else {
            CheckText.lines(outcome).forEach(console.line)
        }
        return outcome.passed ? .success : .failure
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import CommandLineKit
import DualTape
import DualTapeOracle
import DualTapeTesting

/// `adcheck random`: random well-typed compositions of catalog operators (DualTapeTesting's
/// expression generator), each checked like an expression; a failure is shrunk to a minimal
/// case and printed with the commands that replay it.
enum RandomCommand {
    /// The `--count` accepted.
    static let countRange = 1 ... 100_000
    /// The name of the property: with the seed, it fixes the stream of cases.
    static let propertyName = "adcheck random"
    /// Replays spent shrinking a failure at most (each replay is a full check).
    static let shrinkBudget = 400

    /// The operators that may appear: every one with a derivative, except those whose
    /// derivative is zero by declaration (stop_gradient is the identity in value, so the
    /// oracle cannot agree with it; `adcheck ops` checks their zeros exactly).
    static let templates = ExpressionGenerator.defaultTemplates.filter { $0.entry.info.derivative != .zero }

    /// Runs the property over `--count` cases (or replays one case) and prints what it found.
    static func run(_ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
        let settings = try CheckSettings(invocation)
        let generator = ExpressionGenerator(templates: templates, dtype: settings.dtype)
        if let token = invocation.string("replay") {
            return try replay(token, generator, settings, invocation, console)
        }
        let count = invocation.integer("count") ?? 100
        guard countRange.contains(count) else {
            throw invocation.error("The value '\(count)' is invalid for '--count <count>'. Please provide an integer from \(countRange.lowerBound) to \(TextLayout.count(countRange.upperBound)).")
        }
        let progress = Progress(console.err, forced: invocation.flag("progress"))
        var judged = 0, failing = false, unchecked: [String] = []
        // The command line decides the count and the seed: the property-testing environment
        // variables (DUALTAPE_PROPERTY_SEED, …) must not override them silently.
        let configuration = PropertyConfiguration(iterations: count, seed: settings.seed, shrinkBudget: shrinkBudget, readsEnvironment: false)
        let report = runProperty(propertyName, generator.cases, configuration: configuration, describe: { $0.description }) { value in
            judged += 1
            progress.update(failing ? "adcheck random: shrinking a failure (replay \(judged))" : "adcheck random: \(judged)/\(count)")
            let outcome = judge(RandomCase(value), settings)
            switch outcome {
            case .fail where !failing:
                failing = true
                judged = 0
            case .discard(let reason) where !failing:
                unchecked.append(reason)
            default:
                break
            }
            return outcome
        }
        progress.finish()
        let run = RandomRun(report: report, settings: settings, generator: generator, count: count, unchecked: unchecked)
        if invocation.flag("json") {
            console.out.write(JSONOutput.text(RandomDocument(run)))
        } else {
            RandomText.lines(run).forEach(console.line)
        }
        return run.passed ? .success : .failure
    }

    /// The outcome of checking one case; a case the check cannot run on is discarded.
    static func judge(_ c: RandomCase, _ settings: CheckSettings) -> CaseOutcome {
        do {
            return c.outcome(try CheckRunner.run(c.subject, settings))
        } catch {
            return .discard(error.message)
        }
    }

    /// `--replay SIZE:CHOICES`: regenerates that case and checks it like an expression.
    static func replay(_ token: String, _ generator: ExpressionGenerator, _ settings: CheckSettings,
                       _ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
        guard let (size, choices) = ReplayCase.parse(token) else {
            throw invocation.error("The value '\(token)' is invalid for '--replay <case>'. Please provide SIZE:CHOICES as a failure of 'adcheck random' printed it, such as 12:0.3.1f.")
        }
        let value: ExpressionCase
        do {
            value = try generator.cases.generate(DrawSource(replaying: choices, size: size))
        } catch {
            throw invocation.error("--replay \(token) does not give an expression with these options (\(error)); use the --dtype the failure printed")
        }
        let c = RandomCase(value)
        let outcome: CheckOutcome
        do {
            outcome = try CheckRunner.run(c.subject, settings)
        } catch {
            throw invocation.error(error.message)
        }
        if invocation.flag("json") {
            console.out.write(JSONOutput.text(ChecksDocument(command: "random", passed: outcome.passed, checks: [CheckDocument(outcome)])))
        } else {
            CheckText.lines(outcome).forEach(console.line)
            if !outcome.passed && value.nearKink {
                TextLayout.wrap("note: an operator sees an input at one of its kinks, where AD returns its convention; 'adcheck random' counts this case as a kink, not a failure.").forEach(console.line)
            }
        }
        return outcome.passed ? .success : .failure
    }
}

/// The replay token of `adcheck random`: a case's size and its choices, `SIZE:CHOICES` with
/// the choices in hexadecimal separated by dots (`40:1.0.1f.3`).
enum ReplayCase {
    /// The token of a case of size `size` made of `choices`.
    static func token(size: Int, choices: [UInt64]) -> String {
        "\(size):" + choices.map { String($0, radix: 16) }.joined(separator: ".")
    }

    /// The size and choices of `token`, or nil when it is not a token.
    static func parse(_ token: String) -> (size: Int, choices: [UInt64])? {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let size = Int(parts[0]), (0 ... PropertyConfiguration.maxSize).contains(size) else { return nil }
        var choices: [UInt64] = []
        for part in parts[1].split(separator: ".", omittingEmptySubsequences: false) where !(parts[1].isEmpty && part.isEmpty) {
            guard choices.count < 20_000, let choice = UInt64(part, radix: 16) else { return nil }
            choices.append(choice)
        }
        return (size, choices)
    }
}

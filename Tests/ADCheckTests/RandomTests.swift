@testable import ADCheckCore
import CommandLineKit
import DualTape
import DualTapeTesting
import Foundation
import Testing

/// `adcheck random`: random compositions checked; a failure shrunk, printed with commands
/// that replay it, and replayed by them.
@Suite("Random compositions")
struct RandomTests {
    @Test("random expressions agree, and the run is reproducible from its seed")
    func passes() {
        let run = Run(["random", "--count", "30", "--seed", "3"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "adcheck random: 30 expressions (seed 3, float64 and float32, order 1)")
        #expect(lines.dropFirst().first?.hasPrefix("30 checked: ") == true)
        #expect(lines.last == "PASSED: forward mode, reverse mode, the compiled function and the oracle agree on every expression.")
        #expect(Run(["random", "--count", "30", "--seed", "3"]).stdout == run.stdout)
    }

    @Test("--progress writes progress on standard error, never on standard output")
    func progress() {
        let forced = Run(["random", "--count", "3", "--progress", "--json"])
        #expect(forced.stderr == "adcheck random: 1/3\nadcheck random: 2/3\nadcheck random: 3/3\n")
        #expect(forced.stdout.hasPrefix("{"))
        let terminal = Run(["random", "--count", "2"], terminal: true)
        #expect(terminal.stderr == "\r\u{1B}[Kadcheck random: 1/2\r\u{1B}[Kadcheck random: 2/2\r\u{1B}[K")
    }

    /// A run whose property fails on every expression with two operators or more, shrunk.
    static func failingRun() throws -> RandomRun {
        guard case .run(let invocation) = try Commands.tool.parse(["random", "--dtype", "float64", "--seed", "5"]) else {
            throw CommandLineError(.missingSubcommand, commandPath: [], usage: "")
        }
        let settings = try CheckSettings(invocation)
        let generator = ExpressionGenerator(templates: RandomCommand.templates, dtype: .float64)
        let report = runProperty(RandomCommand.propertyName, generator.cases, configuration: PropertyConfiguration(iterations: 50, seed: 5)) { value in
            value.expression.nodeCount >= 2 ? .fail("two operators") : .pass
        }
        return RandomRun(report: report, settings: settings, generator: generator, count: 50, unchecked: [])
    }

    @Test("a failure is shrunk and printed with commands that replay it")
    func failure() throws {
        let run = try Self.failingRun()
        let failure = try #require(run.failure)
        let shrunk = try #require(failure.shrunk)
        #expect(shrunk.value.expression.nodeCount == 2)
        let lines = RandomText.lines(run)
        #expect(lines.contains { $0.hasPrefix("FAILED: expression ") })
        #expect(lines.contains("shrunk case:"))
        #expect(lines.contains("replay the shrunk case with:"))
        #expect(lines.contains("  adcheck random --replay \(failure.token) --dtype float64 --seed 5"))
        for line in lines { #expect(line.count <= 80 || line.hasPrefix("  adcheck "), "\(line)") }

        // The replay token regenerates the shrunk expression.
        let replay = Run(["random", "--replay", failure.token, "--dtype", "float64", "--seed", "5"])
        #expect(replay.status == 0)
        #expect(replay.stdout.hasPrefix("expression  \(try #require(shrunk.source))\n"))

        // So does the expression with its values, written in the language.
        let source = try #require(shrunk.source)
        let bindings = shrunk.value.variables.enumerated().flatMap { ["--var", ExpressionSource.binding($0, $1)] }
        #expect(failure.commands.first == RandomCase.shell(["adcheck", source] + bindings + ["--seed", "5"]))
        let direct = Run([source] + bindings + ["--seed", "5"])
        #expect(direct.status == 0)
        #expect(direct.stdout == replay.stdout)

        let document = try JSONOutput.decoder().decode(RandomDocument.self, from: try JSONOutput.encoder().encode(RandomDocument(run)))
        #expect(document.failure?.replay == failure.token)
        #expect(document.failure?.expression == source)
        #expect(document.passed == false)
    }

    @Test("replay tokens: SIZE:CHOICES in hexadecimal")
    func tokens() {
        #expect(ReplayCase.token(size: 40, choices: [1, 0, 31, 3]) == "40:1.0.1f.3")
        #expect(ReplayCase.parse("40:1.0.1f.3")?.choices == [1, 0, 31, 3])
        #expect(ReplayCase.parse("0:")?.choices == [])
        for bad in ["", "40", "x:1", "101:1", "-1:1", "4:1..2", "4:g", "4:1.", "4:18446744073709551616"] {
            #expect(ReplayCase.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("shell commands quote what the shell would split")
    func shell() {
        #expect(RandomCase.shell(["adcheck", "sin(x0) * x1", "--var", "x0=[1, 2]", "--seed", "5"])
                == "adcheck 'sin(x0) * x1' --var 'x0=[1, 2]' --seed 5")
        #expect(RandomCase.shell(["it's"]) == "'it'\\''s'")
    }
}

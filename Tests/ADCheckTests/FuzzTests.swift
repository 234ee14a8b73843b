@testable import ADCheckCore
import Foundation
import Testing

/// Whatever it is given, `adcheck` ends with status 0, 1 or 64 and says something: text or
/// JSON on standard output, or `Error: ...` with the usage on standard error. It never
/// traps and never hangs (a trap would end this test process).
@Suite("Fuzz: the tool never traps")
struct FuzzTests {
    /// How many runs ended each way.
    struct Tally {
        var runs = 0, passed = 0, failed = 0, usage = 0
    }

    /// Runs `arguments` in-process and checks the outcome's shape.
    static func run(_ arguments: [String], _ tally: inout Tally) {
        let run = Run(arguments)
        tally.runs += 1
        let shown = arguments.joined(separator: " ").prefix(200)
        switch run.status {
        case 0, 1:
            if run.status == 0 { tally.passed += 1 } else { tally.failed += 1 }
            #expect(!run.stdout.isEmpty, "no output: \(shown)")
            #expect(!run.stderr.contains("Error:"), "\(shown)")
            if arguments.contains("--json") && run.stdout.hasPrefix("{") {
                #expect((try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) != nil, "invalid JSON: \(shown)")
            }
        case 64:
            tally.usage += 1
            #expect(run.stdout.isEmpty, "\(shown)")
            #expect(run.stderr.hasPrefix("Error: "), "\(shown): \(run.stderr.prefix(300))")
            #expect(run.stderr.contains("\nUsage: adcheck"), "\(shown)")
            #expect(run.stderr.hasSuffix(" for more information.\n"), "\(shown)")
        default:
            Issue.record("status \(run.status): \(shown)")
        }
    }

    /// One quarter of the inputs (shards run in parallel).
    static func inputs(shard: Int) -> [[String]] {
        var inputs = ToolFuzzInputs(seed: 6_400 + UInt64(shard))
        var all = inputs.randomWords(600) + inputs.mutations(1_000) + inputs.expressions(700) + inputs.optionValues(200)
        let truncations = ToolFuzzInputs.truncations
        all += truncations.indices.filter { $0 % 4 == shard }.map { truncations[$0] }
        if shard == 0 { all += ToolFuzzInputs.pathological }
        return all
    }

    @Test("at least 10,000 random, truncated, mutated, generated, hostile and pathological command lines",
          .timeLimit(.minutes(5)), arguments: 0 ..< 4)
    func commandLines(shard: Int) {
        var tally = Tally()
        for arguments in Self.inputs(shard: shard) { Self.run(arguments, &tally) }
        #expect(tally.runs >= 2_500)
        // Every kind of outcome is exercised, not only usage errors.
        #expect(tally.passed > 200)
        #expect(tally.failed > 0)
        #expect(tally.usage > 1_000)
        print("fuzz shard \(shard): \(tally.runs) runs: \(tally.passed) passed, \(tally.failed) failed, \(tally.usage) bad input")
    }
}

import Testing
@testable import CommandLineKit

/// Whatever the argument list, parsing ends in a command to run, a help or version text,
/// or a usage error with a message (exit status 64): never a trap.
@Suite("Fuzz: the command-line parser never traps")
struct FuzzTests {
    /// A small deterministic generator (SplitMix64), so the test needs no other module.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let words = [
        "check", "ops", "help", "expressions", "--json", "--jsn", "--var", "x=1", "--var=", "--seed", "7", "-3", "abc", "--dtype",
        "float16", "float32", "--tolerance", "nan", "1e-9", "-h", "--help", "--version", "--", "-x", "-s", "-", "", "--json=1",
        "--=", "---", "-é", "--é", "sin(x)", "help", "-x^2", "--progress", "--seed=", "\u{0}", "check ops",
    ]

    @Test("5,000 random argument lists")
    func arguments() {
        var g = Generator(state: 2026)
        var outcomes = (run: 0, help: 0, errors: 0)
        for _ in 0 ..< 5_000 {
            let arguments = (0 ..< g.below(7)).map { _ in
                g.below(10) == 0 ? String(decoding: (0 ..< g.below(6)).map { _ in UInt8(truncatingIfNeeded: g.next()) }, as: UTF8.self)
                                 : Self.words[g.below(Self.words.count)]
            }
            do {
                switch try Fixtures.tool.parse(arguments) {
                case .run(let invocation):
                    outcomes.run += 1
                    #expect(invocation.path.first == "adcheck")
                case .help(let text), .version(let text), .manual(let text):
                    outcomes.help += 1
                    #expect(!text.isEmpty)
                }
            } catch {
                outcomes.errors += 1
                #expect(!error.message.isEmpty)
                #expect(error.exitCode == .usage)
                #expect(error.description.hasPrefix("Error: "))
                #expect(error.description.contains("\nUsage: adcheck"))
            }
        }
        #expect(outcomes.run > 100 && outcomes.help > 100 && outcomes.errors > 100)
    }
}

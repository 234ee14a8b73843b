import Testing
@testable import CommandLineKit

@Suite("Errors: messages, usage, exit status 64")
struct ErrorTests {
    static let checkUsage = "adcheck check <expression> [<options>]"

    @Test("typed parse errors with swift-argument-parser's wording", arguments: [
        (["check", "x", "--jsn"], "Unknown option '--jsn'. Did you mean '--json'?"),
        (["x", "--sed=3"], "Unknown option '--sed'. Did you mean '--seed'?"),
        (["x", "--frobnicate"], "Unknown option '--frobnicate'"),
        (["x", "-q"], "Unknown option '-q'. To pass an argument that starts with '-', put '--' before it."),
        (["check", "-x"], "Unknown option '-x'. To pass an argument that starts with '-', put '--' before it."),
        (["x", "--seed"], "Missing value for '--seed <seed>'"),
        (["x", "--seed", "--json"], "Missing value for '--seed <seed>'"),
        (["x", "--var", "--"], "Missing value for '--var <binding>'"),
        (["x", "--seed", "abc"], "The value 'abc' is invalid for '--seed <seed>'. Please provide an integer."),
        (["x", "--seed=1.5"], "The value '1.5' is invalid for '--seed <seed>'. Please provide an integer."),
        (["x", "--tolerance", "nan"], "The value 'nan' is invalid for '--tolerance <tolerance>'. Please provide a finite number."),
        (["x", "--dtype", "float16"], "The value 'float16' is invalid for '--dtype <dtype>'. Please provide one of 'float32' and 'float64'."),
        (["x", "--json=yes"], "The option '--json' does not take any value, but 'yes' was specified."),
        (["x", "y"], "Unexpected argument 'y'"),
        (["x", "y", "z"], "2 unexpected arguments: 'y', 'z'"),
        (["check"], "Missing expected argument '<expression>'"),
        (["--json"], "Missing expected argument '<expression>'"),
        ([], "Missing expected argument '<expression>'"),
    ])
    func check(arguments: [String], message: String) throws {
        let error = try #require(Fixtures.error(arguments))
        #expect(error.message == message)
        #expect(error.commandPath == ["adcheck", "check"])
        #expect(error.usage == Self.checkUsage)
        #expect(error.exitCode == .usage)
        #expect(error.exitCode.rawValue == 64)
    }

    @Test("the printed form: Error, the usage line, and where to find help")
    func description() throws {
        let error = try #require(Fixtures.error(["check", "x", "--jsn"]))
        #expect(error.description == """
            Error: Unknown option '--jsn'. Did you mean '--json'?
            Usage: adcheck check <expression> [<options>]
              See 'adcheck check --help' for more information.
            """)
        let ops = try #require(Fixtures.error(["ops", "extra"]))
        #expect(ops.description == """
            Error: Unexpected argument 'extra'
            Usage: adcheck ops [--json]
              See 'adcheck ops --help' for more information.
            """)
    }

    @Test("unknown subcommands and help topics suggest the nearest name")
    func subcommands() throws {
        let strict = try #require(Fixtures.error(["chek", "x"], Fixtures.strict))
        #expect(strict.description == """
            Error: Unknown subcommand 'chek'. Did you mean 'check'?
            Usage: tool <subcommand>
              See 'tool --help' for more information.
            """)
        let topic = try #require(Fixtures.error(["help", "expresions"]))
        #expect(topic.message == "Unknown subcommand 'expresions'. Did you mean 'expressions'?")
        #expect(topic.usage == "adcheck <subcommand>")
        #expect(Fixtures.error(["help", "check", "nothing"])?.message == "Unknown subcommand 'nothing'")
        #expect(Fixtures.error(["--json", "x"], Fixtures.strict)?.message == "Unknown option '--json'")
        #expect(Fixtures.error(["--hlep"], Fixtures.strict)?.message == "Unknown option '--hlep'. Did you mean '--help'?")
    }

    @Test("errors the tool finds after parsing print the same way")
    func toolErrors() throws {
        let invocation = try #require(try Fixtures.run(["x", "--var", "x=[1,"]))
        let error = invocation.error("--var x=[1,: expected a number or '['")
        #expect(error.description == """
            Error: --var x=[1,: expected a number or '['
            Usage: adcheck check <expression> [<options>]
              See 'adcheck check --help' for more information.
            """)
        #expect(error.exitCode == .usage)
    }

    @Test("a word after the options is not taken for a subcommand")
    func positionalNamedLikeSubcommand() throws {
        let error = try #require(Fixtures.error(["x", "ops"]))
        #expect(error.message == "Unexpected argument 'ops'")
        #expect(error.commandPath == ["adcheck", "check"])
    }
}

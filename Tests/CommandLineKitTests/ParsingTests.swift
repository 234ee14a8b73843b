import Testing
@testable import CommandLineKit

@Suite("Parsing: subcommands, options, flags, positionals")
struct ParsingTests {
    @Test("the default subcommand runs when none is named, with its options before or after its arguments")
    func defaultSubcommand() throws {
        for arguments in [["sin(x)", "--json"], ["--json", "sin(x)"], ["check", "sin(x)", "--json"], ["check", "--json", "sin(x)"]] {
            let invocation = try #require(try Fixtures.run(arguments))
            #expect(invocation.path == ["adcheck", "check"])
            #expect(invocation.string("expression") == "sin(x)")
            #expect(invocation.flag("json"))
            #expect(!invocation.flag("progress"))
        }
    }

    @Test("--name value, --name=value, -s value; repeatable options collect, others keep the last value")
    func options() throws {
        let invocation = try #require(try Fixtures.run([
            "check", "x @ w", "--var", "x=[[1,2],[3,4]]", "--var=w=shape:2x3", "--seed", "7", "-s", "9",
            "--dtype=float32", "--tolerance", "1e-6", "--progress",
        ]))
        #expect(invocation.strings("var") == ["x=[[1,2],[3,4]]", "w=shape:2x3"])
        #expect(invocation.integer("seed") == 9)
        #expect(invocation.string("dtype") == "float32")
        #expect(invocation.number("tolerance") == 1e-6)
        #expect(invocation.flag("progress"))
        #expect(invocation.command.name == "check")
    }

    @Test("defaults apply to options that were not given")
    func defaults() throws {
        let invocation = try #require(try Fixtures.run(["x"]))
        #expect(invocation.integer("seed") == 0)
        #expect(invocation.string("dtype") == "float64")
        #expect(invocation.string("tolerance") == nil)
        #expect(invocation.strings("var") == [])
    }

    @Test("words that start with '-' but are not options are positional; '--' ends the options", arguments: [
        (["-x^2"], "-x^2"), (["-1"], "-1"), (["-sin(x)"], "-sin(x)"), (["--", "-x"], "-x"), (["--", "--json"], "--json"),
        (["check", "--", "help"], "help"), (["--var", "x=-1", "-2*x"], "-2*x"), (["--var=-x", "y"], "y"),
    ])
    func dashes(arguments: [String], expression: String) throws {
        let invocation = try #require(try Fixtures.run(arguments))
        #expect(invocation.string("expression") == expression)
    }

    @Test("a negative number is a value, not a missing one")
    func negativeValue() throws {
        let invocation = try #require(try Fixtures.run(["x", "--seed", "-3"]))
        #expect(invocation.integer("seed") == -3)
    }

    @Test("another subcommand, by name")
    func otherSubcommand() throws {
        let invocation = try #require(try Fixtures.run(["ops", "--json"]))
        #expect(invocation.path == ["adcheck", "ops"])
        #expect(invocation.flag("json"))
    }

    @Test("-h, --help and help <subcommand> print help; --version prints the version", arguments: [
        (["--help"], "OVERVIEW: Compare"), (["-h"], "OVERVIEW: Compare"), (["help"], "OVERVIEW: Compare"),
        (["check", "--help"], "OVERVIEW: Check"), (["check", "x", "--seed", "1", "-h"], "OVERVIEW: Check"),
        (["help", "check"], "OVERVIEW: Check"), (["help", "ops"], "OVERVIEW: List"), (["ops", "-h"], "OVERVIEW: List"),
        (["x", "--help"], "OVERVIEW: Check"), (["help", "expressions"], "EXPRESSIONS\n  x + y"),
        (["--version"], "adcheck 0.1.0"), (["ops", "--version"], "adcheck 0.1.0"),
    ])
    func helpAndVersion(arguments: [String], prefix: String) throws {
        let text = try #require(Fixtures.text(arguments))
        #expect(text.hasPrefix(prefix))
    }

    @Test("a tool with subcommands and no default prints its help when run without arguments")
    func noArguments() {
        #expect(Fixtures.text([], Fixtures.strict)?.hasPrefix("OVERVIEW: A tool.") == true)
        #expect(Fixtures.error(["x"], Fixtures.strict)?.message == "Unknown subcommand 'x'")
    }
}

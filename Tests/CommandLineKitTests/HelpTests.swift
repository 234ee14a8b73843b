import Testing
@testable import CommandLineKit

@Suite("Help rendering, pinned")
struct HelpTests {
    @Test("the tool's help: OVERVIEW, USAGE, OPTIONS, SUBCOMMANDS, HELP TOPICS")
    func root() {
        #expect(Fixtures.text(["--help"]) == """
            OVERVIEW: Compare forward mode, reverse mode and a GSL oracle.

            USAGE: adcheck <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              check (default)         Check the derivatives of an expression in forward
                                      mode, reverse mode and against a numerical oracle.
              ops                     List the operators of the catalog.

            HELP TOPICS:
              expressions             The expression language: grammar, functions, examples.

              See 'adcheck help <subcommand>' for detailed help.
            """)
    }

    @Test("a subcommand's help: ARGUMENTS, options with short names, values and defaults")
    func subcommand() {
        let expected = """
            OVERVIEW: Check the derivatives of an expression in forward mode, reverse mode
            and against a numerical oracle.

            Variables are bound with --var; unbound shapes are sampled inside the domain the
            expression needs, from the seed.

            USAGE: adcheck check <expression> [<options>]

            ARGUMENTS:
              <expression>            The expression to differentiate (see 'adcheck help
                                      expressions').

            OPTIONS:
              --var <binding>         Bind a variable: NAME=ARRAY or NAME=shape:2x3.
              -s, --seed <seed>       The seed of the random values. (default: 0)
              --dtype <dtype>         The element type. (values: float32, float64; default:
                                      float64)
              --tolerance <tolerance> A relative tolerance to use instead of the automatic
                                      one.
              --json                  Print the report as JSON.
              --progress              Show progress on standard error.
              --version               Show the version.
              -h, --help              Show help information.
            """
        #expect(Fixtures.text(["check", "--help"]) == expected)
        #expect(Fixtures.text(["help", "check"]) == expected)
    }

    @Test("a short usage line lists every option")
    func shortUsage() {
        #expect(Fixtures.text(["help", "ops"]) == """
            OVERVIEW: List the operators of the catalog.

            USAGE: adcheck ops [--json]

            OPTIONS:
              --json                  Print the list as JSON.
              --version               Show the version.
              -h, --help              Show help information.
            """)
    }

    @Test("usage forms: required, repeatable, optional and repeating arguments")
    func usageForms() {
        let command = Command("copy", arguments: [Argument("source", help: "From."), Argument("targets", help: "To.", isOptional: true, isRepeating: true)],
                              options: [.value("mode", required: true, help: "How."), .value("tag", repeatable: true, help: "Tags."), .flag("force", help: "Yes.")])
        #expect(Help.usage([command]) == "copy <source> [<targets> ...] --mode <mode> [--tag <tag> ...] [--force]")
        #expect(Fixtures.error(["a"], command)?.message == "Missing expected argument '--mode <mode>'")
        let invocation = try? Fixtures.run(["a", "b", "c", "--mode", "x", "--tag", "1", "--tag", "2"], command)
        #expect(invocation?.strings("targets") == ["b", "c"])
        #expect(invocation?.strings("tag") == ["1", "2"])
    }

    @Test("rows: a long label puts its description on the next line; descriptions wrap at column 26 and 80")
    func rows() {
        #expect(Help.row("--a-very-long-option-name <value>", "Short.") == "  --a-very-long-option-name <value>\n                          Short.")
        let wrapped = Help.row("--x", String(repeating: "word ", count: 30))
        for line in wrapped.split(separator: "\n") { #expect(line.count <= 80) }
        #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 26) + "word") })
    }

    @Test("wrapping keeps paragraphs and never breaks a word")
    func wrapping() {
        #expect(Wrapping.lines("aaa bbb ccc\n\nddd", width: 7) == ["aaa bbb", "ccc", "", "ddd"])
        #expect(Wrapping.lines("abcdefghij k", width: 4) == ["abcdefghij", "k"])
        #expect(Wrapping.wrap("", width: 10) == "")
    }
}

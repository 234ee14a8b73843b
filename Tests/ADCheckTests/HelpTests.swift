import ADExpression
import DualTape
import Testing

/// The help of every subcommand, pinned, reached every way a Swift command-line tool offers.
@Suite("Help pages")
struct HelpTests {
    /// Runs `arguments` and expects `page` on standard output, nothing on standard error, status 0.
    func expectPage(_ arguments: [String], _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let run = Run(arguments)
        #expect(run.status == 0, sourceLocation: sourceLocation)
        #expect(run.stdout == page + "\n", "adcheck \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        #expect(run.stderr.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func root() {
        for arguments in [["--help"], ["-h"], ["help"]] { expectPage(arguments, HelpPages.root) }
    }

    @Test func check() {
        for arguments in [["help", "check"], ["check", "--help"], ["check", "-h"], ["sum(x)", "--var", "x=[1]", "--help"]] {
            expectPage(arguments, HelpPages.check)
        }
    }

    @Test func ops() {
        for arguments in [["help", "ops"], ["ops", "--help"], ["ops", "sin", "-h"]] { expectPage(arguments, HelpPages.ops) }
    }

    @Test func random() {
        for arguments in [["help", "random"], ["random", "--help"]] { expectPage(arguments, HelpPages.random) }
    }

    @Test func example() {
        for arguments in [["help", "example"], ["example", "--help"]] { expectPage(arguments, HelpPages.example) }
        for arguments in [["help", "example", "seed"], ["example", "seed", "--help"]] { expectPage(arguments, HelpPages.seed) }
    }

    @Test func versionAndTopics() {
        expectPage(["--version"], "adcheck 0.1.0\nBLAS: \(BLAS.configuration)")
        expectPage(["help", "expressions"], ExpressionLanguage.helpText)
    }

    @Test("every help line fits in 80 columns")
    func width() {
        for page in [HelpPages.root, HelpPages.check, HelpPages.ops, HelpPages.random, HelpPages.example, HelpPages.seed] {
            for line in page.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        }
    }

    @Test func unknownHelpTopic() {
        let run = Run(["help", "exprssions"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
            Error: Unknown subcommand 'exprssions'. Did you mean 'expressions'?
            Usage: adcheck <subcommand>
              See 'adcheck --help' for more information.

            """)
    }
}

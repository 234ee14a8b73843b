@testable import ADCheckCore
import Foundation
import Testing

/// `adcheck example seed`: the seed tutorial's functions, checked.
@Suite("The seed example")
struct ExampleTests {
    @Test("Y = 2*X*X and f(a) at four points agree in every mode (compiled too, through its guards) and with the oracle")
    func seed() {
        let run = Run(["example", "seed"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let text = run.maskedStdout
        for block in [
            """
            function    Y = 2 * X * X
            X           [2, 2] float32, given
                        [[1. 2.]
                         [3. 4.]]
            value       [2, 2] float32
                        [[ 2.  8.]
                         [18. 32.]]
            """,
            """
            function    c = f(a)
            a           [2] float32, given
                        [ 0.9273255  -0.45468742]
            value       [1] float32
                        [949.5813]

            order 1: the gradient, checked element by element
            gradient with respect to a, shape [2]
              reverse   [1024.    0.]
              forward   [1024.    0.]
              compiled  [1024.    0.]
              oracle    [1024.    0.]
            """,
            "  reverse   [2048.    0.]", "  reverse   [   0. 2048.]", "  reverse   [512.   0.]",
        ] {
            #expect(text.contains(block), "\(block)")
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "order 1: PASSED (AGREE 2)" }.count == 4)
        #expect(lines.contains("order 1: PASSED (AGREE 16)"))
        #expect(lines.last == "PASSED: all 5 checks agree.")
        for line in lines { #expect(line.count <= 80, "\(line)") }
    }

    @Test("--json: five checks, the tutorial's gradient [1024, 0]")
    func json() throws {
        let run = Run(["example", "seed", "--json"])
        #expect(run.status == 0)
        let document = try JSONOutput.decoder().decode(ChecksDocument.self, from: Data(run.stdout.utf8))
        #expect(document.command == "example seed")
        #expect(document.passed)
        #expect(document.checks.map(\.title) == ["Y = 2 * X * X", "c = f(a)", "c = f(a)", "c = f(a)", "c = f(a)"])
        #expect(document.checks[1].orders[0].variables[0].reverse == [1024, 0])
        #expect(document.checks[1].orders[0].variables[0].forward == [1024, 0])
        #expect(document.checks[1].orders[0].variables[0].compiled == [1024, 0])
        #expect(document.checks[0].orders[0].variables[0].shape == [4, 4])
    }
}

import Foundation
import Testing
@testable import DualTape

/// The seed tutorial, run end to end: `Examples/AutogradTutorial` must print what real
/// MXNet 1.9.1 printed for every cell (`Golden/seed_mxnet_output.txt`), line for line.
@Suite("Seed tutorial")
struct TutorialTests {
    /// The notebook's cells in order, by their title in the golden file.
    static let cells = [
        "In [1] (skipped: !pip install mxnet)", "In [0] imports", "In [14]", "In [0] attach_grad", "In [16]",
        "In [17]", "In [18]", "In [0] def f", "In [90] variant A: exact seed input", "In [91] variant A",
        "In [0] X = [[2,4],[7,5]]", "In [93]", "In [94]",
    ]

    /// The output block of each cell of the golden file, by title.
    static func goldenOutputs() throws -> [String: String] {
        let text = try golden("seed_mxnet_output.txt")
        var outputs: [String: String] = [:]
        for chunk in text.components(separatedBy: "\n===== ").dropFirst() {
            guard let titleEnd = chunk.range(of: " =====\n"),
                  let outputStart = chunk.range(of: "--- output ---\n") else { continue }
            let title = String(chunk[..<titleEnd.lowerBound])
            // A block runs to the blank line before the next "=====" (or the file's end).
            var output = String(chunk[outputStart.upperBound...])
            if output.hasSuffix("\n\n") { output.removeLast() }
            outputs[title] = output
        }
        return outputs
    }

    @Test func exampleOutputEqualsMXNetLineForLine() throws {
        let outputs = try Self.goldenOutputs()
        let expected = try Self.cells.map { try #require(outputs[$0], "golden cell \($0)") }.joined()
        let executable = try #require(builtExecutable("AutogradTutorial"), "build the example first (swift build)")
        let result = try run(executable)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let tutorial = try #require(result.stdout.components(separatedBy: "--- forward mode ---\n").first)
        let got = tutorial.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (g, w)) in zip(got, want).enumerated() where g != w {
            Issue.record("line \(i + 1): got '\(g)' expected '\(w)'")
            break
        }
        #expect(got.count == want.count, "\(got.count) lines vs \(want.count) in the golden output")
        #expect(tutorial == expected)
        // The forward-mode section gives the same derivatives.
        #expect(result.stdout.contains("dY along ones (= 4X) = [4.0, 8.0, 12.0, 16.0]"))
        #expect(result.stdout.contains("gradient of c by forward mode = [1024.0, 0.0]"))
    }

    /// The seed's `f` in-process, in both modes, also checks the branch not taken by the seed's input.
    @Test(arguments: [([0.9273255, -0.45468742], [1024.0, 0]), ([0.04766667, -0.8899727], [0, 2048.0]), ([0.65818727, 0.49566984], [2048.0, 0])])
    func seedFunctionGradientInBothModes(_ input: [Double], _ expected: [Double]) throws {
        func f(_ a: NDArray) -> NDArray {
            var b = a * 2
            while b.norm().asScalar() < 1000 { b = b * 2 }
            return b.sum().asScalar() >= 0 ? b[0] : b[1]
        }
        var a = NDArray(input, dtype: .float32)
        a.attachGrad()
        let c = Autograd.record { f(a) }
        #expect(c.shape == [1])
        try c.backward()
        expectValues(a.grad, expected, shape: [2])
        let forward = try [NDArray([1, 0], dtype: .float32), NDArray([0, 1], dtype: .float32)].map {
            try jvp(at: a.detach(), tangent: $0, f).tangent.scalars[0]
        }
        #expect(forward == expected)
    }
}

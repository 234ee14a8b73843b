import Foundation
import Testing

/// A cell of the captured MXNet 1.9.1 runs (`Tests/DualTapeTests/Golden`): its Python source
/// and what it printed. An article's ```` ```python ```` block must be the source of one of
/// them, and a ```` ```text ```` block right after it that cell's output.
struct GoldenCell {
    let title: String
    let source: String
    let output: String

    /// The cells of the seed tutorial's run and of the autograd semantics runs.
    static func all() throws -> [GoldenCell] {
        let golden = PackageRoot.url.appendingPathComponent("Tests/DualTapeTests/Golden")
        let tutorial = try String(contentsOf: golden.appendingPathComponent("seed_mxnet_output.txt"), encoding: .utf8)
        let semantics = try String(contentsOf: golden.appendingPathComponent("mxnet_semantics.txt"), encoding: .utf8)
        return parse(tutorial, sourceMarker: "--- source ---") + parse(semantics, sourceMarker: "--- code ---")
    }

    /// The output of the cell titled `title`.
    static func output(of title: String) throws -> String {
        try #require(try all().first { $0.title == title }, "no golden cell '\(title)'").output
    }

    /// Cells written as `===== title =====`, the source marker, the source, `--- output ---`,
    /// the output (to the next cell).
    static func parse(_ text: String, sourceMarker: String) -> [GoldenCell] {
        text.components(separatedBy: "\n===== ").dropFirst().compactMap { chunk in
            guard let titleEnd = chunk.range(of: " =====\n"),
                  let sourceStart = chunk.range(of: sourceMarker + "\n"),
                  let outputStart = chunk.range(of: "--- output ---\n") else { return nil }
            let source = String(chunk[sourceStart.upperBound ..< outputStart.lowerBound])
            let output = String(chunk[outputStart.upperBound...])
            // "(no exception)" is the capture's own note, not MXNet's output.
            return GoldenCell(title: String(chunk[..<titleEnd.lowerBound]),
                              source: normalizedCode(source.components(separatedBy: "\n")),
                              output: normalizedCode(output.components(separatedBy: "\n").filter { $0 != "(no exception)" }))
        }
    }
}

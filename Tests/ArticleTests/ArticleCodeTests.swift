import Foundation
import Testing

/// The articles' code cannot rot: every ```` ```swift ```` block of every catalog article is a
/// snippet region of this target (compiled, and run by its test), every region is shown, every
/// ```` ```text ```` block is output that a test compares, and every ```` ```python ```` block is
/// MXNet code whose output was captured. See CONTRIBUTING.md, "Documentation: articles".
@Suite("Article code")
struct ArticleCodeTests {
    static let languages: Set<String> = ["swift", "text", "python", ""]

    @Test func thereAreArticles() throws {
        #expect(try Article.all().count >= 7)
    }

    @Test func snippetNamesAreUnique() throws {
        let regions = try SnippetRegion.all()
        for (name, group) in Dictionary(grouping: regions, by: \.name) where group.count > 1 {
            Issue.record("snippet '\(name)' is defined in \(group.map(\.file).joined(separator: " and "))")
        }
    }

    @Test func everySwiftBlockIsASnippet() throws {
        let regions = try SnippetRegion.all()
        for article in try Article.all() {
            for block in article.blocks where block.language == "swift" {
                guard !regions.contains(where: { $0.code == block.code }) else { continue }
                Issue.record("\(article.file):\(block.line): this swift block is no snippet region's code. \(closest(block.code, regions))")
            }
        }
    }

    @Test func everySnippetIsShown() throws {
        let shown = Set(try Article.all().flatMap { $0.blocks.filter { $0.language == "swift" }.map(\.code) })
            .union(try TutorialCode.all().compactMap(\.code))
        for region in try SnippetRegion.all() where !shown.contains(region.code) {
            Issue.record("\(region.file):\(region.line): snippet '\(region.name)' is shown by no article or tutorial (or its copy there differs)")
        }
    }

    /// A tutorial step's code file is a snippet region's code, so a test compiles and runs it.
    @Test func everyTutorialCodeFileIsASnippet() throws {
        let regions = try SnippetRegion.all()
        for step in try TutorialCode.all() {
            guard let code = step.code else {
                Issue.record("\(step.tutorial):\(step.line): no file '\(step.name)' in the catalog (put it in its Resources)")
                continue
            }
            if !regions.contains(where: { $0.code == code }) {
                Issue.record("\(step.file!): this tutorial code is no snippet region's code. \(closest(code, regions))")
            }
        }
    }

    /// A Swift file in a catalog is a tutorial step's code, which the test above checks.
    @Test func everyCatalogSwiftFileIsATutorialStep() throws {
        let shown = Set(try TutorialCode.all().compactMap(\.file))
        for file in try TutorialCode.swiftResources() where !shown.contains(file) {
            Issue.record("\(file): no tutorial step shows this file (a @Code directive's file:)")
        }
    }

    @Test func everyBlockIsOfAKnownKind() throws {
        for article in try Article.all() {
            for block in article.blocks where !Self.languages.contains(block.language) {
                Issue.record("\(article.file):\(block.line): a '\(block.language)' block; articles use swift (a snippet), text (its output), python (MXNet's, captured) or a plain block for mathematics")
            }
            // An indented code block would escape the checks.
            var previousBlank = true
            for (number, line) in article.proseLines {
                if previousBlank && (line.hasPrefix("    ") || line.hasPrefix("\t")) && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    Issue.record("\(article.file):\(number): an indented code block; use a fenced one")
                }
                previousBlank = line.trimmingCharacters(in: .whitespaces).isEmpty
            }
        }
    }

    @Test func everyOutputBlockIsChecked() throws {
        let regions = try SnippetRegion.all()
        let cells = try GoldenCell.all()
        for article in try Article.all() {
            for (index, block) in article.blocks.enumerated() where block.language == "text" {
                let previous = index > 0 ? article.blocks[index - 1] : nil
                switch previous?.language {
                case "swift":
                    guard let region = regions.first(where: { $0.code == previous!.code }) else { continue }   // reported above
                    let source = try String(contentsOf: PackageRoot.url.appendingPathComponent(region.file), encoding: .utf8)
                    // expectOutput(of:printed:), or a helper of the same form that calls it.
                    if !source.contains("Output(of: \"\(region.name)\"") {
                        Issue.record("\(article.file):\(block.line): this output of snippet '\(region.name)' is compared by no test: call expectOutput(of: \"\(region.name)\", printed:) in \(region.file)")
                    }
                case "python":
                    guard let cell = cells.first(where: { $0.source == previous!.code }) else { continue }   // reported below
                    if let difference = outputDifference(printed: cell.output, shown: block.code) {
                        Issue.record("\(article.file):\(block.line): not what MXNet printed for cell '\(cell.title)': \(difference)")
                    }
                default:
                    Issue.record("\(article.file):\(block.line): a text block must follow the swift or python block whose output it is")
                }
            }
        }
    }

    @Test func everyPythonBlockIsCapturedMXNetCode() throws {
        let cells = try GoldenCell.all()
        for article in try Article.all() {
            for block in article.blocks where block.language == "python" && !cells.contains(where: { $0.source == block.code }) {
                Issue.record("\(article.file):\(block.line): this python block is the source of no cell in Tests/DualTapeTests/Golden")
            }
        }
    }

    @Test func everyArticleHasATitleAndAnAbstract() throws {
        for article in try Article.all() {
            let lines = article.text.components(separatedBy: "\n")
            let title = lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard let title, lines[title].hasPrefix("# ") else {
                Issue.record("\(article.file): the first line must be '# Title'")
                continue
            }
            let abstract = lines[(title + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            if ["#", "@", "```", "|", "- ", "* ", "!", "<"].contains(where: { abstract.hasPrefix($0) }) {
                Issue.record("\(article.file): the title must be followed by a one-paragraph abstract, found '\(abstract)'")
            }
        }
    }

    /// Rows of the differences table cited as `D5` must exist in Validation/README.md.
    @Test func citedValidationRowsExist() throws {
        let readme = try String(contentsOf: PackageRoot.url.appendingPathComponent("Validation/README.md"), encoding: .utf8)
        let rows = Set(readme.components(separatedBy: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| D") else { return nil }
            return line.dropFirst(2).prefix { $0 != " " }.description
        })
        let citation = try Regex(#"\bD[0-9]+\b"#)
        for article in try Article.all() {
            for (number, line) in article.proseLines {
                for match in line.matches(of: citation) where !rows.contains(String(line[match.range])) {
                    Issue.record("\(article.file):\(number): \(line[match.range]) is no row of Validation/README.md's differences table")
                }
            }
        }
    }

    /// The region sharing the most lines with `code`, and where they first differ.
    private func closest(_ code: String, _ regions: [SnippetRegion]) -> String {
        let lines = code.components(separatedBy: "\n")
        guard let best = regions.max(by: { shared(lines, $0) < shared(lines, $1) }), shared(lines, best) > 0 else {
            return "Put it in a '// snippet: NAME' region of a test in Tests/ArticleTests."
        }
        let other = best.code.components(separatedBy: "\n")
        let i = zip(lines, other).prefix { $0 == $1 }.count
        let theirs = i < other.count ? other[i] : "(end)"
        let ours = i < lines.count ? lines[i] : "(end)"
        return "Closest: '\(best.name)' (\(best.file):\(best.line)), which differs at line \(i + 1): region '\(theirs)', article '\(ours)'."
    }

    private func shared(_ lines: [String], _ region: SnippetRegion) -> Int {
        Set(lines).intersection(region.code.components(separatedBy: "\n")).count
    }
}

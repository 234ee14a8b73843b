import Foundation

/// An article of a documentation catalog (`Sources/<Module>/<Module>.docc/*.md`) and its
/// fenced code blocks.
struct Article {
    /// The path relative to the package root.
    let file: String
    let text: String
    let blocks: [FencedBlock]

    /// A fenced block: its info string (`swift`, `text`, `python`, or empty for mathematics)
    /// and its contents, normalized as snippet regions are.
    struct FencedBlock {
        let language: String
        /// The line of the opening fence (from 1).
        let line: Int
        let code: String
    }

    /// Every Markdown file of every catalog under `Sources`.
    static func all() throws -> [Article] {
        let sources = PackageRoot.url.appendingPathComponent("Sources")
        var articles: [Article] = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            let catalog = sources.appendingPathComponent(module).appendingPathComponent("\(module).docc")
            guard let files = FileManager.default.enumerator(at: catalog, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where url.pathExtension == "md" {
                let file = "Sources/\(module)/\(module).docc/" + url.path.dropFirst(catalog.path.count + 1)
                articles.append(try Article(file: file, text: String(contentsOf: url, encoding: .utf8)))
            }
        }
        return articles.sorted { $0.file < $1.file }
    }

    init(file: String, text: String) throws {
        self.file = file
        self.text = text
        var blocks: [FencedBlock] = []
        var open: (language: String, line: Int, lines: [String])?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = open {
                if trimmed == "```" {
                    blocks.append(FencedBlock(language: block.language, line: block.line, code: normalizedCode(block.lines)))
                    open = nil
                } else {
                    block.lines.append(line)
                    open = block
                }
            } else if trimmed.hasPrefix("```") {
                guard line.prefix(while: { $0 == " " }).count < 4 else {
                    throw SnippetError("\(file):\(index + 1): a fence indented by four spaces or more")
                }
                open = (String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces), index + 1, [])
            }
        }
        if let open { throw SnippetError("\(file):\(open.line): a code block is never closed") }
        self.blocks = blocks
    }

    /// The lines outside fenced blocks, with their numbers (from 1).
    var proseLines: [(number: Int, text: String)] {
        var inFence = false
        var lines: [(Int, String)] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
            } else if !inFence {
                lines.append((index + 1, line))
            }
        }
        return lines
    }

    /// The block right after block `index` when it is a `text` block: what that code prints.
    func output(after index: Int) -> FencedBlock? {
        let next = index + 1
        return next < blocks.count && blocks[next].language == "text" ? blocks[next] : nil
    }
}

/// Whether `printed` is what an article's output block shows. Both lose their leading and
/// trailing blank lines and trailing spaces; a line `...` in the block stands for any number of
/// printed lines (for long reports shown in part). Returns the first difference, or nil.
func outputDifference(printed: String, shown: String) -> String? {
    let got = normalizedCode(printed.components(separatedBy: "\n")).components(separatedBy: "\n")
    let want = shown.components(separatedBy: "\n")
    // matches[i][j]: got[i...] matches want[j...].
    var matches = Array(repeating: Array(repeating: false, count: want.count + 1), count: got.count + 1)
    matches[got.count][want.count] = true
    for i in stride(from: got.count, through: 0, by: -1) {
        for j in stride(from: want.count - 1, through: 0, by: -1) {
            if want[j] == "..." {
                matches[i][j] = matches[i][j + 1] || (i < got.count && matches[i + 1][j])
            } else {
                matches[i][j] = i < got.count && got[i] == want[j] && matches[i + 1][j + 1]
            }
        }
    }
    if matches[0][0] { return nil }
    // The first line where a literal comparison fails (the elisions make this a guide only).
    var (i, j) = (0, 0)
    while i < got.count && j < want.count && (want[j] == "..." || got[i] == want[j]) {
        if want[j] == "..." {
            j += 1
            while i < got.count && (j >= want.count || got[i] != want[j]) { i += 1 }
        } else {
            i += 1
            j += 1
        }
    }
    let gotLine = i < got.count ? "'\(got[i])'" : "the end of the output"
    let wantLine = j < want.count ? "'\(want[j])'" : "the end of the block"
    return "printed line \(i + 1) is \(gotLine), the article shows \(wantLine) (block line \(j + 1))\n--- printed ---\n"
        + got.joined(separator: "\n")
}

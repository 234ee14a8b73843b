import Foundation

/// A named region of this target's test sources whose code an article shows.
///
///     // snippet: getting-started-record
///     let y = Autograd.record { 2 * x * x }
///     // end-snippet
///
/// The markers sit on lines of their own. Regions with the same name in one file are segments
/// of one snippet, joined by a blank line in file order (an `import` at the top of the file and
/// the code inside a test). Each segment loses its common indentation and its leading and
/// trailing blank lines.
struct SnippetRegion {
    let name: String
    /// The source file, relative to the package root.
    let file: String
    /// The line of the first segment's opening marker (from 1).
    let line: Int
    /// The code as the article must show it.
    let code: String

    static let openMarker = "// snippet:"
    static let closeMarker = "// end-snippet"

    /// Every region of the Swift files under `directory` (relative to the package root).
    static func all(under directory: String = "Tests/ArticleTests") throws -> [SnippetRegion] {
        let root = PackageRoot.url.appendingPathComponent(directory)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path } ?? []
        var regions: [SnippetRegion] = []
        for url in files {
            let relative = directory + "/" + url.path.dropFirst(root.path.count + 1)
            regions += try parse(String(contentsOf: url, encoding: .utf8), file: relative)
        }
        return regions
    }

    /// The regions of one file, with their segments joined.
    static func parse(_ text: String, file: String) throws -> [SnippetRegion] {
        var segments: [(name: String, line: Int, lines: [String])] = []
        var open: (name: String, line: Int, lines: [String])?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(openMarker) {
                guard open == nil else { throw SnippetError("\(file):\(index + 1): a snippet opens inside snippet '\(open!.name)'") }
                let name = trimmed.dropFirst(openMarker.count).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                    throw SnippetError("\(file):\(index + 1): a snippet name is letters, digits and '-', got '\(name)'")
                }
                open = (name, index + 1, [])
            } else if trimmed == closeMarker {
                guard let region = open else { throw SnippetError("\(file):\(index + 1): '\(closeMarker)' without an open snippet") }
                segments.append(region)
                open = nil
            } else if open != nil {
                open!.lines.append(line)
            }
        }
        if let open { throw SnippetError("\(file):\(open.line): snippet '\(open.name)' is never closed") }

        var order: [String] = []
        var byName: [String: [(line: Int, lines: [String])]] = [:]
        for segment in segments {
            if byName[segment.name] == nil { order.append(segment.name) }
            byName[segment.name, default: []].append((segment.line, segment.lines))
        }
        return order.map { name in
            let parts = byName[name]!
            return SnippetRegion(name: name, file: file, line: parts[0].line,
                                 code: parts.map { normalizedCode($0.lines) }.joined(separator: "\n\n"))
        }
    }
}

/// Lines without their common indentation, trailing spaces, and leading and trailing blank lines.
func normalizedCode(_ lines: [String]) -> String {
    var lines = lines.map { line -> String in
        var line = line
        while line.last == " " || line.last == "\t" { line.removeLast() }
        return line
    }
    while lines.first?.isEmpty == true { lines.removeFirst() }
    while lines.last?.isEmpty == true { lines.removeLast() }
    let indent = lines.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
    return lines.map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }.joined(separator: "\n")
}

/// A malformed snippet region or article.
struct SnippetError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The package's root directory, from this file's path.
enum PackageRoot {
    static let url: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 4 { url.deleteLastPathComponent() }   // the file, Support, ArticleTests, Tests
        return url
    }()
}

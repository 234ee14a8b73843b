import Foundation

/// A code file a DocC tutorial step shows: `@Code(name: "main.swift", file: "tutorial-seed-1.swift")`
/// in a catalog's `.tutorial` file, the file itself anywhere in that catalog (its `Resources`).
struct TutorialCode {
    /// The `.tutorial` file, relative to the package root.
    let tutorial: String
    /// The line of the `@Code` directive (from 1).
    let line: Int
    /// The code file's name as the directive gives it.
    let name: String
    /// The code file, relative to the package root (`nil` when the catalog has no such file).
    let file: String?
    /// The file's code, normalized as snippet regions are.
    let code: String?

    /// Every `@Code` step of every tutorial of every catalog under `Sources`.
    static func all() throws -> [TutorialCode] {
        var steps: [TutorialCode] = []
        let directive = try Regex(#"@Code\([^)]*file:\s*"([^"]+)""#)
        for catalog in try catalogs() {
            let files = try filesOf(catalog.url)
            for url in files where url.pathExtension == "tutorial" {
                let text = try String(contentsOf: url, encoding: .utf8)
                for (index, line) in text.components(separatedBy: "\n").enumerated() {
                    guard let match = line.firstMatch(of: directive), let name = match.output[1].substring else { continue }
                    let resource = files.first { $0.lastPathComponent == String(name) }
                    let code = try resource.map { normalizedCode(try String(contentsOf: $0, encoding: .utf8).components(separatedBy: "\n")) }
                    steps.append(TutorialCode(tutorial: catalog.relative(url), line: index + 1, name: String(name),
                                              file: resource.map(catalog.relative), code: code))
                }
            }
        }
        return steps
    }

    /// The Swift files of the catalogs (tutorial code), relative to the package root.
    static func swiftResources() throws -> [String] {
        try catalogs().flatMap { catalog in try filesOf(catalog.url).filter { $0.pathExtension == "swift" }.map(catalog.relative) }
    }

    private struct Catalog {
        let url: URL
        let path: String
        func relative(_ file: URL) -> String { path + "/" + file.path.dropFirst(url.path.count + 1) }
    }

    private static func catalogs() throws -> [Catalog] {
        let sources = PackageRoot.url.appendingPathComponent("Sources")
        return try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted().compactMap { module in
            let url = sources.appendingPathComponent(module).appendingPathComponent("\(module).docc")
            return FileManager.default.fileExists(atPath: url.path) ? Catalog(url: url, path: "Sources/\(module)/\(module).docc") : nil
        }
    }

    private static func filesOf(_ directory: URL) throws -> [URL] {
        (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .sorted { $0.path < $1.path }
    }
}

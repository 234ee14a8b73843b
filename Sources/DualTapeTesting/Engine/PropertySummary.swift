import Foundation

/// One line per property run, appended to the file `DUALTAPE_PROPERTY_SUMMARY` names:
/// what a long campaign (`make properties`) adds up into its summary.
///
///     <status>\t<cases>\t<discarded>\t<classified>\t<seed>\t<name>
///
/// `status` is `pass`, `FAIL` or `GAVE-UP`; `classified` is the number of cases classified
/// rather than judged (kinks, unresolved points). A failure's report follows its line, each
/// line prefixed with `# `.
enum PropertySummary {
    private static let lock = NSLock()

    static func line(_ report: PropertyReport) -> String {
        let status = report.failure != nil ? "FAIL" : (report.gaveUp != nil ? "GAVE-UP" : "pass")
        let classified = report.classified.values.reduce(0, +)
        let name = report.name.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        var text = "\(status)\t\(report.cases)\t\(report.discarded)\t\(classified)\t\(report.seed)\t\(name)\n"
        if !report.passed {
            text += report.description.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined()
        }
        return text
    }

    static func append(_ report: PropertyReport, environment: [String: String]) {
        guard let path = environment[PropertyConfiguration.Environment.summary], !path.isEmpty else { return }
        let data = Data(line(report).utf8)
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: data)
    }
}

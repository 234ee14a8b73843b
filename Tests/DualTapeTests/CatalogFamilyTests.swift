import DualTape
import Foundation
import Testing

/// `OperatorCatalog.entries` is derived: the CatalogFamilies build-tool plugin lists the family
/// lists declared under `Operators/Catalog/`. These tests read the same files independently and
/// check that the generated list holds every declared family, once, in its documented order.
@Suite("The catalog's families are listed by the build")
struct CatalogFamilyTests {
    /// `Sources/DualTape/Operators/Catalog/`, found from this file's path.
    static let catalogDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Sources/DualTape/Operators/Catalog")

    /// Every `static let NAME: [CatalogEntry]` in the catalog's files, as (file, name), by file
    /// path, but `entries` (the derived list itself).
    static func declaredFamilies() throws -> [(file: String, name: String)] {
        let root = catalogDirectory.standardizedFileURL.path + "/"
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        let files = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
        let declaration = /^ {4}(?:public |internal )?static let (\w+): \[CatalogEntry\]/.anchorsMatchLineEndings()
        return try files.flatMap { file in
            try String(contentsOfFile: root + file, encoding: .utf8).matches(of: declaration).map { (file, String($0.output.1)) }
        }.filter { $0.name != "entries" }
    }

    @Test("every declared family is listed once, by file path then declaration order")
    func everyFamilyListed() throws {
        let declared = try Self.declaredFamilies()
        #expect(declared.count >= 19)
        #expect(OperatorCatalog.families.map(\.name) == declared.map(\.name))
        #expect(OperatorCatalog.families.map(\.file) == declared.map(\.file))
    }

    @Test("the entries are the families' entries, all of them, in order")
    func entriesAreTheFamilies() {
        let total = OperatorCatalog.families.reduce(0) { $0 + $1.entries.count }
        #expect(OperatorCatalog.entries.count == total)
        #expect(OperatorCatalog.entries.map(\.name) == OperatorCatalog.families.flatMap { $0.entries.map(\.name) })
        #expect(Set(OperatorCatalog.entries.map(\.name)).count == OperatorCatalog.entries.count, "an operator is in two families")
        #expect(OperatorCatalog.families.allSatisfy { !$0.entries.isEmpty })
    }
}

import Foundation
import PackagePlugin

/// The build step that makes `OperatorCatalog.entries` derived: before DualTape compiles, the
/// `catalog-families` tool reads the family files under `Operators/Catalog/` and writes the list
/// of their `static let NAME: [CatalogEntry]` declarations. Swift cannot enumerate a type's
/// static members, so without this step a new family file would also have to be added by hand
/// to a list in `Catalog.swift`.
///
/// The command's inputs are exactly those files, so it runs again only when one of them
/// changes or a file is added or removed.
@main
struct CatalogFamilies: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let marker = "/Operators/Catalog/"
        let files = module.sourceFiles(withSuffix: "swift").map { $0.url.standardizedFileURL }.filter { $0.path.contains(marker) }
        guard let first = files.first?.path, let range = first.range(of: marker) else { return [] }
        let catalog = String(first[..<range.upperBound])
        let output = context.pluginWorkDirectoryURL.appending(path: "OperatorCatalog+Families.swift")
        return [
            .buildCommand(displayName: "Listing the operator catalog's families of \(target.name)",
                          executable: try context.tool(named: "catalog-families").url,
                          arguments: [catalog, output.path] + files.map(\.path),
                          inputFiles: files, outputFiles: [output]),
        ]
    }
}

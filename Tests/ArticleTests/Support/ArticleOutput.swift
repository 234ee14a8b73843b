import Foundation
import Testing

/// Checks what a snippet printed against the output block that follows it in its article.
///
///     let printed = try capture {
///         // snippet: getting-started-record
///         ...
///         // end-snippet
///     }
///     try expectOutput(of: "getting-started-record", printed: printed)
///
/// The article's block of that snippet must be followed directly by a ```` ```text ```` block;
/// ``ArticleCodeTests`` checks, without running anything, that every such block has a call
/// like this one for its snippet.
func expectOutput(of name: String, printed: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let region = try #require(try SnippetRegion.all().first { $0.name == name }, "no snippet region '\(name)'",
                              sourceLocation: sourceLocation)
    for article in try Article.all() {
        for (index, block) in article.blocks.enumerated() where block.language == "swift" && block.code == region.code {
            guard let output = article.output(after: index) else {
                Issue.record("\(article.file):\(block.line): snippet '\(name)' is followed by no text block to compare its output with",
                             sourceLocation: sourceLocation)
                return
            }
            if let difference = outputDifference(printed: printed, shown: output.code) {
                Issue.record("\(article.file):\(output.line): the output of snippet '\(name)' differs: \(difference)",
                             sourceLocation: sourceLocation)
            }
            return
        }
    }
    Issue.record("snippet '\(name)' is shown by no article (or its copy there differs); it printed:\n\(printed)",
                 sourceLocation: sourceLocation)
}

#if canImport(Testing)
import Testing
#endif
#if canImport(XCTest)
import XCTest
#endif

/// Where in a test a check was called, so that an issue is reported at the caller's line,
/// in Swift Testing and in XCTest alike. The checking functions capture it with default
/// arguments (`fileID: StaticString = #fileID, ...`), which take the caller's values.
public struct SourceCodeLocation: Sendable {
    /// The file's `#fileID` (`Module/File.swift`), as Swift Testing reports it.
    public let fileID: StaticString
    /// The file's full path (`#filePath`), as XCTest reports it.
    public let filePath: StaticString
    /// The line, from 1.
    public let line: UInt
    /// The column, from 1.
    public let column: UInt

    /// A location, usually from the caller's `#fileID`, `#filePath`, `#line` and `#column`.
    ///
    /// - Parameters:
    ///   - fileID: The file's `#fileID`.
    ///   - filePath: The file's `#filePath`.
    ///   - line: The line, from 1.
    ///   - column: The column, from 1.
    public init(fileID: StaticString, filePath: StaticString, line: UInt, column: UInt) {
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }
}

/// Records `message` as a failure of the running test: `Issue.record` inside a Swift
/// Testing test, `XCTFail` otherwise (inside an XCTest test case it fails that test; with
/// neither framework running it does nothing, and the caller's report still says it all).
func recordTestIssue(_ message: String, at location: SourceCodeLocation) {
    #if canImport(Testing)
    if Test.current != nil {
        let source = SourceLocation(fileID: "\(location.fileID)", filePath: "\(location.filePath)",
                                    line: Int(location.line), column: Int(location.column))
        Issue.record(Comment(rawValue: message), sourceLocation: source)
        return
    }
    #endif
    #if canImport(XCTest)
    XCTFail(message, file: location.filePath, line: location.line)
    #endif
}

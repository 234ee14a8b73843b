// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Where `adcheck` writes: standard output and standard error, or buffers in tests.
///
/// The tool never prints through `print`: everything goes through two of these, so that
/// tests can run it in-process and see exactly what a user would see.
public protocol ConsoleStream: AnyObject {
    /// Writes `text` as is (no newline is added).
    func write(_ text: String)
    /// Whether the stream is an interactive terminal: progress is shown there by default.
    var isTerminal: Bool { get }
}

/// Standard output or standard error of the process.
public final class StandardStream: ConsoleStream, Sendable {
    /// Standard output.
    public static let output = StandardStream(FileHandle.standardOutput)
    /// Standard error.
    public static let error = StandardStream(FileHandle.standardError)

    private let handle: FileHandle
    public let isTerminal: Bool

    private init(_ handle: FileHandle) {
        self.handle = handle
        isTerminal = isatty(handle.fileDescriptor) == 1
    }

    /// Writes unbuffered; a closed pipe (`adcheck ops | head`) is not an error worth reporting.
    public func write(_ text: String) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// A stream that keeps what is written, for tests and callers that want the text.
public final class CapturedStream: ConsoleStream {
    /// Everything written so far.
    public private(set) var text = ""
    public let isTerminal: Bool

    /// A buffer that behaves as a terminal when `isTerminal` is true (to test progress).
    public init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    /// Appends `text`.
    public func write(_ text: String) {
        self.text += text
    }
}

/// The two streams one run of the tool writes to.
struct Console {
    let out: any ConsoleStream
    let err: any ConsoleStream

    /// Writes `text` and a newline to standard output.
    func line(_ text: String = "") {
        out.write(text + "\n")
    }
}

import Synchronization

/// What the snippets of one test printed.
///
/// Snippets call `print` as a reader's program would; in this target `print` is the function
/// below, which writes to the console of the running test (a task-local value, so tests
/// running in parallel never see each other's output) and falls back to standard output.
final class Console: Sendable {
    @TaskLocal static var current: Console?

    private let buffer = Mutex("")

    /// Everything printed so far.
    var text: String { buffer.withLock { $0 } }

    func write(_ text: String) { buffer.withLock { $0 += text } }

    /// What was printed since the last call, for a test that runs several snippets in turn.
    func take() -> String { buffer.withLock { text in defer { text = "" }; return text } }
}

/// Swift's `print`, writing to the current test's ``Console`` when there is one. Declared in
/// this module, it shadows the standard library's for every file of the target.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator) + terminator
    if let console = Console.current {
        console.write(text)
    } else {
        Swift.print(text, terminator: "")
    }
}

/// Runs `body` with a console of its own, to read with ``Console/take()`` between snippets.
func withConsole(_ body: (Console) throws -> Void) rethrows {
    let console = Console()
    try Console.$current.withValue(console) { try body(console) }
}

/// Runs `body` and returns what it printed.
func capture(_ body: () throws -> Void) rethrows -> String {
    let console = Console()
    try Console.$current.withValue(console) { try body() }
    return console.text
}

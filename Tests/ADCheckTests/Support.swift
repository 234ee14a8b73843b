import ADCheckCore

/// One in-process run of the tool: its exit status and what it wrote.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `adcheck` with `arguments` in this process.
    init(_ arguments: [String], terminal: Bool = false) {
        let out = CapturedStream(), err = CapturedStream(isTerminal: terminal)
        status = runADCheck(arguments, stdout: out, stderr: err)
        stdout = out.text
        stderr = err.text
    }
}

extension Run {
    /// Standard output with the measured differences and tolerances (`2.2e-12`: the only
    /// numbers in one-decimal scientific notation) masked as `#.#e##`, so a pinned text
    /// states the layout, the verdicts and the derivatives exactly, but not the oracle's
    /// last digits.
    var maskedStdout: String { masked(stdout) }
}

/// `text` with every one-decimal scientific number replaced by `#.#e##`.
func masked(_ text: String) -> String {
    text.replacing(/[0-9]\.[0-9]e[+-][0-9]{2}/, with: "#.#e##")
}

/// The usage error text `adcheck` prints for `message` on subcommand `path`.
func usageError(_ message: String, _ usage: String, _ path: String = "adcheck check") -> String {
    "Error: \(message)\nUsage: \(usage)\n  See '\(path) --help' for more information.\n"
}

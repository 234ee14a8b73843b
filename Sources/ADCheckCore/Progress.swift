// SPDX-License-Identifier: GPL-3.0-or-later

/// Progress of a long run on standard error: one line rewritten in place on a terminal, or
/// a line per update with `--progress` elsewhere. Never on standard output, so it never
/// mixes with a `--json` document.
final class Progress {
    private let stream: any ConsoleStream
    private let isEnabled: Bool
    private var shown = false

    /// Progress on `stream`, shown when it is a terminal or when `forced` (`--progress`).
    init(_ stream: any ConsoleStream, forced: Bool) {
        self.stream = stream
        isEnabled = forced || stream.isTerminal
    }

    /// Shows `status` in place of the previous one.
    func update(_ status: String) {
        guard isEnabled else { return }
        if stream.isTerminal {
            stream.write("\r\u{1B}[K" + status)
            shown = true
        } else {
            stream.write(status + "\n")
        }
    }

    /// Clears the status line on a terminal, before results are printed.
    func finish() {
        guard shown else { return }
        stream.write("\r\u{1B}[K")
        shown = false
    }
}

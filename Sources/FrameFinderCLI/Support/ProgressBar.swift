import Foundation
import FrameFinder

/// A one-line progress bar on standard error (`ProgressLine`), drawn only when it is a terminal.
struct ProgressBar {
    var total: Int
    let label: String
    private let enabled = Terminal.standardErrorIsTerminal
    private let start = Date()
    private var lastDrawn = Date.distantPast

    init(total: Int, label: String) { (self.total, self.label) = (total, label) }

    /// Redraws the bar for `done` items (at most ten times a second, and at the end).
    mutating func update(done: Int) {
        let now = Date()
        guard enabled, done >= total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let line = ProgressLine.text(label: label, done: done, total: total, elapsed: now.timeIntervalSince(start))
        Terminal.writeError(Terminal.clearLine + line)
    }

    /// Clears the bar's line.
    func finish() {
        if enabled { Terminal.writeError(Terminal.clearLine) }
    }

    /// Prints one message line on standard error without mixing it into the bar.
    func interrupt(with line: String) {
        finish()
        Terminal.message(line)
    }
}

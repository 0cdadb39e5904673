import Foundation

/// A one-line progress bar on standard error, drawn only when it is a terminal:
/// `[#######.............]  35/100  4.2/s  0:15 left`.
struct ProgressBar {
    let total: Int
    let label: String
    private let enabled = Terminal.standardErrorIsTerminal
    private let start = Date()
    private var lastDrawn = Date.distantPast

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    /// Redraws the bar for `done` items (at most ten times a second, and at the end).
    mutating func update(done: Int) {
        guard enabled else { return }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let width = 24
        let filled = total > 0 ? min(width, width * done / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let left = rate > 0 ? Self.duration(Double(total - done) / rate) : "?"
        Terminal.writeError("\r\u{1B}[K\(label) [\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate))/s  \(left) left")
    }

    /// Clears the bar's line.
    func finish() {
        if enabled { Terminal.writeError("\r\u{1B}[K") }
    }

    /// `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

extension ProgressBar {
    /// Prints one message line on standard error without mixing it into the bar.
    func interrupt(with line: String) {
        finish()
        Terminal.message(line)
    }
}

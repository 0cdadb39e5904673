import Foundation

/// The text of a one-line progress bar: `label [#######.............]  35/100  4.2/s  0:15 left`.
public enum ProgressLine {
    /// The bar's width in characters.
    public static let width = 24

    /// The line for `done` of `total` items after `elapsed` seconds.
    public static func text(label: String, done: Int, total: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let filled = total > 0 ? min(width, width * done / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let left = rate > 0 ? duration(Double(total - done) / rate) : "?"
        return "\(label) [\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate))/s  \(left) left"
    }

    /// `m:ss` or `h:mm:ss`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}

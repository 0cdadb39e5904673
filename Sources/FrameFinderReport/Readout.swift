/// How times and scores are printed, the same way in every table and picture.
public enum Readout {
    /// A time in seconds as `m:ss.s` (`0:03.2`, `1:58.0`), or `h:mm:ss.s` from an hour on;
    /// rounded to the tenth, negative times read as 0.
    public static func time(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let tenths = Int((max(seconds, 0) * 10).rounded())
        let minutes = tenths / 600, rest = tenths % 600
        let secondsText = (rest < 100 ? "0" : "") + fixed(Double(rest) / 10, decimals: 1)
        guard minutes >= 60 else { return "\(minutes):" + secondsText }
        return "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60):" + secondsText
    }

    /// A span of time, `start-end` (`0:03.2-0:04.0`).
    public static func span(_ start: Double, _ end: Double) -> String { time(start) + "-" + time(end) }

    /// The fewest decimals, from `minimumDecimals` to `maximumDecimals`, with which the distinct
    /// values of `scores` print distinctly (so two scores shown alike are equal to that many
    /// decimals).
    public static func decimals(for scores: [Float]) -> Int {
        let distinct = Set(scores.filter(\.isFinite))
        for decimals in minimumDecimals..<maximumDecimals
        where Set(distinct.map { fixed(Double($0), decimals: decimals) }).count == distinct.count {
            return decimals
        }
        return maximumDecimals
    }

    /// The decimals scores are printed with at least, and at most (a `Float` holds about 7
    /// significant digits).
    public static let minimumDecimals = 4
    public static let maximumDecimals = 8

    /// `value` with `decimals` digits after the point, rounded half away from zero; no locale.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = Int((abs(value) * factor).rounded())
        let whole = scaled / Int(factor), fraction = String(scaled % Int(factor))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + "\(whole)" }
        return sign + "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}

import Foundation
import FrameFinderMath

/// The settings that decide a batch's lines, recorded beside its results so that resuming
/// never mixes two kinds of answers in one file.
///
/// They are kept in `OUT.settings.json`, one JSON object of strings (written atomically
/// when a run starts the file). Resuming compares them key by key and refuses a difference
/// with one line. A new setting that changes the lines joins `entries` with one line.
public struct BatchSettings: Sendable, Equatable {
    /// Setting name and value, in a fixed order.
    public var entries: [(key: String, value: String)]

    /// The settings of a run of `retriever` with `options` on frames timed at `fps` (nil: the default).
    public init(retriever: Retriever, options: SearchOptions, fps: Double?) {
        entries = [
            ("model", retriever.name),
            ("model_identity", retriever.identity),
            ("top", String(options.top)),
            ("min_score", String(options.minimumScore)),
            ("fps", fps.map { String($0) } ?? "default"),
            ("segments", options.segmentation.description),
            ("moments", String(options.moments)),
        ]
    }

    public init(entries: [(key: String, value: String)]) { self.entries = entries }

    public static func == (a: BatchSettings, b: BatchSettings) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }

    /// Where the settings of the results file `out` are kept.
    public static func path(of out: String) -> String { out + ".settings.json" }

    /// The settings recorded for `out`, or nil when there is no record (a run of an older version).
    ///
    /// - Throws: `FileError` when the record exists but is not an object of strings.
    public static func recorded(for out: String) throws(FileError) -> [String: String]? {
        let path = path(of: out)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else {
            throw FileError(path: path, reason: "is not a batch settings record (a JSON object of strings)")
        }
        return object
    }

    /// Writes the record of `out`, replacing any earlier one.
    ///
    /// - Throws: `FileError` when it cannot be written.
    public func record(for out: String) throws(FileError) {
        let json = JSON.object(entries.map { ($0.key, JSON.string($0.value)) }).text + "\n"
        try OutputFile(path: Self.path(of: out)).write(Data(json.utf8))
    }

    /// Checks that the earlier run of `out` used these settings.
    ///
    /// - Throws: `BatchError` (`.settingDiffers`) naming `out`, the first setting that differs and both values.
    public func checkResumable(_ earlier: [String: String], out: String) throws(BatchError) {
        for (key, value) in entries where earlier[key] != value {
            throw BatchError(path: out, kind: .settingDiffers(key: key, value: value, earlier: earlier[key] ?? "none"))
        }
    }
}

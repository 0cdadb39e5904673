import Foundation
import FrameFinder

/// The settings that decide a batch's lines, recorded beside its output so that `--resume`
/// never mixes two kinds of answers in one file.
///
/// They are kept in `OUT.settings.json`, one JSON object of strings (written atomically
/// when a run starts the file). Resuming compares them key by key and refuses a difference
/// with one line. A new setting that changes the lines joins `entries` with one line.
struct BatchSettings: Equatable {
    /// Setting name and value, in a fixed order.
    var entries: [(key: String, value: String)]

    /// The settings of this run.
    init(model: LoadedModel, selection: RankingOptions) {
        entries = [
            ("model", model.name),
            ("model_identity", model.model.identity),
            ("top", String(selection.top)),
            ("min_score", String(selection.minimumScore)),
            ("fps", selection.fps.map { String($0) } ?? "default"),
            ("segments", selection.segments.description),
            ("moments", String(selection.moments)),
        ]
    }

    init(entries: [(key: String, value: String)]) { self.entries = entries }

    static func == (a: BatchSettings, b: BatchSettings) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }

    /// Where the settings of the batch output `out` are kept.
    static func path(of out: String) -> String { out + ".settings.json" }

    /// The settings recorded for `out`, or nil when there is no record (a run of an older version).
    ///
    /// - Throws: `FileError` when the record exists but is not an object of strings.
    static func recorded(for out: String) throws(FileError) -> [String: String]? {
        let path = path(of: out)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else {
            throw FileError(path: path, reason: "is not a batch settings record (a JSON object of strings)")
        }
        return object
    }

    /// Writes the record of `out`, replacing any earlier one.
    func record(for out: String) throws {
        let json = JSON.object(entries.map { ($0.key, JSON.string($0.value)) }).text + "\n"
        try OutputFile(path: Self.path(of: out)).write(Data(json.utf8))
    }

    /// Checks that the earlier run of `out` used these settings.
    ///
    /// - Throws: `FileError` naming `out`, the first setting that differs and both values.
    func checkResumable(_ earlier: [String: String], out: String) throws(FileError) {
        for (key, value) in entries where earlier[key] != value {
            throw FileError(path: out, reason: "--resume with \(key) \(value), but the earlier run used "
                + "\(earlier[key] ?? "none"); resume with the same settings, or pass --force to start over")
        }
    }
}

import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel

/// The audio clips of a batch: found in a directory, or listed in a manifest.
///
/// - A directory is searched recursively for audio files by extension (`audioExtensions`,
///   case-insensitive; hidden files and folders are skipped), sorted by path in natural
///   order (`clip2.wav` before `clip10.wav`, as frames are).
/// - A manifest is a text file with one path a line, or a CSV whose header has a `file`
///   column (RFC 4180 quoting). Relative paths are relative to the manifest's folder;
///   blank lines are skipped; order is kept.
/// - An audio file (by extension) is a list of one.
public struct ClipList: Sendable, Equatable {
    /// The clips, as standardised file URLs, in batch order.
    public var urls: [URL]

    /// The extensions taken for audio when searching a directory: what libsndfile reads,
    /// plus MP3 and Opus.
    public static let audioExtensions: Set<String> = [
        "wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff", "aifc", "au", "snd", "caf",
        "w64", "rf64", "voc", "sd2", "htk", "iff", "svx", "paf", "pvf", "xi", "nist", "sph", "avr", "wve", "mpc",
    ]

    /// Problems met while searching a directory that did not stop it: a subfolder that
    /// cannot be listed, a file name that is not UTF-8. The caller prints them as warnings.
    public var warnings: [String] = []

    public init(urls: [URL]) { self.urls = urls }

    /// Lists the clips of a directory, a manifest or a single audio file.
    ///
    /// - Throws: `FileError` when `url` is missing or unreadable, a manifest line is
    ///   malformed, or no clip is found.
    public init(contentsOf url: URL) throws(FileError) {
        guard FileSystemName.status(url.path) != nil else {
            throw FileError(path: url.path, reason: "no such file or directory")
        }
        let isDirectory = FileSystemName.isDirectory(url.path)
        if isDirectory {
            (urls, warnings) = try Self.search(url)
        } else if Self.isAudio(url) {
            urls = [url.standardizedFileURL]
        } else {
            urls = try Self.manifest(url)
        }
        guard !urls.isEmpty else {
            throw FileError(
                path: url.path, reason: isDirectory ? "no audio file found (by extension)" : "manifest lists no file")
        }
    }

    static func isAudio(_ url: URL) -> Bool { audioExtensions.contains(url.pathExtension.lowercased()) }

    /// The audio files under `directory` (recursively, hidden entries and links to folders
    /// skipped) in natural order, and a warning for each subfolder that cannot be listed.
    /// Names are read by their bytes (`FileSystemName`), so a name that is not UTF-8 is found
    /// and opened like any other.
    private static func search(_ directory: URL) throws(FileError) -> (urls: [URL], warnings: [String]) {
        guard let top = FileSystemName.contentsOfDirectory(directory.path) else {
            throw FileError(path: directory.path, reason: "cannot list directory")
        }
        var found: [URL] = [], warnings: [String] = []
        var pending: [(folder: URL, names: [String])] = [(directory, top)]
        while let (folder, names) = pending.popLast() {
            for name in names where !name.hasPrefix(".") {
                let item = folder.appendingPathComponent(name)
                guard let own = FileSystemName.status(item.path, followingLinks: false) else { continue }
                if own.st_mode & S_IFMT == S_IFDIR {
                    if let inner = FileSystemName.contentsOfDirectory(item.path) {
                        pending.append((item, inner))
                    } else {
                        warnings.append(
                            "\(item.path): cannot list this folder (permission denied?); its clips are left out")
                    }
                    continue
                }
                // A file or a link to one (status follows links); not a folder named like audio.
                if isAudio(item), FileSystemName.status(item.path) != nil, !FileSystemName.isDirectory(item.path) {
                    found.append(item.standardizedFileURL)
                }
            }
        }
        return (found.sorted { naturallyPrecedes($0.path, $1.path) }, warnings.sorted())
    }

    private static func manifest(_ url: URL) throws(FileError) -> [URL] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileError(path: url.path, reason: "cannot read manifest as UTF-8 text")
        }
        let base = url.deletingLastPathComponent()
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.first else { return [] }
        let header = CSV.fields(of: first).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let paths: [String]
        if let column = header.firstIndex(of: "file") {
            paths = try lines.dropFirst().enumerated().map { (number, line) throws(FileError) -> String in
                let fields = CSV.fields(of: line)
                guard column < fields.count, !fields[column].isEmpty else {
                    throw FileError(path: url.path, reason: "line \(number + 2) has no 'file' field")
                }
                return fields[column]
            }
        } else {
            paths = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return paths.map {
            ($0.hasPrefix("/") ? URL(fileURLWithPath: $0) : base.appendingPathComponent($0)).standardizedFileURL
        }
    }
}

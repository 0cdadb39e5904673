import Foundation
import FrameFinderMath

/// A batch's results file: one JSON line per clip, written by a batch run and read back to
/// resume it or to evaluate it.
///
/// A line is the clip's timeline (`Timeline.json`) or an error line `{"query", "error"}`.
/// Each line is handed to one `write(2)` on a descriptor opened with `O_APPEND` (repeated
/// only if the kernel writes part of it), so a run killed at any moment leaves whole lines,
/// at worst followed by one torn line, which resuming drops.
public final class BatchResultsFile {
    /// The file.
    public let path: String
    /// The `query` of every whole line already in the file (when resuming).
    public private(set) var queries: Set<String> = []
    /// How many bytes of a torn last line resuming dropped (0: none).
    public private(set) var droppedBytes = 0
    /// True when this run created the file (it did not exist, or was not resumed).
    public let created: Bool
    private let descriptor: Int32
    /// True once a line has been appended.
    private var written = false

    /// Opens `path` for a new run (it must not exist, unless `replace`) or, with `resume`,
    /// to continue it, and takes an exclusive lock on it for as long as this object lives:
    /// a second run on the same file, at the same time, is refused.
    ///
    /// - Throws: `BatchError` (`.exists`) when the file exists without `resume` or `replace`;
    ///   `FileError` when it cannot be opened, is locked by another run, or holds a whole line
    ///   that is not a result line.
    public init(path: String, resume: Bool, replace: Bool = false) throws {
        self.path = path
        if replace && !resume && OutputFile(path: path).replacesAFile { unlink(path) }
        created = !FileManager.default.fileExists(atPath: path)
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resume ? 0 : O_EXCL)
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw BatchError(path: path, kind: .exists) }
            throw FileError(path: path, reason: "cannot open for writing (\(String(cString: strerror(errno))))")
        }
        // The lock is taken before the earlier lines are read, so two runs never both keep them.
        // (A throwing init of a class still runs deinit, which closes the descriptor.)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw FileError(path: path, reason: "is being written by another framefinder batch; wait for it to finish")
        }
        if resume && !created { try keepWholeLines() }
    }

    deinit { close(descriptor) }  // releases the lock

    /// Appends `timeline`'s line.
    public func append(_ timeline: Timeline) throws(FileError) { try append(line: timeline.json.text) }

    /// Appends the error line of `clip`.
    public func append(clip: URL, error: any Error) throws(FileError) {
        try append(line: JSON.object([("query", .string(clip.path)), ("error", .string("\(error)"))]).text)
    }

    /// Appends `line` and a line break with one write.
    func append(line: String) throws(FileError) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: "cannot write (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
        written = true
    }

    /// Removes the file when this run created it and wrote nothing, so that a batch that
    /// failed before its first clip leaves no file behind; returns true when it did.
    @discardableResult
    public func removeIfUnused() -> Bool {
        guard created && !written else { return false }
        unlink(path)
        return true
    }

    /// Drops a torn last line (bytes after the last line break) and keeps the queries of
    /// the whole lines.
    private func keepWholeLines() throws(FileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, reason: "cannot read the earlier run")
        }
        let whole = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex) - data.startIndex
        if whole < data.count {
            guard truncate(path, off_t(whole)) == 0 else {
                throw FileError(
                    path: path, reason: "cannot drop the torn last line (\(String(cString: strerror(errno))))")
            }
            droppedBytes = data.count - whole
        }
        let lines = try BatchResults.lines(of: data.prefix(whole), path: path, purpose: "; cannot resume").lines
        queries = Set(lines.map(\.query))
    }
}

/// Why a batch's results file cannot be used as asked.
public struct BatchError: PathError, Equatable {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// A new run's results file exists (an earlier run's results).
        case exists
        /// Resuming with a setting other than the earlier run's.
        case settingDiffers(key: String, value: String, earlier: String)
    }

    /// The results file.
    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) { (self.path, self.kind) = (path, kind) }

    public var problem: String {
        switch kind {
        case .exists: "already exists (the results of an earlier run)"
        case .settingDiffers(let key, let value, let earlier):
            "resuming with \(key) \(value), but the earlier run used \(earlier)"
        }
    }
}

import Foundation
import FrameFinder

/// The batch's output: a JSON Lines file that only ever grows by whole lines.
///
/// Each line is handed to one `write(2)` on a descriptor opened with `O_APPEND` (repeated
/// only if the kernel writes part of it), so a run killed at any moment leaves whole lines,
/// at worst followed by one torn line, which resuming drops.
final class JSONLinesFile {
    let path: String
    /// The `query` of every whole line already in the file (when resuming).
    private(set) var queries: Set<String> = []
    private let descriptor: Int32
    /// True when this run created the file (it did not exist, or was not resumed).
    let created: Bool
    /// True once a line has been appended.
    private var written = false

    /// Opens `path` for a new run (it must not exist, unless `replace`) or, with `resume`,
    /// to continue it, and takes an exclusive lock on it for as long as this object lives:
    /// a second run on the same file, at the same time, is refused.
    ///
    /// - Throws: `FileError` when the file exists without `resume` or `replace`, cannot be
    ///   opened, is locked by another run, or holds a whole line that is not a result line.
    init(path: String, resume: Bool, replace: Bool = false) throws(FileError) {
        self.path = path
        if replace && !resume && OutputFile(path: path).replacesAFile { unlink(path) }
        created = !FileManager.default.fileExists(atPath: path)
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resume ? 0 : O_EXCL)
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST
                ? "already exists; pass --resume to finish that run, or --force to replace it"
                : "cannot open for writing (\(String(cString: strerror(errno))))"
            throw FileError(path: path, reason: reason)
        }
        // The lock is taken before the earlier lines are read, so two runs never both keep them.
        // (A throwing init of a class still runs deinit, which closes the descriptor.)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw FileError(path: path, reason: "is being written by another framefinder batch; wait for it to finish")
        }
        if resume && !created { queries = try Self.keepWholeLines(of: path) }
    }

    deinit { close(descriptor) }  // releases the lock

    /// Appends `line` and a line break with one write.
    func append(_ line: String) throws(FileError) {
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
    func removeIfUnused() -> Bool {
        guard created && !written else { return false }
        unlink(path)
        return true
    }

    /// Drops a torn last line (bytes after the last line break) and returns the queries of
    /// the whole lines.
    private static func keepWholeLines(of path: String) throws(FileError) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, reason: "cannot read the earlier run")
        }
        let newline = UInt8(ascii: "\n")
        let whole = (data.lastIndex(of: newline).map { $0 + 1 } ?? data.startIndex) - data.startIndex
        if whole < data.count {
            guard truncate(path, off_t(whole)) == 0 else {
                throw FileError(path: path, reason: "cannot drop the torn last line (\(String(cString: strerror(errno))))")
            }
            Terminal.warn("\(path): dropped a torn last line (\(data.count - whole) bytes) of the interrupted run")
        }
        var queries = Set<String>()
        for (number, line) in data.prefix(whole).split(separator: newline).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let query = object["query"] as? String
            else { throw FileError(path: path, reason: "line \(number + 1) is not a batch result line; cannot resume") }
            queries.insert(query)
        }
        return queries
    }
}

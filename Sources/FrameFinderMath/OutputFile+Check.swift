import Foundation

extension OutputFile {
    /// Checks, before any work, that this output can be written: it is not a directory, its
    /// folder exists and is writable, and, unless `replacing`, no file is there yet. A device
    /// node or fifo (`/dev/null`, `/dev/stdout`) is written in place and always passes; a
    /// symlink is judged by what it points at.
    ///
    /// - Throws: `FileError` naming `path` and the first problem.
    public func checkWritable(replacing: Bool) throws(FileError) {
        switch kind {
        case .directory: throw FileError(path: path, reason: "is a directory")
        case .special: return
        case .regular where !replacing: throw FileError(path: path, reason: "already exists")
        case .regular, .missing: break
        }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileError(path: path, reason: "cannot write: folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw FileError(path: path, reason: "cannot write: folder \(folder) is not writable")
        }
    }
}

import ArgumentParser
import FrameFinder

/// The `--force` flag and the one policy every output file follows.
///
/// Before any work, each output is checked: its folder exists and is writable, it is not a
/// directory, and it is not a file that exists, unless `--force` is given. A device node or
/// fifo (`/dev/null`, `/dev/stdout`) is written in place and never refused; a symlink is
/// judged by what it points at. Files are then written through `OutputFile` (atomically).
struct OverwriteOptions: ParsableArguments {
    @Flag(help: "Overwrite output files that exist (without it, an existing output file is refused).")
    var force = false

    /// Checks every given output path (nil entries are options not given).
    ///
    /// - Throws: `FileError` naming the first path that cannot or may not be written.
    func check(_ paths: [String?]) throws(FileError) {
        for path in paths.compactMap({ $0 }) { try Self.checkWritable(path, force: force) }
    }

    /// Checks one output path (see the type's description).
    static func checkWritable(_ path: String, force: Bool) throws(FileError) {
        let output = OutputFile(path: path)
        if output.replacesAFile && !force { throw FileError(path: path, reason: "already exists; pass --force to overwrite it") }
        try output.checkWritable(replacing: true)
    }
}

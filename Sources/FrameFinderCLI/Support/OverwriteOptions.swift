import ArgumentParser
import FrameFinder

/// The `--force` flag and the one policy every output file follows: before any work each
/// output is checked (`OutputFile.checkWritable`), a file that exists refused unless `--force`
/// is given; files are then written through `OutputFile` (atomically).
struct OverwriteOptions: ParsableArguments {
    @Flag(help: "Overwrite output files that exist (without it, an existing output file is refused).")
    var force = false

    /// Checks every given output path (nil entries are options not given).
    ///
    /// - Throws: `FileError` naming the first path that cannot or may not be written.
    func check(_ paths: [String?]) throws(FileError) {
        for path in paths.compactMap({ $0 }) {
            let output = OutputFile(path: path)
            guard !output.replacesAFile || force else {
                throw FileError(path: path, reason: "already exists; pass --force to overwrite it")
            }
            try output.checkWritable(replacing: true)
        }
    }
}

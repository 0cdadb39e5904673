import Foundation

/// An output path and how it is written, so that a reader never sees half a file and a
/// device node or a symlink given as an output stays what it is.
///
/// - A path that does not exist yet, or a regular file, is written under a temporary name in
///   its folder and renamed into place: a failed write leaves nothing, not half a file.
/// - A symlink is followed to its target, which is then written the same way (the link stays
///   a link, pointing at the new file).
/// - A device node, a fifo or a socket (`/dev/null`, `/dev/stdout`, a pipe) is opened and
///   written in place; it is never replaced by a regular file.
public struct OutputFile: Sendable, Equatable {
    /// The path as given.
    public let path: String
    /// The path written: `path` with its symlinks followed.
    public let target: String
    /// What is at `target` now.
    public let kind: Kind

    /// What an output path holds before it is written.
    public enum Kind: Sendable, Equatable {
        /// Nothing: the file is created.
        case missing
        /// A regular file: it is replaced (temporary file, then rename).
        case regular
        /// A directory: it cannot be written.
        case directory
        /// A device node, fifo or socket: it is written in place.
        case special
    }

    /// Looks at `path` (following up to 32 symlinks) without changing anything.
    public init(path: String) {
        self.path = path
        var current = path
        for _ in 0..<32 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { break }
            current =
                destination.hasPrefix("/")
                ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        target = current
        var info = stat()
        if stat(current, &info) != 0 {
            kind = .missing
        } else {
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .directory
            default: kind = .special
            }
        }
    }

    /// True when writing would replace a file that exists (a regular file, or a symlink to one).
    public var replacesAFile: Bool { kind == .regular }

    /// Writes `data` (see the type's description for how).
    ///
    /// - Throws: `FileError` naming `path` and the system's reason.
    public func write(_ data: Data) throws(FileError) {
        do {
            try write { destination in
                guard kind == .special else { return try data.write(to: URL(fileURLWithPath: destination)) }
                try Self.writeInPlace(data, to: destination)
            }
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(path: path, reason: "cannot write file (\(Self.reason(error)))")
        }
    }

    /// Runs `body` with the path to write to, then moves what it wrote into place: a
    /// temporary path beside `target` that is renamed to it (removed if `body` fails), or
    /// `target` itself for a device node or fifo.
    ///
    /// - Throws: what `body` throws; `FileError` when `path` is a directory or the
    ///   rename fails.
    public func write(using body: (String) throws -> Void) throws {
        switch kind {
        case .directory:
            throw FileError(path: path, reason: "is a directory")
        case .special:
            try body(target)
        case .missing, .regular:
            let url = URL(fileURLWithPath: target)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(UInt32.random(in: .min ... .max)).tmp").path
            do { try body(temporary) } catch {
                unlink(temporary)
                throw error
            }
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw FileError(path: path, reason: "cannot move the written file into place (\(reason))")
            }
        }
    }

    /// Writes every byte of `data` to an existing device or fifo, as it is.
    private static func writeInPlace(_ data: Data, to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, data.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: "cannot write (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as? FileError)?.reason ?? (error as NSError).localizedDescription
    }
}

import Foundation
import FrameFinderMath
import FrameFinderModel

/// Writes an index file block by block, as the frames are encoded, holding only the frame
/// references (the file's frame list) in memory.
///
/// Keys and values go to two temporary files beside the index (in the temporary folder when
/// the index is a device such as `/dev/stdout`) as their blocks arrive; `finish` checks them
/// in place, writes the header (which needs the frame count and list), copies the two after it
/// and moves the result into place through `OutputFile`, so a file appears whole or not at all. The bytes equal
/// `FrameIndex.save(to:)` of the same frames. `FrameIndex.write(...)` builds an index with it;
/// a program with its own frame tokens can too (bench-batch does).
public final class FrameIndexWriter {
    private let url: URL
    private let modelIdentity: String, modelName: String, fps: Double, source: String
    private let keyWidth: Int, valueWidth: Int
    private var frames: [FrameReference] = []
    private let keys: TemporaryFile, values: TemporaryFile

    /// Starts an index at `url` of rows `keyWidth` and `valueWidth` wide.
    ///
    /// - Throws: `FileError` when the temporary files cannot be created beside `url`.
    public init(
        url: URL, modelIdentity: String, modelName: String, fps: Double, source: String,
        keyWidth: Int, valueWidth: Int
    ) throws(FileError) {
        self.url = url
        self.modelIdentity = modelIdentity
        self.modelName = modelName
        self.fps = fps
        self.source = source
        self.keyWidth = keyWidth
        self.valueWidth = valueWidth
        let output = OutputFile(path: url.path)
        let folder =
            output.kind == .special
            ? FileManager.default.temporaryDirectory
            : URL(fileURLWithPath: output.target).deletingLastPathComponent()
        let stem = "." + URL(fileURLWithPath: output.target).lastPathComponent
        keys = try TemporaryFile(path: folder.appendingPathComponent("\(stem).keys.\(getpid()).tmp").path, naming: url)
        values = try TemporaryFile(
            path: folder.appendingPathComponent("\(stem).values.\(getpid()).tmp").path, naming: url)
    }

    /// The number of frames appended so far.
    public var count: Int { frames.count }

    /// Appends a block of frames and their keys and values.
    public func append(_ references: [FrameReference], _ encoded: EncodedFrames) throws(FileError) {
        precondition(
            references.count == encoded.count && encoded.keys.columns == keyWidth
                && encoded.values.columns == valueWidth, "Block does not fit the index")
        try keys.append(encoded.keys.elements)
        try values.append(encoded.values.elements)
        frames += references
    }

    /// Runs `check` on the frames as written (read in place, nothing copied), then writes the
    /// index file (header, keys, values) and removes the temporary files.
    ///
    /// - Throws: what `check` throws (no file is written then); `FileError` when the file
    ///   cannot be written.
    public func finish(check: (EncodedFrames) throws -> Void = { _ in }) throws {
        try check(
            EncodedFrames(
                mappedKeys: try keys.view(rows: count, columns: keyWidth),
                values: try values.view(rows: count, columns: valueWidth)))
        let metadata = FrameIndex.metadata(
            modelIdentity: modelIdentity, modelName: modelName, fps: fps,
            source: source, frames: frames)
        let header = SafeTensors.header(
            metadata: metadata, shapes: [("keys", [count, keyWidth]), ("values", [count, valueWidth])])
        let output = OutputFile(path: url.path)
        do {
            try output.write { destination in
                // OutputFile owns this path (it renames or removes it): the file is not temporary.
                let file = try TemporaryFile(
                    path: destination, naming: url, create: output.kind != .special, temporary: false)
                defer { file.close() }
                try file.append(header)
                try file.copy(from: keys)
                try file.copy(from: values)
                if output.kind != .special { try file.sync() }
            }
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(
                path: url.path, reason: "cannot write index (\(error.problemText))")
        }
        keys.remove()
        values.remove()
    }

    deinit {
        keys.remove()
        values.remove()
    }
}

/// A file written with `write(2)`: a temporary file (removed when done), or the index itself.
private final class TemporaryFile {
    let path: String
    /// The index the file belongs to, named in errors.
    private let naming: URL
    private var descriptor: Int32
    private var removed = false

    /// Creates (truncates) `path`, or with `create` false opens it for writing as it is (a
    /// device); a `temporary` file is removed when this object goes.
    init(path: String, naming: URL, create: Bool = true, temporary: Bool = true) throws(FileError) {
        self.path = path
        self.naming = naming
        descriptor =
            create ? open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError(path: naming.path, reason: "cannot write (\(String(cString: strerror(errno))))")
        }
        removed = !temporary
    }

    func append(_ floats: [Float]) throws(FileError) {
        #if _endian(big)
            let floats = floats.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        #endif
        if let error = floats.withUnsafeBytes(writeAll) { throw error }
    }

    func append(_ data: Data) throws(FileError) {
        if let error = data.withUnsafeBytes(writeAll) { throw error }
    }

    /// Writes all of `bytes`, or returns why it could not.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> FileError? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return FileError(path: path, reason: "cannot write (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
        return nil
    }

    /// Appends the whole of `other`, 4 MiB at a time.
    func copy(from other: TemporaryFile) throws(FileError) {
        guard lseek(other.descriptor, 0, SEEK_SET) == 0 else {
            throw FileError(path: other.path, reason: "cannot read back (\(String(cString: strerror(errno))))")
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 22, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = read(other.descriptor, chunk.baseAddress, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw FileError(path: other.path, reason: "cannot read back (\(String(cString: strerror(errno))))")
            }
            if n == 0 { return }
            if let error = writeAll(UnsafeRawBufferPointer(rebasing: chunk[0..<n])) { throw error }
        }
    }

    /// Flushes the file to disk.
    func sync() throws(FileError) {
        guard fsync(descriptor) == 0 else {
            throw FileError(path: naming.path, reason: "cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// The file's floats, `rows × columns`, mapped.
    func view(rows: Int, columns: Int) throws(FileError) -> MatrixView {
        let mapping: MappedFile
        do { mapping = try MappedFile(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FileError(path: naming.path, reason: "cannot read back the frames (\(error.reason))")
        }
        guard mapping.bytes.count == rows * columns * 4 else {
            throw FileError(path: naming.path, reason: "cannot read back the frames (\(mapping.bytes.count) bytes)")
        }
        return MatrixView(
            rows: rows, columns: columns, base: mapping.bytes.baseAddress!.assumingMemoryBound(to: Float.self),
            owner: mapping)
    }

    func close() {
        if descriptor >= 0 { Foundation.close(descriptor) }
        descriptor = -1
    }

    func remove() {
        close()
        guard !removed else { return }
        unlink(path)
        removed = true
    }

    deinit { remove() }
}

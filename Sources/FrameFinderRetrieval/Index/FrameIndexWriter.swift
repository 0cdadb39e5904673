import Foundation
import FrameFinderMath

/// Writes an index file block by block, as the frames are encoded, holding only the frame
/// references (the file's frame list) in memory.
///
/// Keys and values go to two temporary files beside the index as their blocks arrive; `finish`
/// writes the header (which needs the frame count and list), copies the two in, and renames
/// the result into place, so the file appears whole or not at all. The bytes equal
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
    /// - Throws: `DataError` when the temporary files cannot be created beside `url`.
    public init(url: URL, modelIdentity: String, modelName: String, fps: Double, source: String,
         keyWidth: Int, valueWidth: Int) throws(DataError) {
        self.url = url
        self.modelIdentity = modelIdentity
        self.modelName = modelName
        self.fps = fps
        self.source = source
        self.keyWidth = keyWidth
        self.valueWidth = valueWidth
        keys = try TemporaryFile(beside: url, suffix: "keys")
        values = try TemporaryFile(beside: url, suffix: "values")
    }

    /// The number of frames appended so far.
    public var count: Int { frames.count }

    /// Appends a block of frames and their keys and values.
    public func append(_ references: [FrameReference], _ encoded: EncodedFrames) throws(DataError) {
        precondition(references.count == encoded.count && encoded.keys.columns == keyWidth
                     && encoded.values.columns == valueWidth, "Block does not fit the index")
        try keys.append(encoded.keys.elements)
        try values.append(encoded.values.elements)
        frames += references
    }

    /// Writes the index file (header, keys, values) and removes the temporary files.
    public func finish() throws(DataError) {
        let metadata = FrameIndex.metadata(modelIdentity: modelIdentity, modelName: modelName, fps: fps,
                                           source: source, frames: frames)
        let header = SafeTensors.header(metadata: metadata, shapes: [("keys", [count, keyWidth]), ("values", [count, valueWidth])])
        let file = try TemporaryFile(beside: url, suffix: "index")
        defer { file.remove() }
        try file.append(header)
        try file.copy(from: keys)
        try file.copy(from: values)
        keys.remove()
        values.remove()
        try file.rename(to: url)
    }

    deinit {
        keys.remove()
        values.remove()
    }
}

/// A file written with `write(2)` beside a destination, removed unless renamed into place.
private final class TemporaryFile {
    let path: String
    private var descriptor: Int32
    private var removed = false

    init(beside url: URL, suffix: String) throws(DataError) {
        path = url.path + ".\(suffix).\(getpid()).tmp"
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DataError(path: url.path, reason: "cannot write (\(String(cString: strerror(errno))))") }
    }

    func append(_ floats: [Float]) throws(DataError) {
        #if _endian(big)
        let floats = floats.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        #endif
        if let error = floats.withUnsafeBytes(writeAll) { throw error }
    }

    func append(_ data: Data) throws(DataError) {
        if let error = data.withUnsafeBytes(writeAll) { throw error }
    }

    /// Writes all of `bytes`, or returns why it could not.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> DataError? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return DataError(path: path, reason: "cannot write (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
        return nil
    }

    /// Appends the whole of `other`, 4 MiB at a time.
    func copy(from other: TemporaryFile) throws(DataError) {
        guard lseek(other.descriptor, 0, SEEK_SET) == 0 else {
            throw DataError(path: other.path, reason: "cannot read back (\(String(cString: strerror(errno))))")
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 22, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = read(other.descriptor, chunk.baseAddress, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw DataError(path: other.path, reason: "cannot read back (\(String(cString: strerror(errno))))") }
            if n == 0 { return }
            if let error = writeAll(UnsafeRawBufferPointer(rebasing: chunk[0 ..< n])) { throw error }
        }
    }

    /// Flushes the file to disk and renames it to `url`.
    func rename(to url: URL) throws(DataError) {
        guard fsync(descriptor) == 0, Foundation.rename(path, url.path) == 0 else {
            throw DataError(path: url.path, reason: "cannot write (\(String(cString: strerror(errno))))")
        }
        removed = true
    }

    func remove() {
        guard !removed else { return }
        close(descriptor)
        unlink(path)
        removed = true
    }

    deinit { remove() }
}

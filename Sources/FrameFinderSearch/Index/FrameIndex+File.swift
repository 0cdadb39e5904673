import Foundation
import FrameFinderMath
import FrameFinderModel

/// The index file: safetensors holding the tensors `keys` (`N × d`) and `values`
/// (`N × d_v`), and in `__metadata__`:
///
/// | key | value |
/// | --- | --- |
/// | `format` | `framefinder-index` |
/// | `format_version` | `1` |
/// | `model.identity` | `Model.identity` of the encoding model |
/// | `model.name` | the name it was given (`default` or its file) |
/// | `frames.count` | `N` |
/// | `frames.fps` | frames per second of the frame times |
/// | `frames.source` | the frame directory or video |
/// | `frames.list` | JSON array of `{"path", "index", "time"}`, one per row of `keys` |
extension FrameIndex {
    /// The index file format this code writes; files of another version are refused.
    public static let formatVersion = 1

    /// The index as safetensors.
    public var safeTensors: SafeTensors {
        SafeTensors(
            tensors: ["keys": encoded.keys.npyArray, "values": encoded.values.npyArray],
            metadata: Self.metadata(
                modelIdentity: modelIdentity, modelName: modelName, fps: fps,
                source: source, frames: frames))
    }

    /// The `__metadata__` of an index of `frames`.
    static func metadata(
        modelIdentity: String, modelName: String, fps: Double, source: String,
        frames: [FrameReference]
    ) -> [String: String] {
        return [
            "format": "framefinder-index",
            "format_version": String(Self.formatVersion),
            "model.identity": modelIdentity,
            "model.name": modelName,
            "frames.count": String(frames.count),
            "frames.fps": String(fps),
            "frames.source": source,
            "frames.list": frameList(frames),
        ]
    }

    /// `frames` as the JSON array of `frames.list`: `[{"index":0,"path":"…","time":0.0},…]`,
    /// written directly (keys in a fixed order, so the file is the same every time; an
    /// encoder's value tree would take several times the list's size for a large index).
    static func frameList(_ frames: [FrameReference]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(frames.count * 64 + 2)
        for (i, frame) in frames.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += Array("{\"index\":\(frame.index),\"path\":".utf8)
            SafeTensors.appendJSONString(frame.path, to: &bytes)
            bytes += Array(",\"time\":\(frame.time)}".utf8)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the index atomically (a temporary file renamed into place).
    ///
    /// - Throws: `FileError` when it cannot be written.
    public func save(to url: URL) throws(FileError) {
        do { try safeTensors.write(to: url) } catch {
            throw FileError(
                path: url.path, reason: "cannot write index (\(error.problemText))")
        }
    }

    /// Reads an index file, checking its format, version, and that keys, values and frame
    /// list describe the same frames with finite numbers.
    ///
    /// - Throws: `FileError` naming the file and the problem.
    public init(contentsOf url: URL) throws(FileError) {
        let file: SafeTensors
        do { file = try SafeTensors(contentsOf: url) } catch {
            throw FileError(path: url.path, reason: error.problemText)
        }
        try self.init(safeTensors: file, path: url.path)
    }

    /// An index from parsed safetensors; `path` names the file in errors.
    public init(safeTensors file: SafeTensors, path: String) throws(FileError) {
        func fail(_ reason: String) -> FileError { FileError(path: path, reason: reason) }
        let header = try Header(metadata: file.metadata, path: path)
        let keys: Matrix, values: Matrix
        do {
            keys = try file.matrix("keys", rows: header.frames.count)
            values = try file.matrix("values", rows: header.frames.count)
        } catch {
            throw fail(error.problemText)
        }
        guard keys.isFinite && values.isFinite else { throw fail("index keys or values hold NaN or infinity") }
        self.init(header, encoded: EncodedFrames(keys: keys, values: values))
    }

    /// Maps an index file and reads its keys and values in place: nothing is copied, and
    /// their pages are read as scoring touches them (page cache, not the process's memory).
    ///
    /// The file is checked as `init(contentsOf:)` checks it (header, metadata, shapes, every
    /// number finite). Keys and values that cannot be used in place (not little-endian F32,
    /// or not 4-byte aligned in the file) are converted as `init(contentsOf:)` does.
    ///
    /// - Throws: `FileError` naming the file and the problem.
    public init(mapping url: URL) throws(FileError) {
        func fail(_ reason: String) -> FileError { FileError(path: url.path, reason: reason) }
        let file: MappedFile, layout: (metadata: [String: String], entries: [SafeTensors.Entry])
        do {
            file = try MappedFile(contentsOf: url)
            layout = try SafeTensors.layout(of: file.data, source: url.path)
        } catch {
            throw fail(error.problemText)
        }
        let header = try Header(metadata: layout.metadata, path: url.path)
        func view(_ name: String) -> MatrixView? {
            guard let entry = layout.entries.first(where: { $0.name == name }), entry.dtype == .float32,
                entry.shape.count == 2, entry.shape[0] == header.frames.count, entry.bytes.lowerBound % 4 == 0,
                Int(1).littleEndian == 1
            else { return nil }
            let base = (file.bytes.baseAddress! + entry.bytes.lowerBound).assumingMemoryBound(to: Float.self)
            return MatrixView(rows: entry.shape[0], columns: entry.shape[1], base: base, owner: file)
        }
        guard let keys = view("keys"), let values = view("values") else {
            do { try self.init(safeTensors: SafeTensors(data: file.data, source: url.path), path: url.path) } catch {
                throw fail(error.problemText)
            }
            return
        }
        guard keys.isFinite && values.isFinite else { throw fail("index keys or values hold NaN or infinity") }
        self.init(header, encoded: EncodedFrames(mappedKeys: keys, values: values))
    }

    private init(_ header: Header, encoded: EncodedFrames) {
        self.init(
            modelIdentity: header.identity, modelName: header.name, fps: header.fps, source: header.source,
            frames: header.frames, encoded: encoded)
    }

    /// The checked `__metadata__` of an index file.
    private struct Header {
        let identity: String, name: String, source: String, fps: Double
        let frames: [FrameReference]

        init(metadata: [String: String], path: String) throws(FileError) {
            func fail(_ reason: String) -> FileError { FileError(path: path, reason: reason) }
            guard metadata["format"] == "framefinder-index" else {
                let format = metadata["format"].map { " (its format is \($0))" } ?? ""
                throw fail("not a FrameFinder index\(format)")
            }
            guard metadata["format_version"] == String(FrameIndex.formatVersion) else {
                throw fail(
                    "index format version \(metadata["format_version"] ?? "none") is not \(FrameIndex.formatVersion)")
            }
            guard let identity = metadata["model.identity"], let name = metadata["model.name"],
                let source = metadata["frames.source"],
                let fpsText = metadata["frames.fps"], let fps = Double(fpsText), fps.isFinite, fps > 0,
                let countText = metadata["frames.count"], let count = Int(countText), count > 0,
                let listText = metadata["frames.list"]
            else { throw fail("index metadata is incomplete or malformed") }
            guard let frames = try? JSONDecoder().decode([FrameReference].self, from: Data(listText.utf8)),
                frames.count == count
            else { throw fail("index frame list does not hold \(count) frames") }
            (self.identity, self.name, self.source, self.fps, self.frames) = (identity, name, source, fps, frames)
        }
    }
}

import Foundation
import FrameFinderMath

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
        SafeTensors(tensors: ["keys": encoded.keys.npyArray, "values": encoded.values.npyArray],
                    metadata: Self.metadata(modelIdentity: modelIdentity, modelName: modelName, fps: fps,
                                            source: source, frames: frames))
    }

    /// The `__metadata__` of an index of `frames`.
    static func metadata(modelIdentity: String, modelName: String, fps: Double, source: String,
                         frames: [FrameReference]) -> [String: String] {
        // Sorted keys: JSONEncoder's order otherwise varies from run to run, and so would the file.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let list = (try? encoder.encode(frames)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        return [
            "format": "framefinder-index",
            "format_version": String(Self.formatVersion),
            "model.identity": modelIdentity,
            "model.name": modelName,
            "frames.count": String(frames.count),
            "frames.fps": String(fps),
            "frames.source": source,
            "frames.list": list,
        ]
    }

    /// Writes the index atomically (a temporary file renamed into place).
    ///
    /// - Throws: `DataError` when it cannot be written.
    public func save(to url: URL) throws(DataError) {
        do { try safeTensors.write(to: url) } catch {
            throw DataError(path: url.path, reason: "cannot write index (\((error as? TensorFileError)?.reason ?? "\(error)"))")
        }
    }

    /// Reads an index file, checking its format, version, and that keys, values and frame
    /// list describe the same frames with finite numbers.
    ///
    /// - Throws: `DataError` naming the file and the problem.
    public init(contentsOf url: URL) throws(DataError) {
        let file: SafeTensors
        do { file = try SafeTensors(contentsOf: url) } catch {
            throw DataError(path: url.path, reason: (error as? TensorFileError)?.reason ?? "\(error)")
        }
        try self.init(safeTensors: file, path: url.path)
    }

    /// An index from parsed safetensors; `path` names the file in errors.
    public init(safeTensors file: SafeTensors, path: String) throws(DataError) {
        func fail(_ reason: String) -> DataError { DataError(path: path, reason: reason) }
        let metadata = file.metadata
        guard metadata["format"] == "framefinder-index" else {
            let format = metadata["format"].map { " (its format is \($0))" } ?? ""
            throw fail("not a FrameFinder index\(format)")
        }
        guard metadata["format_version"] == String(Self.formatVersion) else {
            throw fail("index format version \(metadata["format_version"] ?? "none") is not \(Self.formatVersion)")
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
        let keys: Matrix, values: Matrix
        do {
            keys = try file.matrix("keys", rows: count)
            values = try file.matrix("values", rows: count)
        } catch {
            throw fail((error as? TensorFileError)?.reason ?? "\(error)")
        }
        guard keys.isFinite && values.isFinite else { throw fail("index keys or values hold NaN or infinity") }
        self.init(modelIdentity: identity, modelName: name, fps: fps, source: source, frames: frames,
                  encoded: EncodedFrames(keys: keys, values: values))
    }
}

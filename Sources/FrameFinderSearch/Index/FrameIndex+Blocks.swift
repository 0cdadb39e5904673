import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel

// MARK: - Building in blocks

extension FrameIndex {
    /// Frames encoded by one product: every frame goes through products of this many rows
    /// (zero tokens fill the last), large enough that OpenBLAS takes its regular kernels for
    /// each of them (it picks other code paths for small shapes, and by thread count), so an
    /// index is the same bit for bit however it was blocked and on any number of threads.
    public static let encodingRows = 2048

    /// Frames held at a time by default: one product's worth, about 12 MB of tokens and
    /// encoder activations.
    public static let defaultBlockSize = encodingRows

    /// Decodes, describes and encodes every frame of `sequence` with `retriever`'s model, in memory.
    ///
    /// Frames that cannot be decoded are left out and returned as `failures`; the others
    /// keep their sequence index and time. `name` overrides each frame's reported path
    /// (frames extracted from a video into a temporary folder are named after the video).
    /// The frames are encoded in blocks (`encodeBlocks`), so besides the result only one
    /// block's tokens and activations are held.
    ///
    /// - Throws: `FrameError` (`.noFrames`) when no frame is readable; `ModelError` when the
    ///   model's feature recipe is unusable.
    public static func encoding(
        _ sequence: FrameSequence, with retriever: Retriever, source: String,
        name: (@Sendable (FrameSequence.Entry) -> String)? = nil,
        blockSize: Int = defaultBlockSize, framesInFlight: Int = FrameSequence.defaultFramesInFlight
    ) async throws -> (index: FrameIndex, failures: [FrameError]) {
        let model = retriever.model
        var references: [FrameReference] = []
        var keys: [Float] = [], values: [Float] = []
        let failures = try await encodeBlocks(
            sequence, with: retriever, source: source, name: name,
            blockSize: blockSize, framesInFlight: framesInFlight
        ) { block, encoded in
            references += block
            keys += encoded.keys.elements
            values += encoded.values.elements
        }
        let encoded = EncodedFrames(
            keys: Matrix(rows: references.count, columns: model.settings.dimension, elements: keys),
            values: Matrix(rows: references.count, columns: model.settings.valueDimension, elements: values))
        let index = FrameIndex(
            modelIdentity: retriever.identity, modelName: retriever.name, fps: sequence.fps,
            source: source, frames: references, encoded: encoded)
        try index.checkScorable(model: model, path: retriever.name)
        return (index, failures)
    }

    /// Decodes, describes and encodes every frame of `sequence` and writes the index file at
    /// `url` as it goes, holding one block of frames at a time and the frame list.
    ///
    /// Peak memory is the frame list plus `O(blockSize · (token width + hidden))` floats and
    /// `framesInFlight` decoded pictures, however many frames there are; the keys and values
    /// stream to the file. The file equals `encoding(...).index.save(to: url)`, byte for byte.
    ///
    /// - Returns: the number of frames written, and the frames that could not be decoded.
    /// - Throws: as `encoding(...)`; `FileError` when the model cannot score the frames
    ///   (`checkScorable`) or the file cannot be written (no file is left behind either way).
    public static func write(
        _ sequence: FrameSequence, with retriever: Retriever, source: String,
        name: (@Sendable (FrameSequence.Entry) -> String)? = nil, to url: URL,
        blockSize: Int = defaultBlockSize, framesInFlight: Int = FrameSequence.defaultFramesInFlight
    ) async throws -> (count: Int, failures: [FrameError]) {
        let model = retriever.model
        let writer = try FrameIndexWriter(
            url: url, modelIdentity: retriever.identity, modelName: retriever.name,
            fps: sequence.fps, source: source, keyWidth: model.settings.dimension,
            valueWidth: model.settings.valueDimension)
        let failures = try await encodeBlocks(
            sequence, with: retriever, source: source, name: name,
            blockSize: blockSize, framesInFlight: framesInFlight
        ) { block, encoded in
            try writer.append(block, encoded)
        }
        // The frames as written are checked before the file is moved into place.
        try writer.finish { try checkScorable($0, model: model, path: retriever.name) }
        return (writer.count, failures)
    }

    /// Decodes and describes the frames of `sequence` (`framesInFlight` at a time, in frame
    /// order) and encodes them `blockSize` at a time, handing each block to `body`.
    ///
    /// Blocks are rounded up to a multiple of `encodingRows` and encoded that many rows at a
    /// time, the last padded with zero tokens (dropped after encoding).
    ///
    /// - Throws: `FrameError` (`.noFrames`) when no frame is readable; `ModelError`; what
    ///   `body` throws.
    static func encodeBlocks(
        _ sequence: FrameSequence, with retriever: Retriever, source: String,
        name: (@Sendable (FrameSequence.Entry) -> String)?, blockSize: Int, framesInFlight: Int,
        _ body: ([FrameReference], EncodedFrames) throws -> Void
    ) async throws -> [FrameError] {
        let (model, recipe) = (retriever.model, retriever.recipe)
        let width = model.settings.frameTokenWidth
        let rows = max(1, (blockSize + encodingRows - 1) / encodingRows) * encodingRows
        var tokens: [Float] = [], block: [FrameReference] = [], failures: [FrameError] = []
        var thrown: (any Error)?
        tokens.reserveCapacity(rows * width)
        func flush() throws {
            guard !block.isEmpty else { return }
            var keys: [Float] = [], values: [Float] = []
            for start in stride(from: 0, to: block.count, by: encodingRows) {
                let count = min(encodingRows, block.count - start)
                var part = Array(tokens[start * width..<(start + count) * width])
                part += [Float](repeating: 0, count: (encodingRows - count) * width)
                let encoded = try model.encodeFrames(Matrix(rows: encodingRows, columns: width, elements: part))
                keys += encoded.keys.elements.prefix(count * encoded.keys.columns)
                values += encoded.values.elements.prefix(count * encoded.values.columns)
            }
            try body(
                block,
                EncodedFrames(
                    keys: Matrix(rows: block.count, columns: model.settings.dimension, elements: keys),
                    values: Matrix(
                        rows: block.count, columns: model.settings.valueDimension,
                        elements: values)))
            tokens.removeAll(keepingCapacity: true)
            block.removeAll(keepingCapacity: true)
        }
        await sequence.forEachFrame(describedBy: recipe.frames, framesInFlight: framesInFlight) { entry, result in
            guard thrown == nil else { return }
            switch result {
            case .success(let frameTokens):
                tokens += frameTokens.row(0)
                block.append(
                    FrameReference(
                        path: name?(entry) ?? entry.url.standardizedFileURL.path,
                        index: entry.index, time: entry.time,
                        imageFile: name == nil ? nil : entry.url.path))
                if block.count == rows {
                    do { try flush() } catch { thrown = error }
                }
            case .failure(let error):
                failures.append(error)
            }
        }
        if let thrown { throw thrown }
        try flush()
        if failures.count == sequence.entries.count {
            let first = failures.first.map { " (first: \($0))" } ?? ""
            throw FrameError(
                path: source, kind: .noFrames,
                reason: "none of \(sequence.entries.count) PNG files is readable\(first)")
        }
        return failures
    }
}

import Foundation
import FrameFinderFrames
import FrameFinderMath

/// A video's frames encoded once by a model: the keys and values of the cross-attention,
/// with where each frame came from, so that any number of clips can be ranked against them
/// without decoding a frame again.
///
/// A query through an index ranks exactly as a query on the frames themselves: both rank
/// through `timelines(of:...)` over the same
/// `EncodedFrames`. The file format is in `FrameIndex+File.swift` and `docs/cli.md`.
public struct FrameIndex: Sendable, Equatable {
    /// The identity of the model that encoded the frames (`Model.identity`).
    public var modelIdentity: String
    /// The name the model was given when the index was built (its file, or `default`).
    public var modelName: String
    /// Frames per second the frame times were computed with.
    public var fps: Double
    /// What the frames were read from: a directory of PNG frames or a video file.
    public var source: String
    /// One reference per encoded frame, in frame order.
    public var frames: [FrameReference]
    /// The keys and values, one row per frame.
    public var encoded: EncodedFrames

    public init(modelIdentity: String, modelName: String, fps: Double, source: String,
                frames: [FrameReference], encoded: EncodedFrames) {
        precondition(frames.count == encoded.count, "One reference per encoded frame")
        self.modelIdentity = modelIdentity
        self.modelName = modelName
        self.fps = fps
        self.source = source
        self.frames = frames
        self.encoded = encoded
    }

    /// The number of frames.
    public var count: Int { frames.count }
}

// MARK: - Building

extension FrameIndex {
    /// Decodes, describes and encodes every frame of `sequence` with `model`.
    ///
    /// Frames that cannot be decoded are left out and returned as `failures`; the others
    /// keep their sequence index and time. `name` overrides each frame's reported path
    /// (frames extracted from a video into a temporary folder are named after the video).
    ///
    /// - Throws: `FrameError` (`.noFrames`) when no frame is readable; `ModelError` when the
    ///   model's feature recipe is unusable.
    public static func encoding(
        _ sequence: FrameSequence, with model: Model, modelName: String, source: String,
        name: (@Sendable (FrameSequence.Entry) -> String)? = nil
    ) async throws -> (index: FrameIndex, failures: [FrameError]) {
        let recipe = try FeatureRecipe(settings: model.settings)
        let (tokens, entries, failures) = await recipe.frameTokens(of: sequence)
        guard !entries.isEmpty else {
            let first = failures.first.map { " (first: \($0))" } ?? ""
            throw FrameError(path: source, kind: .noFrames,
                             reason: "none of \(sequence.entries.count) PNG files is readable\(first)")
        }
        let references = entries.map {
            FrameReference(path: name?($0) ?? $0.url.standardizedFileURL.path, index: $0.index, time: $0.time)
        }
        let index = FrameIndex(modelIdentity: model.identity, modelName: modelName, fps: sequence.fps,
                               source: source, frames: references, encoded: try model.encodeFrames(tokens))
        try index.checkScorable(model: model, path: modelName)
        return (index, failures)
    }

    /// Checks that `model` is the model the frames were encoded with.
    ///
    /// Its widths are checked first (`checkWidths`), then its identity, then that the model
    /// can score its frames (`checkScorable`).
    ///
    /// - Throws: `DataError` naming `path` (the index file) and both models when they differ.
    public func check(model: Model, modelName: String, path: String) throws(DataError) {
        try checkWidths(model: model, path: path)
        let identity = model.identity
        guard identity == modelIdentity else {
            throw DataError(path: path, reason: "index was built with model \(self.modelName) (\(modelIdentity)), "
                + "not with \(modelName) (\(identity)); rebuild it with `framefinder index --model \(modelName)`")
        }
        try checkScorable(model: model, path: path)
    }
}

import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel

/// A video's frames encoded once by a model: the keys and values of the cross-attention,
/// with where each frame came from, so that any number of clips can be ranked against them
/// without decoding a frame again.
///
/// A query through an index ranks exactly as a query on the frames themselves: both rank
/// through `Retriever.timelines(of:in:...)` over the same `EncodedFrames`. The file format is in `FrameIndex+File.swift` and `docs/cli.md`.
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

    public init(
        modelIdentity: String, modelName: String, fps: Double, source: String,
        frames: [FrameReference], encoded: EncodedFrames
    ) {
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
    /// Checks that `model` is the model the frames were encoded with.
    ///
    /// Its widths are checked first (`checkWidths`), then its identity, then that the model
    /// can score its frames (`checkScorable`).
    ///
    /// - Throws: `FileError` naming `path` (the index file) and both models when they differ.
    public func check(model: Model, modelName: String, path: String) throws(FileError) {
        try check(model: model, modelName: modelName, identity: model.identity, path: path)
    }

    /// `check(model:modelName:path:)` with the model's `identity` already hashed.
    func check(model: Model, modelName: String, identity: String, path: String) throws(FileError) {
        try checkWidths(model: model, path: path)
        guard identity == modelIdentity else {
            throw FileError(
                path: path,
                reason: "index was built with model \(self.modelName) (\(modelIdentity)), "
                    + "not with \(modelName) (\(identity)); rebuild it with that model")
        }
        try checkScorable(model: model, path: path)
    }
}

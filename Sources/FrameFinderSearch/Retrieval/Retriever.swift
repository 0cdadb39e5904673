import Foundation
import FrameFinderAttention
import FrameFinderMath
import FrameFinderModel

/// A loaded model ready to rank frames: the model, the name results report it by, its
/// feature recipe and its identity, each computed once.
///
/// ```swift
/// let retriever = try Retriever()  // the default model; `Retriever(modelAt: path)` for a file
/// let source = try FrameSource(path: "samples/video")
/// let timeline = try await retriever.withFrames(source) { frames in
///     try retriever.timeline(of: URL(fileURLWithPath: "samples/clips/3_gbf.wav"), in: frames)
/// }
/// ```
public struct Retriever: Sendable {
    /// The model.
    public let model: Model
    /// The name results report (`Ranking.model`): the model file as given, or `default`.
    public let name: String
    /// The front-ends the model was trained with (`FeatureRecipe(settings:)`).
    public let recipe: FeatureRecipe
    /// The model's identity (`Model.identity`), hashed once here.
    public let identity: String

    /// A retriever of `model`, reported as `name`.
    ///
    /// - Throws: `ModelError.invalidFile` naming `name` when the model's feature settings are unusable.
    public init(model: Model, name: String) throws(ModelError) {
        self.model = model
        self.name = name
        do { recipe = try FeatureRecipe(settings: model.settings) } catch { throw error.located(in: name) }
        identity = model.identity
    }

    /// A retriever of the model file at `path`, or of the default model (`Model.default`,
    /// named `default`) when `path` is nil.
    ///
    /// - Throws: `ModelError` when the file (or the default model) cannot be loaded.
    public init(modelAt path: String? = nil) throws(ModelError) {
        try self.init(model: Model.named(path), name: path ?? Model.defaultName)
    }
}

/// How a clip's frames are ranked and listed: what `query` and `batch` share.
public struct SearchOptions: Sendable, Equatable {
    /// How the recording is cut into segments that each query the frames.
    public var segmentation: Segmentation
    /// How many frames (or moments) to keep, best first; 0 keeps them all.
    public var top: Int
    /// The least score a kept frame (or moment) has.
    public var minimumScore: Float
    /// List moments (`Moment`) instead of single frames.
    public var moments: Bool

    public init(segmentation: Segmentation = .default, top: Int = 10, minimumScore: Float = 0, moments: Bool = false) {
        self.segmentation = segmentation
        self.top = top
        self.minimumScore = minimumScore
        self.moments = moments
    }
}

// MARK: - Checking an index

extension Retriever {
    /// Checks that `index` was built by this model and can be scored by it
    /// (`FrameIndex.check(model:modelName:path:)`, with the identity hashed once).
    ///
    /// - Throws: `FileError` naming `path` (the index file).
    public func check(_ index: FrameIndex, path: String) throws(FileError) {
        try index.check(model: model, modelName: name, identity: identity, path: path)
    }
}

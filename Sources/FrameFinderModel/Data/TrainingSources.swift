import Foundation
import FrameFinderMath

/// Where training pairs come from, and the data that validates them: what `framefinder train`
/// is given, loaded through a feature recipe by `load(recipe:)`.
///
/// Pairs come either from labels (a clip and an image with the same label) or from aligned
/// streams (videos, a soundtrack and its frames, and the streams a manifest lists), paired by
/// `pairing`. Validation data is the end of every stream (`validateLast`) or labelled files.
public struct TrainingSources: Sendable, Equatable {
    /// Clips and images with labels: two `file,label` CSVs (`LabelledFiles`).
    public struct Labels: Sendable, Equatable {
        /// The clips' CSV and the images' CSV.
        public var audio: URL, images: URL

        public init(audio: URL, images: URL) { (self.audio, self.images) = (audio, images) }
    }

    /// Labelled training pairs, or nil for streams.
    public var labels: Labels?
    /// Aligned streams given one by one.
    public var streams: [TrainingStream]
    /// A CSV manifest of further streams (`TrainingStream.manifest(contentsOf:defaultFPS:)`).
    public var manifest: URL?
    /// The frame rate of the streams that do not give their own.
    public var fps: Double
    /// How a stream's sound and frames become pairs.
    public var pairing: StreamPairing
    /// How each training clip is varied: speeds (for labels and streams) and recordings (labels).
    public var augmentation: ClipAugmentation
    /// The seed of the recordings made from labelled clips.
    public var seed: UInt64
    /// The share of every stream's end held out for validation (0: none).
    public var validateLast: Double
    /// Labelled validation clips and images, or nil.
    public var validationLabels: Labels?

    public init(
        labels: Labels? = nil, streams: [TrainingStream] = [], manifest: URL? = nil, fps: Double = 1,
        pairing: StreamPairing = StreamPairing(), augmentation: ClipAugmentation = ClipAugmentation(),
        seed: UInt64 = 0, validateLast: Double = 0, validationLabels: Labels? = nil
    ) {
        self.labels = labels
        self.streams = streams
        self.manifest = manifest
        self.fps = fps
        self.pairing = pairing
        self.augmentation = augmentation
        self.seed = seed
        self.validateLast = validateLast
        self.validationLabels = validationLabels
    }

    /// Loads the training pairs and the validation data through `recipe`.
    ///
    /// Labelled clips are loaded with `augmentation` (`TrainingData.load(audio:images:...)`),
    /// streams at its speeds (`TrainingData.loadStreams`). Labelled validation clips are heard
    /// as queries are, at every query speed of the recipe at once. Unreadable clips and images
    /// are left out and reported in `notes` (`path: skipped: reason`), as are streams' problems.
    ///
    /// - Throws: `FileError` when a labels CSV or manifest cannot be read, nothing could be
    ///   loaded, or a clip's label has no image.
    public func load(recipe: FeatureRecipe) async throws(FileError) -> StreamTrainingSet {
        var set: StreamTrainingSet
        if let labels {
            let loaded = try await Self.load(labels, recipe: recipe, augmentation: augmentation, seed: seed)
            set = StreamTrainingSet(data: loaded.data, validation: nil, notes: loaded.notes)
        } else {
            var all = streams
            if let manifest { all += try TrainingStream.manifest(contentsOf: manifest, defaultFPS: fps) }
            set = try await TrainingData.loadStreams(
                all, pairing: pairing, recipe: recipe,
                speeds: augmentation.speeds, validateLast: validateLast)
        }
        if set.validation == nil, let validationLabels {
            let speeds = ClipAugmentation(speeds: recipe.audio.settings.querySpeeds)
            let loaded = try await Self.load(validationLabels, recipe: recipe, augmentation: speeds, seed: 0)
            set.validation = loaded.data.stackingVariants()
            set.notes += loaded.notes
        }
        return set
    }

    /// Labelled data, with a note for every file left out.
    private static func load(
        _ labels: Labels, recipe: FeatureRecipe, augmentation: ClipAugmentation, seed: UInt64
    ) async throws(FileError) -> (data: TrainingData, notes: [LoadFailure]) {
        let loaded = try await TrainingData.load(
            audio: try LabelledFiles(csv: labels.audio), images: try LabelledFiles(csv: labels.images),
            recipe: recipe, augmentation: augmentation, seed: seed)
        return (loaded.data, loaded.failures.map { LoadFailure(path: $0.path, reason: "skipped: \($0.reason)") })
    }
}

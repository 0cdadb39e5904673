import ArgumentParser
import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderRetrieval

/// `framefinder train`: learn the encoders and the projections W_Q, W_K, W_V from pairs.
///
/// Pairs come from labels (a clip and an image with the same label) or from an aligned
/// stream (a soundtrack and its frames: the audio around a frame's time is its positive).
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model from labelled clips and images, or from a soundtrack and its frames.",
        discussion: """
            Labels: --audio-labels A.csv --image-labels B.csv (file,label CSVs, paths relative to \
            the CSV). Aligned stream: --soundtrack S.wav --frames DIR [--fps F] [--window W]. \
            Validation (optional, labelled): --validate-audio V.csv --validate-images W.csv; the \
            epoch with the best validation mAP is kept and training stops after --patience epochs \
            without improvement.
            """
    )

    // MARK: - Data

    @Option(help: "Clips with labels: a file,label CSV.")
    var audioLabels: String?
    @Option(help: "Images with labels: a file,label CSV.")
    var imageLabels: String?
    @Option(help: "Aligned stream: the soundtrack (any format libsndfile reads).")
    var soundtrack: String?
    @Option(help: "Aligned stream: the directory of PNG frames.")
    var frames: String?
    @Option(help: "Aligned stream: frames per second (frame i is at i / fps seconds).")
    var fps: Double = 1
    @Option(help: "Aligned stream: seconds of audio around each frame's time.")
    var window: Double = 1
    @Option(help: "Validation clips with labels (file,label CSV).")
    var validateAudio: String?
    @Option(help: "Validation images with labels (file,label CSV).")
    var validateImages: String?

    // MARK: - Features

    @Option(help: "Audio features: mfcc or logmel.")
    var features: AudioFeatureKind = .mfcc
    @Option(help: "MFCC coefficients kept.")
    var mfcc: Int = 20
    @Option(help: "Per-clip normalisation: per_clip or none.")
    var normalize: AudioNormalization = .perClip
    @Option(help: "Query tokens: stacked:CONTEXT:HOP, segments:N, profile:N or clip.")
    var tokens: AudioTokenKind = .segmentProfile(count: 8)
    @Option(help: "Sound detection: cut clips to their sound, frames this many dB under the loudest being silent (librosa's top_db; 0: keep every frame).")
    var soundTopDb: Double = SoundDetection().topDecibels
    @Option(help: "Recordings made from each training clip: the word inside silence, background noise, another gain, speed and sample rate.")
    var recordings: Int = 0
    @Option(help: "Floor the log-mel this many dB below the clip's loudest value, whatever its gain (0: off).")
    var floorDb: Double = 0
    @Option(help: "Frames: also describe a grid of patches (e.g. 4x4), for --overlay pictures.")
    var patchGrid: Size2D?
    @Option(parsing: .upToNextOption, help: "Speed perturbation: the speeds each clip is also used at (1 = as recorded).")
    var speeds: [Double] = [1]
    @Option(parsing: .upToNextOption,
            help: "Test-time speed perturbation: the speeds a query clip is heard at, stored in the model (1 = as recorded).")
    var querySpeeds: [Double] = [1]
    @Option(help: "Frequency masks while training: COUNT:WIDTH, up to WIDTH features masked in every segment.")
    var featureMasks: MaskRuns?
    @Option(help: "Time masks while training: COUNT:WIDTH, up to WIDTH segments (profile) or frames (stacked) masked.")
    var segmentMasks: MaskRuns?

    // MARK: - Model

    @Option(help: "d: the width of queries and keys.")
    var dim: Int = 64
    @Option(help: "d_v: the width of values (defaults to --dim).")
    var valueDim: Int?
    @Option(help: "Attention heads (dividing --dim).")
    var heads: Int = 1
    @Option(help: "Hidden width of the per-token encoders (0: linear encoders).")
    var hidden: Int = 256
    @Option(help: "Width of the encoded tokens.")
    var embedding: Int = 64
    @Option(help: "Learned queries that pool a clip's tokens (0: every token queries the frames).")
    var pooling: Int = 0
    @Option(help: "Share of the score given by the attended picture V' (0...1).")
    var attendedShare: Float = 0.5

    // MARK: - Optimisation

    @Option(help: "Passes over the training clips.")
    var epochs: Int = 30
    @Option(help: "Clips per mini-batch.")
    var batchClips: Int = 64
    @Option(help: "Candidate frames per mini-batch.")
    var batchFrames: Int = 256
    @Option(help: "Adam learning rate.")
    var lr: Float = 1e-3
    @Option(help: "AdamW weight decay.")
    var weightDecay: Float = 1e-4
    @Option(help: "Epochs without a better validation mAP before stopping.")
    var patience: Int = 6
    @Option(help: "Random seed (initialisation, batches, augmentation).")
    var seed: UInt64 = 0
    @Option(help: "OpenBLAS threads (training is deterministic for a given seed and thread count).")
    var threads: Int = 1

    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).")
    var out: String

    @Flag(name: .shortAndLong, help: "Print a line per epoch on stderr even when it is not a terminal.")
    var verbose = false

    @OptionGroup var overwrite: OverwriteOptions

    func validate() throws {
        let labelled = audioLabels != nil || imageLabels != nil
        let aligned = soundtrack != nil || frames != nil
        guard labelled != aligned else {
            throw ValidationError("give either --audio-labels and --image-labels, or --soundtrack and --frames")
        }
        if labelled && (audioLabels == nil || imageLabels == nil) {
            throw ValidationError("--audio-labels and --image-labels go together")
        }
        if aligned && (soundtrack == nil || frames == nil) {
            throw ValidationError("--soundtrack and --frames go together")
        }
        if (validateAudio == nil) != (validateImages == nil) {
            throw ValidationError("--validate-audio and --validate-images go together")
        }
        guard fps > 0 && fps.isFinite, window > 0 else { throw ValidationError("--fps and --window must be positive") }
        guard epochs >= 1, batchClips >= 1, batchFrames >= 1, threads >= 1 else {
            throw ValidationError("--epochs, --batch-clips, --batch-frames and --threads must be at least 1")
        }
        guard recordings >= 0, soundTopDb >= 0 else { throw ValidationError("--recordings and --sound-top-db must be at least 0") }
        guard speeds.allSatisfy(AudioFeatureSettings.speedRange.contains) else {
            throw ValidationError("--speeds must lie in (0.5, 2)")
        }
        guard lr > 0 else { throw ValidationError("--lr must be positive") }
    }

    func run() async throws {
        try await reportingFailures { try await train() }
    }

    private func train() async throws {
        try overwrite.check([out])
        BLAS.setThreadCount(threads)
        var audioSettings = AudioFeatureSettings()
        audioSettings.kind = features
        audioSettings.mfccCount = mfcc
        audioSettings.normalization = normalize
        audioSettings.tokens = tokens
        if soundTopDb > 0 {
            var sound = SoundDetection()
            sound.topDecibels = soundTopDb
            audioSettings.sound = sound
        }
        audioSettings.floorDecibels = floorDb
        audioSettings.querySpeeds = querySpeeds
        let recipe: FeatureRecipe
        var frameSettings = FrameDescriptorSettings.default
        frameSettings.patchGrid = patchGrid
        do { recipe = try FeatureRecipe(audio: audioSettings, frames: frameSettings) } catch {
            throw ValidationError("\(error)")
        }
        let loaded = try await loadTrainingData(recipe: recipe)
        for failure in loaded.failures { Terminal.warn("skipped \(failure)") }
        let validation = try await loadValidationData(recipe: recipe)

        let stored = recipe.storedSettings
        let settings = ModelSettings(
            audioFeatures: stored.audio, frameDescriptors: stored.frames,
            audioTokenWidth: recipe.tokenWidths.audio, frameTokenWidth: recipe.tokenWidths.frames,
            hidden: hidden, embedding: embedding, dimension: dim, valueDimension: valueDim ?? dim, heads: heads,
            poolingQueries: pooling, attendedShare: attendedShare)
        let model: Model
        do { model = try Model(settings: settings, seed: seed) } catch { throw ValidationError("\(error)") }
        let options = TrainingOptions(epochs: epochs, clipsPerBatch: batchClips, framesPerBatch: batchFrames,
                                      learningRate: lr, weightDecay: weightDecay, patience: patience, seed: seed,
                                      masking: masking(blockWidth: audioSettings.featureWidth))
        let showProgress = verbose || Terminal.standardErrorIsTerminal
        var last: EpochReport?
        var bestReport: EpochReport?
        let trained = try Trainer.train(model, on: loaded.data, validation: validation, options: options) { report in
            last = report
            if report.isBest { bestReport = report }
            if showProgress { Terminal.message(Self.describe(report)) }
        }
        try trained.save(to: URL(fileURLWithPath: out))
        let summary = bestReport ?? last
        print("wrote \(out): \(loaded.data.clips.count) clips, \(loaded.data.frames.rows) frames, "
              + "\(trained.parameters.scalarCount) parameters"
              + (summary.map { "; kept epoch \($0.epoch)" + ($0.validation.map { ", validation " + Self.describe($0) } ?? "") } ?? ""))
    }

    /// The token masks of `--feature-masks` and `--segment-masks`, or nil when neither is given.
    private func masking(blockWidth: Int) -> TokenMasking? {
        guard featureMasks != nil || segmentMasks != nil else { return nil }
        return TokenMasking(blockWidth: blockWidth,
                            featureMasks: featureMasks?.count ?? 0, maxFeatureWidth: featureMasks?.width ?? 0,
                            blockMasks: segmentMasks?.count ?? 0, maxBlocks: segmentMasks?.width ?? 0)
    }

    private func loadTrainingData(recipe: FeatureRecipe) async throws -> (data: TrainingData, failures: [LoadFailure]) {
        if let audioLabels, let imageLabels {
            let clips = try LabelledFiles(csv: URL(fileURLWithPath: audioLabels))
            let images = try LabelledFiles(csv: URL(fileURLWithPath: imageLabels))
            return try await TrainingData.load(
                audio: clips, images: images, recipe: recipe,
                augmentation: ClipAugmentation(speeds: speeds, recordingCount: recordings), seed: seed)
        }
        let sequence = try FrameSequence(directory: URL(fileURLWithPath: frames!), fps: fps)
        return try await TrainingData.loadAligned(soundtrack: URL(fileURLWithPath: soundtrack!), frames: sequence,
                                                  window: window, recipe: recipe, speeds: speeds)
    }

    private func loadValidationData(recipe: FeatureRecipe) async throws -> TrainingData? {
        guard let validateAudio, let validateImages else { return nil }
        let loaded = try await TrainingData.load(
            audio: try LabelledFiles(csv: URL(fileURLWithPath: validateAudio)),
            images: try LabelledFiles(csv: URL(fileURLWithPath: validateImages)), recipe: recipe,
            augmentation: ClipAugmentation(speeds: recipe.audio.settings.querySpeeds))
        for failure in loaded.failures { Terminal.warn("skipped \(failure)") }
        // Validation clips are heard as queries are: at every query speed at once.
        return loaded.data.stackingVariants()
    }

    static func describe(_ report: EpochReport) -> String {
        var line = "epoch \(report.epoch): loss \(String(format: "%.4f", report.loss)), "
            + "\(Int(report.pairsPerSecond)) pairs/s"
        if let v = report.validation { line += ", " + describe(v) }
        return line + (report.isBest && report.validation != nil ? " *" : "")
    }

    static func describe(_ metrics: RetrievalMetrics) -> String {
        String(format: "R@1 %.3f, mAP %.3f", metrics.recallAt1, metrics.meanAveragePrecision)
    }
}

extension AudioFeatureKind: ExpressibleByArgument {}

extension Size2D: ExpressibleByArgument {
    /// `WIDTHxHEIGHT`, e.g. `4x4`.
    public init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        self.init(width: width, height: height)
    }
}
extension AudioNormalization: ExpressibleByArgument {}

/// `COUNT:WIDTH`: how many masks, and the widest.
struct MaskRuns: ExpressibleByArgument {
    var count: Int
    var width: Int

    init?(argument: String) {
        let parts = argument.split(separator: ":")
        guard parts.count == 2, let count = Int(parts[0]), let width = Int(parts[1]),
              (0...16).contains(count), (0...64).contains(width) else { return nil }
        self.count = count
        self.width = width
    }
}

extension AudioTokenKind: ExpressibleByArgument {
    /// `stacked:CONTEXT:HOP`, `segments:N`, `profile:N` or `clip`.
    public init?(argument: String) {
        let parts = argument.split(separator: ":").map(String.init)
        switch parts.first {
        case "stacked" where parts.count == 3:
            guard let context = Int(parts[1]), let hop = Int(parts[2]), context >= 0, hop >= 1 else { return nil }
            self = .stackedFrames(context: context, hop: hop)
        case "segments" where parts.count == 2:
            guard let count = Int(parts[1]), count >= 1 else { return nil }
            self = .segmentMeans(count: count)
        case "profile" where parts.count == 2:
            guard let count = Int(parts[1]), count >= 1 else { return nil }
            self = .segmentProfile(count: count)
        case "clip" where parts.count == 1:
            self = .clipMean
        default:
            return nil
        }
    }

    /// The kind as it is written on the command line (`profile:8`), for `--help`.
    public var defaultValueDescription: String {
        switch self {
        case .stackedFrames(let context, let hop): "stacked:\(context):\(hop)"
        case .segmentMeans(let count): "segments:\(count)"
        case .segmentProfile(let count): "profile:\(count)"
        case .clipMean: "clip"
        }
    }
}

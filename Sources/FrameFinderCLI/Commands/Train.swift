import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder train`: learn the encoders and the projections W_Q, W_K, W_V from pairs.
///
/// Pairs come from labels (a clip and an image with the same label) or from aligned streams
/// (videos, or soundtracks and their frames: what is heard while a frame is on screen is its
/// positive; `StreamPairing`). `--init` fine-tunes a trained model instead of starting afresh.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model from labelled clips and images, or from a soundtrack and its frames.",
        discussion: """
            Labels: --audio-labels A.csv --image-labels B.csv (file,label CSVs, paths relative to \
            the CSV). Footage: --video FILE (repeatable), --soundtrack S --frames DIR, or --streams \
            MANIFEST.csv, with --fps F, --context S and --exclude S. Validation (optional): \
            --validate-last FRACTION (the end of every stream) or --validate-audio V.csv \
            --validate-images W.csv; the epoch with the best validation mAP is kept and training \
            stops after --patience epochs without improvement. --init default|MODEL.safetensors \
            fine-tunes that model (its feature recipe and architecture are kept).
            """
    )

    // MARK: - Data

    @Option(help: "Clips with labels: a file,label CSV.")
    var audioLabels: String?
    @Option(help: "Images with labels: a file,label CSV.")
    var imageLabels: String?
    @Option(help: "Footage: a soundtrack (any format libsndfile or ffmpeg reads), with --frames.")
    var soundtrack: String?
    @Option(help: "Footage: the directory of PNG frames of --soundtrack.")
    var frames: String?
    @Option(help: "Footage: a video with sound, read through ffmpeg (repeat for several).")
    var video: [String] = []
    @Option(help: "Footage: a CSV manifest of streams (columns video, or soundtrack and frames; optional fps).")
    var streams: String?
    @Option(help: "Footage: frames per second (frame i is on screen from i / fps to (i + 1) / fps seconds; default: 1).")
    var fps: Double?
    @Option(help: "Footage: seconds of audio added on each side of what is heard while a frame is on screen, or of a sound.")
    var context: Double = StreamPairing().context
    @Option(help: "Footage: frames within this many seconds of a positive are neither positives nor negatives.")
    var exclude: Double = StreamPairing().exclusion
    @Option(help: "Footage: hold out the last FRACTION of every stream for validation (early stopping).")
    var validateLast: Double?
    @Option(help: "Validation clips with labels (file,label CSV).")
    var validateAudio: String?
    @Option(help: "Validation images with labels (file,label CSV).")
    var validateImages: String?

    // MARK: - Starting point

    @Option(name: .customLong("init"), help: ArgumentHelp(
        "Fine-tune a trained model: default (the shipped one) or a model file; its feature recipe and architecture are kept.",
        valueName: "default|model"))
    var initial: String?

    // MARK: - Features (the recipe; not with --init)

    @Option(help: "Audio features: mfcc or logmel (default: mfcc).")
    var features: AudioFeatureKind?
    @Option(help: "MFCC coefficients kept (default: 20).")
    var mfcc: Int?
    @Option(help: "Per-clip normalisation: per_clip or none (default: per_clip).")
    var normalize: AudioNormalization?
    @Option(help: "Query tokens: stacked:CONTEXT:HOP, segments:N, profile:N or clip (default: profile:8).")
    var tokens: AudioTokenKind?
    @Option(help: "Sound detection: cut clips to their sound, frames this many dB under the loudest being silent (librosa's top_db; 0: keep every frame; default: 40).")
    var soundTopDb: Double?
    @Option(help: "The fastest rate a clip is analysed at, in Hz: faster sources are first resampled to it, so the band ends where the training audio's did (0: no limit; default: 0).")
    var maxInputRate: Int?
    @Option(help: "Recordings made from each training clip: the word inside silence, background noise, another gain, speed and sample rate.")
    var recordings: Int = 0
    @Option(help: "Floor the log-mel this many dB below the clip's loudest value, whatever its gain (0: off; default: 0).")
    var floorDb: Double?
    @Option(help: "Frames: also describe a grid of patches (e.g. 4x4), for --overlay pictures.")
    var patchGrid: Size2D?
    @Option(parsing: .upToNextOption, help: "Speed perturbation: the speeds each clip is also used at (1 = as recorded).")
    var speeds: [Double] = [1]
    @Option(parsing: .upToNextOption,
            help: "Test-time speed perturbation: the speeds a query clip is heard at, stored in the model (1 = as recorded; default: 1).")
    var querySpeeds: [Double] = []
    @Option(help: "Frequency masks while training: COUNT:WIDTH, up to WIDTH features masked in every segment.")
    var featureMasks: MaskRuns?
    @Option(help: "Time masks while training: COUNT:WIDTH, up to WIDTH segments (profile) or frames (stacked) masked.")
    var segmentMasks: MaskRuns?

    // MARK: - Model (the architecture; not with --init)

    @Option(help: "d: the width of queries and keys (default: 64).")
    var dim: Int?
    @Option(help: "d_v: the width of values (defaults to --dim).")
    var valueDim: Int?
    @Option(help: "Attention heads (dividing --dim; default: 1).")
    var heads: Int?
    @Option(help: "Hidden width of the per-token encoders (0: linear encoders; default: 256).")
    var hidden: Int?
    @Option(help: "Width of the encoded tokens (default: 64).")
    var embedding: Int?
    @Option(help: "Learned queries that pool a clip's tokens (0: every token queries the frames; default: 0).")
    var pooling: Int?
    @Option(help: "Share of the score given by the attended picture V' (0...1; default: 0.5).")
    var attendedShare: Float?

    // MARK: - Optimisation

    @Option(help: "Passes over the training clips (default: 30; 10 with --init, fine-tuning is short).")
    var epochs: Int?
    @Option(help: "Clips per mini-batch.")
    var batchClips: Int = 64
    @Option(help: "Candidate frames per mini-batch.")
    var batchFrames: Int = 256
    @Option(help: "Adam learning rate (default: 1e-3; 3e-4 with --init).")
    var lr: Float?
    @Option(help: "AdamW weight decay.")
    var weightDecay: Float = 1e-4
    @Option(help: "Epochs without a better validation mAP before stopping.")
    var patience: Int = 6
    @Option(help: "Random seed (initialisation, batches, augmentation).")
    var seed: UInt64 = 0
    @Option(help: "OpenBLAS threads of the training steps (deterministic for a given seed and thread count); the data are loaded on every core with one OpenBLAS thread each.")
    var threads: Int = 1

    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).")
    var out: String

    @Flag(name: .shortAndLong, help: "Print a line per epoch on stderr even when it is not a terminal.")
    var verbose = false

    @OptionGroup var overwrite: OverwriteOptions

    func validate() throws {
        let labelled = audioLabels != nil || imageLabels != nil
        let footage = soundtrack != nil || frames != nil || !video.isEmpty || streams != nil
        guard labelled != footage else {
            throw ValidationError("give either --audio-labels and --image-labels, or footage (--video, --soundtrack and --frames, or --streams)")
        }
        if labelled && (audioLabels == nil || imageLabels == nil) {
            throw ValidationError("--audio-labels and --image-labels go together")
        }
        if (soundtrack == nil) != (frames == nil) {
            throw ValidationError("--soundtrack and --frames go together")
        }
        if (validateAudio == nil) != (validateImages == nil) {
            throw ValidationError("--validate-audio and --validate-images go together")
        }
        if let validateLast {
            guard footage else { throw ValidationError("--validate-last holds out the end of footage; labelled data validates with --validate-audio") }
            guard validateAudio == nil else { throw ValidationError("give --validate-last or --validate-audio, not both") }
            guard validateLast > 0 && validateLast < 1 else { throw ValidationError("--validate-last must lie in (0, 1)") }
        }
        guard (fps ?? 1) > 0 && (fps ?? 1).isFinite else { throw ValidationError("--fps must be positive") }
        guard context >= 0 && context.isFinite, exclude >= 0 && exclude.isFinite else {
            throw ValidationError("--context and --exclude must be at least 0 seconds")
        }
        guard (epochs ?? 1) >= 1, batchClips >= 1, batchFrames >= 1, threads >= 1 else {
            throw ValidationError("--epochs, --batch-clips, --batch-frames and --threads must be at least 1")
        }
        if recordings > 0 && footage {
            throw ValidationError("--recordings makes recordings of labelled clips; footage is already recorded")
        }
        if recordings > 0 && footage {
            throw ValidationError("--recordings makes recordings of labelled clips; footage is already recorded")
        }
        guard (maxInputRate ?? 0) >= 0 else { throw ValidationError("--max-input-rate must be at least 0") }
        guard recordings >= 0, (soundTopDb ?? 0) >= 0 else { throw ValidationError("--recordings and --sound-top-db must be at least 0") }
        guard speeds.allSatisfy(AudioFeatureSettings.speedRange.contains) else {
            throw ValidationError("--speeds must lie in (0.5, 2)")
        }
        guard (lr ?? 1) > 0 else { throw ValidationError("--lr must be positive") }
        if initial != nil {
            let conflicting = recipeFlagsGiven
            guard conflicting.isEmpty else {
                throw ValidationError("--init keeps the model's feature recipe and architecture; drop \(conflicting.joined(separator: ", "))")
            }
        }
    }

    func run() async throws {
        try await reportingFailures { try await train() }
    }

    private func train() async throws {
        try overwrite.check([out])
        // Loading runs one front-end job per core, so OpenBLAS stays on one thread until training.
        BLAS.setThreadCount(1)
        let (model, recipe) = try startingModel()
        let loaded = try await loadTrainingData(recipe: recipe)
        for note in loaded.notes { Terminal.warn("\(note)") }
        var validation = loaded.validation
        if validation == nil { validation = try await loadValidationData(recipe: recipe) }

        let options = TrainingOptions(epochs: epochs ?? (initial == nil ? 30 : 10), clipsPerBatch: batchClips, framesPerBatch: batchFrames,
                                      learningRate: lr ?? (initial == nil ? 1e-3 : 3e-4), weightDecay: weightDecay,
                                      patience: patience, seed: seed,
                                      masking: masking(blockWidth: recipe.audio.settings.featureWidth),
                                      fitsNormalization: initial == nil)
        BLAS.setThreadCount(threads)
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

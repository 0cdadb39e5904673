import ArgumentParser
import FrameFinder

/// `train`'s features: the feature recipe of a fresh model (not with `--init`), and how
/// training clips are varied and masked.
struct TrainFeatureOptions: ParsableArguments {
    @Option(help: "Audio features: mfcc or logmel (default: mfcc).") var features: AudioFeatureKind?
    @Option(help: "MFCC coefficients kept (default: 20).") var mfcc: Int?
    @Option(help: "Per-clip normalisation: per_clip or none (default: per_clip).") var normalize: AudioNormalization?
    @Option(help: "Query tokens: stacked:CONTEXT:HOP, segments:N, profile:N or clip (default: profile:8).")
    var tokens: AudioTokenKind?
    @Option(
        help: ArgumentHelp(
            "Sound detection: cut clips to their sound, frames this many dB under the loudest being silent "
                + "(librosa's top_db; 0: keep every frame; default: 40)."))
    var soundTopDb: Double?
    @Option(
        help: ArgumentHelp(
            "The fastest rate a clip is analysed at, in Hz: faster sources are first resampled to it, "
                + "so the band ends where the training audio's did (0: no limit; default: 0)."))
    var maxInputRate: Int?
    @Option(
        help: ArgumentHelp(
            "Recordings made from each training clip: the word inside silence, background noise, another gain, "
                + "speed and sample rate."))
    var recordings: Int = 0
    @Option(
        help: ArgumentHelp(
            "Floor the log-mel this many dB below the clip's loudest value, whatever its gain (0: off; default: 0)."))
    var floorDb: Double?
    @Option(help: "Frames: also describe a grid of patches (e.g. 4x4), for --overlay pictures.") var patchGrid: Size2D?
    @Option(
        parsing: .upToNextOption,
        help: "Speed perturbation: the speeds each clip is also used at (1 = as recorded).")
    var speeds: [Double] = [1]
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Test-time speed perturbation: the speeds a query clip is heard at, stored in the model "
                + "(1 = as recorded; default: 1)."))
    var querySpeeds: [Double] = []
    @Option(help: "Frequency masks while training: COUNT:WIDTH, up to WIDTH features masked in every segment.")
    var featureMasks: TokenMasking.Runs?
    @Option(help: "Time masks while training: COUNT:WIDTH, up to WIDTH segments (profile) or frames (stacked) masked.")
    var segmentMasks: TokenMasking.Runs?

    func validate() throws {
        guard recordings >= 0, (soundTopDb ?? 0) >= 0 else {
            throw ValidationError("--recordings and --sound-top-db must be at least 0")
        }
        guard speeds.allSatisfy(AudioFeatureSettings.speedRange.contains) else {
            throw ValidationError("--speeds must lie in (0.5, 2)")
        }
    }

    /// The recipe flags given (they conflict with `--init`).
    var given: [String] {
        [
            ("--features", features != nil), ("--mfcc", mfcc != nil), ("--normalize", normalize != nil),
            ("--tokens", tokens != nil), ("--sound-top-db", soundTopDb != nil), ("--floor-db", floorDb != nil),
            ("--max-input-rate", maxInputRate != nil), ("--patch-grid", patchGrid != nil),
            ("--query-speeds", !querySpeeds.isEmpty),
        ].filter(\.1).map(\.0)
    }

    /// The audio front-end's settings: `AudioFeatureSettings.training` with the flags given.
    var audioSettings: AudioFeatureSettings {
        .training(
            kind: features, mfccCount: mfcc, normalization: normalize, tokens: tokens, soundTopDecibels: soundTopDb,
            floorDecibels: floorDb, maxInputRate: maxInputRate, querySpeeds: querySpeeds.isEmpty ? nil : querySpeeds)
    }

    /// The frame front-end's settings: the defaults, with `--patch-grid`.
    var frameSettings: FrameDescriptorSettings { FrameDescriptorSettings(patchGrid: patchGrid) }

    /// How each training clip is varied: `--speeds` and `--recordings`.
    var augmentation: ClipAugmentation { ClipAugmentation(speeds: speeds, recordingCount: recordings) }

    /// The token masks of `--feature-masks` and `--segment-masks`, or nil when neither is given.
    func masking(blockWidth: Int) -> TokenMasking? {
        guard featureMasks != nil || segmentMasks != nil else { return nil }
        return TokenMasking(blockWidth: blockWidth, features: featureMasks, blocks: segmentMasks)
    }
}

extension AudioFeatureKind: ExpressibleByArgument {}
extension AudioNormalization: ExpressibleByArgument {}
extension AudioTokenKind: ExpressibleByArgument {}
extension Size2D: ExpressibleByArgument {}
extension TokenMasking.Runs: ExpressibleByArgument {}

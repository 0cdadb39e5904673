import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

/// The front-ends a model was trained with, rebuilt from its settings: how a clip becomes
/// query tokens and a frame becomes key/value tokens.
public struct FeatureRecipe: Sendable {
    /// The audio front-end (decode → resample → log-mel → MFCC/normalisation → tokens).
    public let audio: AudioFeatureExtractor
    /// The frame front-end (decode → resize → descriptors → tokens).
    public let frames: FrameDescriptor

    /// The recipe stored in a model's settings.
    ///
    /// - Throws: `ModelError.invalidSetting` when the model has no feature recipe (a model of
    ///   bare tokens) or its feature settings are unusable.
    public init(settings: ModelSettings) throws(ModelError) {
        guard case .features(let audio, let frames) = settings.inputs else {
            throw .invalidSetting(key: "model settings", reason: "hold no feature recipe (no audio and frame settings)")
        }
        try self.init(audio: audio, frames: frames)
    }

    /// A recipe from front-end settings.
    ///
    /// - Throws: `ModelError.invalidSetting` naming the setting the front-end refuses.
    public init(audio: AudioFeatureSettings, frames: FrameDescriptorSettings) throws(ModelError) {
        do {
            self.audio = try AudioFeatureExtractor(settings: audio)
            self.frames = try FrameDescriptor(settings: frames)
        } catch {
            throw ModelError(setting: error)
        }
    }

    /// A clip's query tokens: its tokens at each of the model's query speeds, stacked
    /// (`AudioFeatureExtractor.queryTokens(contentsOf:)`).
    ///
    /// - Throws: `AudioError` naming the file and the problem.
    public func clipTokens(contentsOf url: URL) throws -> Matrix {
        try readingThroughFFmpeg(url) { try audio.queryTokens(contentsOf: $0) }
    }

    /// A clip's features at each of the model's query speeds
    /// (`AudioFeatureExtractor.queryFeatures(contentsOf:)`), read as `clipTokens` reads it.
    ///
    /// - Throws: `AudioError` naming the file and the problem.
    public func clipFeatures(contentsOf url: URL) throws -> [AudioFeatures] {
        try readingThroughFFmpeg(url) { try audio.queryFeatures(contentsOf: $0) }
    }

    /// A clip's training variants: its tokens at each of `augmentation.speeds` (speed
    /// perturbation, `AudioFeatureExtractor.features(of:speeds:)`), then those of
    /// `augmentation.recordingCount` recordings made from it (`RecordingAugmentation`).
    public func clipTokens(contentsOf url: URL, augmentation: ClipAugmentation, seed: UInt64) throws -> [Matrix] {
        let decoded = try readingThroughFFmpeg(url) { try DecodedAudio(contentsOf: $0) }
        let speeds = try audio.features(of: decoded, speeds: augmentation.speeds)
        guard augmentation.recordingCount > 0 else { return speeds.map(\.queryTokens) }
        let recordings = audio.features(
            of: decoded, recordings: augmentation.recordings,
            count: augmentation.recordingCount, seed: seed)
        return (speeds + recordings).map(\.queryTokens)
    }

    /// `read(url)`, or, when libsndfile cannot read the file (AAC in .m4a/.mp4, a video's
    /// soundtrack) and `ffmpeg` is installed, `read` of the soundtrack ffmpeg decodes (mono,
    /// at the analysis rate, at most `AudioClip.maximumDuration` seconds), as frames of a
    /// video are read. Errors name `url`; when ffmpeg cannot read it either, libsndfile's
    /// error stands.
    func readingThroughFFmpeg<T>(_ url: URL, _ read: (URL) throws -> T) throws -> T {
        do {
            return try read(url)
        } catch let original as AudioError {
            guard case .unreadable = original.reason, let video = try? Video(url: url) else { throw original }
            let decoded: Result<T, any Error>
            do {
                decoded = try video.withSoundtrack(
                    sampleRate: audio.settings.sampleRate,
                    maximumSeconds: AudioClip.maximumDuration + 1
                ) { wav in
                    Result { try read(wav) }
                }
            } catch {
                throw original  // ffmpeg cannot read it either: libsndfile's reason stands
            }
            do { return try decoded.get() } catch let inner as AudioError {
                throw AudioError(path: url.path, reason: inner.reason)
            }
        }
    }

    /// The global token of each readable frame, in order, and the frames that failed.
    public func frameTokens(of sequence: FrameSequence) async -> (
        tokens: Matrix, entries: [FrameSequence.Entry], failures: [FrameError]
    ) {
        var rows: [Float] = []
        var entries: [FrameSequence.Entry] = []
        var failures: [FrameError] = []
        await sequence.forEachFrame(describedBy: frames) { entry, result in
            switch result {
            case .success(let tokens):
                rows.append(contentsOf: tokens.row(0))
                entries.append(entry)
            case .failure(let error):
                failures.append(error)
            }
        }
        return (Matrix(rows: entries.count, columns: frames.settings.tokenWidth, elements: rows), entries, failures)
    }
}

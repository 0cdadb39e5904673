import Foundation
import FrameFinderMath

/// Turns audio into features: decode → downmix → resample → log-mel → MFCC/normalisation.
///
/// The whole chain streams in blocks of `SoundFileReader.blockFrames`: libsndfile decodes a
/// block, channels are averaged, libsoxr resamples it, and the STFT consumes it, so memory
/// stays bounded whatever the file's length; only the `frames × features` output grows.
/// An extractor is immutable and `Sendable`; one instance can serve many threads.
public struct AudioFeatureExtractor: Sendable {
    /// The settings every clip is analysed with.
    public let settings: AudioFeatureSettings
    private let analysis: LogMelAnalysis

    /// Creates an extractor; the window, filterbank and FFT plan are made here, once.
    ///
    /// - Throws: `FileError` naming the setting (its metadata key) that is not computable.
    public init(settings: AudioFeatureSettings = AudioFeatureSettings()) throws(FileError) {
        try settings.validate()
        self.settings = settings
        analysis = LogMelAnalysis(settings: settings)
    }

    /// The features of an audio file in any format libsndfile reads.
    ///
    /// - Throws: `AudioError` naming the file and the reason (missing, unreadable, corrupt
    ///   header, NaN/infinite samples, shorter than one analysis window, ...).
    public func features(contentsOf url: URL) throws -> AudioFeatures {
        let reader = try SoundFileReader(url: url)
        return try analyze(
            path: reader.path, sampleRate: reader.sampleRate, channels: reader.channels,
            frameHint: reader.declaredFrames, warnings: reader.warnings, read: reader.read(into:))
    }

    /// The features of in-memory samples, interleaved when `channels > 1`.
    ///
    /// - Parameters:
    ///   - samples: float samples, full scale ±1, `channels` values per frame.
    ///   - sampleRate: their rate in Hz; resampled to `settings.sampleRate` when different.
    ///   - name: the name errors and warnings use for these samples.
    /// - Throws: `AudioError` on a bad rate or channel count, a NaN/infinite sample, or a
    ///   clip shorter than one analysis window.
    public func features(
        samples: [Float], sampleRate: Int, channels: Int = 1, name: String = "<samples>"
    ) throws -> AudioFeatures {
        try features(samples: samples, sampleRate: sampleRate, channels: channels, name: name, limitInput: true)
    }

    /// `features(samples:sampleRate:channels:name:)`, with `settings.maxInputRate` applied or not.
    func features(
        samples: [Float], sampleRate: Int, channels: Int, name: String, limitInput: Bool
    ) throws -> AudioFeatures {
        guard (1...AudioClip.maximumChannels).contains(channels) else {
            throw AudioError(path: name, reason: .invalidChannelCount(channels))
        }
        guard (1...AudioClip.maximumSampleRate).contains(sampleRate) else {
            throw AudioError(path: name, reason: .invalidSampleRate(sampleRate))
        }
        guard samples.count % channels == 0 else {
            throw AudioError(path: name, reason: .incompleteFrame(samples: samples.count, channels: channels))
        }
        let totalFrames = samples.count / channels
        var position = 0
        return try analyze(
            path: name, sampleRate: sampleRate, channels: channels, frameHint: totalFrames, warnings: [],
            limitInput: limitInput
        ) { mono -> Int in
            let count = min(SoundFileReader.blockFrames, totalFrames - position)
            guard count > 0 else { return 0 }
            samples.withUnsafeBufferPointer { all in
                let block = UnsafeBufferPointer(rebasing: all[position * channels..<(position + count) * channels])
                Downmix.average(interleaved: block, frames: count, channels: channels, into: mono)
            }
            position += count
            return count
        }
    }

    /// The clip at the analysis rate, streamed: decoded, averaged to mono and resampled to
    /// `settings.sampleRate`, handed to `body` one block at a time (blocks are only valid
    /// during the call).
    ///
    /// This is the pipeline without the STFT, for code that wants the 16 kHz signal itself
    /// (and the benchmark's floor).
    ///
    /// - Returns: the source's description.
    /// - Throws: `AudioError` as `features(contentsOf:)` does, or whatever `body` throws.
    public func resampledBlocks(
        contentsOf url: URL, _ body: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws -> AudioClip {
        let reader = try SoundFileReader(url: url)
        let (frameCount, _) = try pump(
            path: reader.path, sampleRate: reader.sampleRate, read: reader.read(into:), emit: body)
        return AudioClip(
            path: reader.path, sampleRate: reader.sampleRate, channels: reader.channels, frameCount: frameCount)
    }

    /// Runs mono blocks from `read` (which returns 0 at the end) through the resampler into
    /// `emit`, returning the frames read and whether every sample was zero.
    ///
    /// A source faster than `settings.maxInputRate` (when set and `limitInput`) is first
    /// resampled to that rate, then to the analysis rate: its band ends where the model's
    /// training audio ended.
    private func pump(
        path: String, sampleRate: Int, limitInput: Bool = true,
        read: (UnsafeMutableBufferPointer<Float>) throws -> Int,
        emit finalEmit: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws -> (frameCount: Int, silent: Bool) {
        let rate = limitInput ? settings.limitedRate(sampleRate) : sampleRate
        let limiter =
            rate == sampleRate
            ? nil
            : try StreamingResampler(inputRate: sampleRate, outputRate: rate, path: path)
        let resampler =
            rate == settings.sampleRate
            ? nil
            : try StreamingResampler(inputRate: rate, outputRate: settings.sampleRate, path: path)
        func analysed(_ block: UnsafeBufferPointer<Float>) throws {
            if let resampler { try resampler.process(block, finalEmit) } else { try finalEmit(block) }
        }
        func emit(_ block: UnsafeBufferPointer<Float>) throws {
            if let limiter { try limiter.process(block, analysed) } else { try analysed(block) }
        }
        var block = [Float](repeating: 0, count: SoundFileReader.blockFrames)
        var frameCount = 0
        var silent = true
        while true {
            let count = try block.withUnsafeMutableBufferPointer { try read($0) }
            if count == 0 { break }
            frameCount += count
            try block.withUnsafeBufferPointer { buffer in
                let chunk = UnsafeBufferPointer(rebasing: buffer.prefix(count))
                silent = try Downmix.checkedSilence(chunk, firstFrame: frameCount - count, path: path) && silent
                try emit(chunk)
            }
        }
        try limiter?.finish(analysed)
        try resampler?.finish(finalEmit)
        return (frameCount, silent)
    }

    /// Runs mono blocks from `read` through resampler and STFT into the clip's features;
    /// `frameHint` (frames at `sampleRate`) only sizes the output.
    func analyze(
        path: String, sampleRate: Int, channels: Int, frameHint: Int, warnings: [AudioWarning],
        limitInput: Bool = true, read: (UnsafeMutableBufferPointer<Float>) throws -> Int
    ) throws -> AudioFeatures {
        let expected = Double(frameHint) * Double(settings.sampleRate) / Double(sampleRate)
        let stream = LogMelStream(analysis: analysis, expectedSamples: expected < 1e15 ? Int(expected) : nil)
        let levelStream = FrameLevelStream(
            frameLength: (settings.sound ?? SoundDetection()).frameLength, hop: settings.hopLength)
        let (frameCount, silent) = try pump(path: path, sampleRate: sampleRate, limitInput: limitInput, read: read) {
            block in
            stream.append(block)
            levelStream.append(block)
        }
        guard stream.sampleCount >= settings.windowLength else {
            throw AudioError(path: path, reason: .tooShort(samples: stream.sampleCount, needed: settings.windowLength))
        }
        let logMel = stream.finish()
        guard stream.isFinite else { throw AudioError(path: path, reason: .featuresOverflow) }
        var allWarnings = warnings
        if silent {
            allWarnings.append(AudioWarning(path: path, message: "clip is silent (every sample is zero)"))
        }
        let clip = AudioClip(path: path, sampleRate: sampleRate, channels: channels, frameCount: frameCount)
        let features = AudioFeatures(
            clip: clip, settings: settings, logMel: logMel,
            levels: levelStream.finish(sampleCount: stream.sampleCount), warnings: allWarnings)
        if settings.sound != nil, features.sound.isEmpty {
            throw AudioError(path: path, reason: .noSound(thresholdDBFS: features.sound.thresholdDBFS))
        }
        return features
    }
}

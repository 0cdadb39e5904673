import Foundation

/// What was decoded from an audio source: its name, native rate, channels and length.
public struct AudioClip: Sendable, Equatable {
    /// The largest channel count accepted from a header (checked before any buffer exists).
    public static let maximumChannels = 256
    /// The highest sample rate accepted from a header, in Hz.
    public static let maximumSampleRate = 1_000_000
    /// The longest source read, in seconds (2 hours): a longer one is refused, on the length
    /// its header declares before anything is decoded, and on the frames actually decoded
    /// (for sources whose header does not say), so memory stays bounded whatever the input.
    public static let maximumDuration: Double = 7_200

    /// The file path, or the name given to in-memory samples.
    public let path: String
    /// The native sample rate in Hz.
    public let sampleRate: Int
    /// The native channel count (averaged into mono for analysis).
    public let channels: Int
    /// The number of frames (samples per channel) decoded.
    public let frameCount: Int

    /// Creates a clip description.
    public init(path: String, sampleRate: Int, channels: Int, frameCount: Int) {
        self.path = path
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameCount = frameCount
    }

    /// The duration in seconds, `frameCount / sampleRate`.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }
}

/// A whole file decoded to mono float samples at its native rate.
///
/// This holds the entire clip in memory; `AudioFeatureExtractor.features(contentsOf:)`
/// streams instead and is the way to analyse long files.
public struct DecodedAudio: Sendable {
    /// The source's description.
    public let clip: AudioClip
    /// Mono samples (channels averaged), libsndfile's float scale (full scale = ±1).
    public let samples: [Float]
    /// Unusual but non-fatal findings, e.g. a truncated file.
    public let warnings: [AudioWarning]

    /// Decodes `url` with libsndfile and averages its channels.
    ///
    /// - Throws: `AudioError` naming the file and the reason.
    public init(contentsOf url: URL) throws {
        let reader = try SoundFileReader(url: url)
        var samples: [Float] = []
        var block = [Float](repeating: 0, count: SoundFileReader.blockFrames)
        while true {
            let count = try block.withUnsafeMutableBufferPointer { try reader.read(into: $0) }
            if count == 0 { break }
            try block.withUnsafeBufferPointer { buffer in
                let chunk = UnsafeBufferPointer(rebasing: buffer.prefix(count))
                _ = try Downmix.checkedSilence(chunk, firstFrame: samples.count, path: reader.path)
                samples.append(contentsOf: chunk)
            }
        }
        self.samples = samples
        clip = AudioClip(
            path: reader.path, sampleRate: reader.sampleRate, channels: reader.channels, frameCount: samples.count)
        warnings = reader.warnings
    }
}

/// Sample-rate conversion with libsoxr's HQ recipe (librosa's default resampler).
public enum AudioResampler {
    /// Resamples mono `samples` from `inputRate` to `outputRate` Hz.
    ///
    /// Equals `soxr.resample(samples, inputRate, outputRate, quality="HQ")` bit for bit;
    /// returns the input unchanged when the rates are equal.
    ///
    /// - Throws: `AudioError` (named `name`) when a rate is not positive or libsoxr fails.
    public static func resample(
        _ samples: [Float], from inputRate: Int, to outputRate: Int, name: String = "<samples>"
    ) throws -> [Float] {
        for rate in [inputRate, outputRate] where !(1...AudioClip.maximumSampleRate).contains(rate) {
            throw AudioError(path: name, reason: .invalidSampleRate(rate))
        }
        if inputRate == outputRate { return samples }
        let resampler = try StreamingResampler(inputRate: inputRate, outputRate: outputRate, path: name)
        var output: [Float] = []
        output.reserveCapacity(Int(Double(samples.count) * Double(outputRate) / Double(inputRate)) + 16)
        try samples.withUnsafeBufferPointer { input in
            try resampler.process(input) { output.append(contentsOf: $0) }
        }
        try resampler.finish { output.append(contentsOf: $0) }
        return output
    }
}

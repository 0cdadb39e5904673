import Foundation
import FrameFinderMath

/// Puts a trimmed word inside a recording as people make them, for training.
///
/// A recording of `samples` (mono, at `sampleRate`) is made by, in order:
/// 1. **speed**: one of `speeds`, as `AudioFeatureExtractor.features(monoSamples:sampleRate:speeds:)`
///    applies it (the samples are taken to be at `sampleRate · speed`);
/// 2. **gain**: `10^(g/20)` with `g` uniform in `gainDecibels`;
/// 3. **silence**: leading and trailing zeros, each uniform in `0 ... maximumPadding` seconds;
/// 4. **noise**: with probability `noiseShare`, white or brown noise (equally likely; brown is
///    white noise through `y[n] = 0.98·y[n−1] + x[n]`) scaled so that the word's RMS is
///    `snr` dB above the noise's, `snr` uniform in `signalToNoise`, added over the whole recording;
/// 5. **rate**: one of `sampleRates`, the recording resampled to it with libsoxr (HQ), as a file
///    recorded at that rate would arrive.
///
/// The features of the recording then go through the same chain as any clip (resampling to
/// the analysis rate, sound detection and cut, MFCC, normalisation), so a model learns from
/// words as its queries will hear them.
public struct RecordingAugmentation: Sendable, Equatable {
    /// The speeds a recording is made at (one drawn per recording).
    public var speeds: [Double] = [1]
    /// The gain range in dB.
    public var gainDecibels: ClosedRange<Double> = -20...10
    /// The longest leading (and trailing) silence in seconds.
    public var maximumPadding: Double = 1
    /// The share of recordings with background noise.
    public var noiseShare: Double = 0.7
    /// The word-to-noise ratio range in dB.
    public var signalToNoise: ClosedRange<Double> = 10...40
    /// The rates recordings arrive at (one drawn per recording); 0 stands for the clip's own rate.
    public var sampleRates: [Int] = [0, 16_000, 22_050, 44_100]

    /// The default augmentation (see the type's documentation).
    public init() {}

    /// One recording of `samples`, with the rate it is at.
    public func recording(
        of samples: [Float], sampleRate: Int, using generator: inout some RandomNumberGenerator
    ) throws -> (samples: [Float], sampleRate: Int) {
        let speed = speeds.randomElement(using: &generator) ?? 1
        let rate = Int((Double(sampleRate) * speed).rounded())
        let gain = Float(Foundation.pow(10, Double.random(in: gainDecibels, using: &generator) / 20))
        let lead = Int(Double.random(in: 0...maximumPadding, using: &generator) * Double(rate))
        let trail = Int(Double.random(in: 0...maximumPadding, using: &generator) * Double(rate))
        var recording = [Float](repeating: 0, count: lead + samples.count + trail)
        for (i, sample) in samples.enumerated() { recording[lead + i] = sample * gain }
        if Double.random(in: 0..<1, using: &generator) < noiseShare {
            let snr = Double.random(in: signalToNoise, using: &generator)
            let brown = Bool.random(using: &generator)
            addNoise(
                to: &recording, wordRMS: Self.rms(samples) * Double(gain), snr: snr, brown: brown,
                using: &generator)
        }
        let target = sampleRates.randomElement(using: &generator) ?? 0
        guard target > 0, target != rate else { return (recording, rate) }
        return (try AudioResampler.resample(recording, from: rate, to: target), target)
    }

    /// Adds noise whose RMS is `wordRMS · 10^(−snr/20)`.
    private func addNoise(
        to recording: inout [Float], wordRMS: Double, snr: Double, brown: Bool,
        using generator: inout some RandomNumberGenerator
    ) {
        var noise = [Double](repeating: 0, count: recording.count)
        var state = 0.0
        for i in noise.indices {
            let white = Self.gaussian(using: &generator)
            state = brown ? 0.98 * state + white : white
            noise[i] = state
        }
        let scale = wordRMS * Foundation.pow(10, -snr / 20) / max(Self.rms(noise), 1e-12)
        for i in recording.indices { recording[i] += Float(noise[i] * scale) }
    }

    /// A standard normal draw (Box–Muller).
    private static func gaussian(using generator: inout some RandomNumberGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    static func rms<T: BinaryFloatingPoint>(_ values: [T]) -> Double {
        guard !values.isEmpty else { return 0 }
        return (values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(values.count)).squareRoot()
    }
}

extension AudioFeatureExtractor {
    /// The features of `count` recordings of a decoded clip made by `augmentation`, drawn from
    /// a generator seeded with `seed` (the same seed gives the same recordings).
    ///
    /// A recording the front-end refuses (its word turned down under the sound detection's
    /// floor, say) is left out, as a user's query would be refused, so fewer than `count` may
    /// come back.
    public func features(
        of decoded: DecodedAudio, recordings augmentation: RecordingAugmentation, count: Int, seed: UInt64
    ) -> [AudioFeatures] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).compactMap { _ in
            guard
                let made = try? augmentation.recording(
                    of: decoded.samples, sampleRate: decoded.clip.sampleRate, using: &generator)
            else { return nil }
            return try? features(samples: made.samples, sampleRate: made.sampleRate, name: decoded.clip.path)
        }
    }
}

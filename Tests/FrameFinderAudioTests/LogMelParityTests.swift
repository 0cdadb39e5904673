import Foundation
import FrameFinderAudio
import FrameFinderMath
import TestSupport
import Testing

/// Log-mel parity with `librosa.load(sr=16000)` + `librosa.feature.melspectrogram` + `log(S + 1e-6)`.
@Suite struct LogMelParityTests {
    /// Checks one fixture file's log-mel against librosa's within `tolerance`.
    private func expectParity(_ file: String, _ expected: String, tolerance: Float) throws {
        let features = try Fixture.features(file)
        let reference = try Fixture.matrix(expected)
        #expect(features.logMel.shape == reference.shape, "\(file): shape")
        let difference = maxAbsoluteDifference(features.logMel.elements, reference.elements)
        #expect(difference <= tolerance, "\(file): max |Δ log-mel| = \(difference)")
        #expect(features.logMel.isFinite)
    }

    @Test func sixteenKilohertzMono() throws {
        try expectParity("tone_16k_mono.wav", "tone_16k_mono_logmel.npy", tolerance: Tolerance.logMel)
    }

    @Test func longClipCrossesStreamingSeams() throws {
        try expectParity("long_16k.flac", "long_16k_logmel.npy", tolerance: Tolerance.logMel)
    }

    @Test func stereo44kHzAfterDownmixAndResampling() throws {
        try expectParity("stereo_44k.wav", "stereo_44k_logmel.npy", tolerance: Tolerance.resampledLogMel)
    }

    @Test(.enabled(if: TestData.hasSharedData, "../shared/data is absent: FSDD parity skipped"))
    func fsdd8kHzMonoAfterResampling() throws {
        let clip = TestData.sharedFile("fsdd/0_jackson_0.wav")
        let features = try AudioFeatureExtractor().features(contentsOf: clip)
        let reference = try Fixture.matrix("fsdd_0_jackson_0_logmel.npy")
        #expect(features.clip.sampleRate == 8_000 && features.clip.channels == 1)
        #expect(features.logMel.shape == reference.shape)
        let difference = maxAbsoluteDifference(features.logMel.elements, reference.elements)
        #expect(difference <= Tolerance.resampledLogMel, "max |Δ log-mel| = \(difference)")
    }

    @Test func eightBitAt96kHz() throws {
        try expectParity("u8_96k.wav", "u8_96k_logmel.npy", tolerance: Tolerance.resampledLogMel)
    }

    @Test func sixChannels() throws {
        try expectParity("six_channels.wav", "six_channels_logmel.npy", tolerance: Tolerance.logMel)
        #expect(try Fixture.features("six_channels.wav").clip.channels == 6)
    }

    @Test func oneHertzSampleRate() throws {
        try expectParity("one_hertz.wav", "one_hertz_logmel.npy", tolerance: Tolerance.resampledLogMel)
    }

    @Test func silentClipIsFiniteAndWarns() throws {
        try expectParity("silent.wav", "silent_logmel.npy", tolerance: Tolerance.logMel)
        let features = try Fixture.features("silent.wav")
        #expect(features.warnings.contains { $0.message.contains("silent") })
    }

    @Test func truncatedFileDecodesWhatIsPresentAndWarns() throws {
        try expectParity("truncated.wav", "truncated_logmel.npy", tolerance: Tolerance.logMel)
        let features = try Fixture.features("truncated.wav")
        #expect(features.clip.frameCount == 1_100)
        #expect(features.warnings.contains { $0.message.contains("truncated") && $0.path.hasSuffix("truncated.wav") })
    }

    @Test func inMemorySamplesMatchTheFilePath() throws {
        let decoded = try DecodedAudio(contentsOf: Fixture.url("tone_16k_mono.wav"))
        let extractor = try AudioFeatureExtractor()
        let fromMemory = try extractor.features(samples: decoded.samples, sampleRate: decoded.clip.sampleRate)
        let fromFile = try extractor.features(contentsOf: Fixture.url("tone_16k_mono.wav"))
        #expect(fromMemory.logMel == fromFile.logMel)
        #expect(fromMemory.clip.path == "<samples>")
    }

    @Test func inMemoryInterleavedStereoMatchesTheFile() throws {
        // Re-interleave the decoded mono as two equal channels: the average is the same signal.
        let decoded = try DecodedAudio(contentsOf: Fixture.url("stereo_44k.wav"))
        let stereo = decoded.samples.flatMap { [$0, $0] }
        let features = try AudioFeatureExtractor().features(samples: stereo, sampleRate: 44_100, channels: 2)
        let reference = try Fixture.matrix("stereo_44k_logmel.npy")
        #expect(maxAbsoluteDifference(features.logMel.elements, reference.elements) <= Tolerance.resampledLogMel)
    }

    @Test func frameCountFollowsCentredFraming() throws {
        // librosa with center=True: 1 + ⌊n / hop⌋ frames for n samples.
        let features = try AudioFeatureExtractor().features(
            samples: [Float](repeating: 0.1, count: 1_000), sampleRate: 16_000)
        #expect(features.logMel.rows == 1 + 1_000 / 160)
        #expect(features.logMel.columns == 64)
    }
}

import FrameFinderAudio
import FrameFinderMath
import TestSupport
import Testing

/// MFCC, per-clip normalisation and query tokens against numpy/scipy/librosa fixtures.
@Suite struct FeatureTests {
    private func expectClose(_ actual: Matrix, _ expectedName: String, _ tolerance: Float) throws {
        let expected = try Fixture.matrix(expectedName)
        #expect(actual.shape == expected.shape, "\(expectedName): shape")
        let difference = maxAbsoluteDifference(actual.elements, expected.elements)
        #expect(difference <= tolerance, "\(expectedName): max |Δ| = \(difference)")
    }

    /// MFCC of librosa's log-mel equals `scipy.fft.dct(type=2, norm='ortho')[:20]`
    /// (= `librosa.feature.mfcc(S=logmel)`).
    @Test func mfccOfReferenceLogMel() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        try expectClose(logMel.mfcc(count: 20), "tone_16k_mono_mfcc.npy", Tolerance.float32Arithmetic)
    }

    @Test func mfccEndToEnd() throws {
        var settings = AudioFeatureSettings()
        settings.kind = .mfcc
        let features = try Fixture.features("tone_16k_mono.wav", settings: settings)
        try expectClose(features.features, "tone_16k_mono_mfcc.npy", Tolerance.mfccEndToEnd)
        #expect(features.logMel.columns == 64)
    }

    @Test func perClipNormalisationOfReferenceLogMel() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        let normalized = logMel.normalizedPerColumn(minimumStandardDeviation: AudioFeatures.minimumStandardDeviation)
        try expectClose(normalized, "tone_16k_mono_logmel_norm.npy", Tolerance.float32Arithmetic)
    }

    @Test func normalisedMfccThroughSettings() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        var settings = AudioFeatureSettings()
        settings.kind = .mfcc
        settings.normalization = .perClip
        let clip = AudioClip(path: "tone", sampleRate: 16_000, channels: 1, frameCount: 8_000)
        let features = AudioFeatures(clip: clip, settings: settings, logMel: logMel)
        try expectClose(features.features, "tone_16k_mono_mfcc_norm.npy", Tolerance.float32Arithmetic)
    }

    @Test func floorBelowThePeakOfReferenceLogMel() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        try expectClose(
            logMel.flooredBelowPeak(decibels: 40), "tone_16k_mono_logmel_floor40.npy",
            Tolerance.float32Arithmetic)
        var settings = AudioFeatureSettings()
        settings.floorDecibels = 40
        let clip = AudioClip(path: "tone", sampleRate: 16_000, channels: 1, frameCount: 8_000)
        let features = AudioFeatures(clip: clip, settings: settings, logMel: logMel)
        try expectClose(features.features, "tone_16k_mono_logmel_floor40.npy", Tolerance.float32Arithmetic)
        #expect(features.logMel == logMel)
    }

    @Test func aFloorBelowThePeakFollowsTheGain() throws {
        // Scaling the power by g scales the peak by g too, so the floored log-mel moves by
        // exactly log g: a quiet recording meets the floor as deep below its speech as a loud one.
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        let quieter = Matrix(rows: logMel.rows, columns: logMel.columns, elements: logMel.elements.map { $0 - 5 })
        let shift = zip(quieter.flooredBelowPeak(decibels: 40).elements, logMel.flooredBelowPeak(decibels: 40).elements)
            .map { $0 - $1 }
        let mean = shift.reduce(0, +) / Float(shift.count)
        #expect(shift.allSatisfy { abs($0 - mean) <= Tolerance.float32Arithmetic })
        #expect(abs(mean - (quieter.elements[0] - logMel.elements[0])) <= Tolerance.float32Arithmetic)
    }

    @Test func normalisingASilentClipStaysFinite() throws {
        var settings = AudioFeatureSettings()
        settings.normalization = .perClip
        let features = try Fixture.features("silent.wav", settings: settings)
        #expect(features.features.isFinite)
        #expect(features.features.elements.allSatisfy { $0 == 0 })
        #expect(!features.warnings.isEmpty)
    }

    @Test func stackedFrameTokens() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        let tokens = AudioTokenKind.stackedFrames(context: 1, hop: 3).tokens(from: logMel)
        try expectClose(tokens, "tone_16k_mono_tokens_stacked_k1_h3.npy", 0)
    }

    @Test func segmentMeanTokens() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        let tokens = AudioTokenKind.segmentMeans(count: 8).tokens(from: logMel)
        try expectClose(tokens, "tone_16k_mono_tokens_segments8.npy", Tolerance.float32Arithmetic)
    }

    @Test func segmentProfileTokenIsTheSegmentMeansSideBySide() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        let profile = AudioTokenKind.segmentProfile(count: 8).tokens(from: logMel)
        let expected = try Fixture.matrix("tone_16k_mono_tokens_segments8.npy")
        #expect(profile.rows == 1 && profile.columns == 8 * 64)
        #expect(profile.columns == AudioTokenKind.segmentProfile(count: 8).tokenWidth(featureWidth: 64))
        #expect(maxAbsoluteDifference(profile.elements, expected.elements) <= Tolerance.float32Arithmetic)
    }

    @Test func clipMeanToken() throws {
        let logMel = try Fixture.matrix("tone_16k_mono_logmel.npy")
        try expectClose(
            AudioTokenKind.clipMean.tokens(from: logMel), "tone_16k_mono_tokens_clip.npy", Tolerance.float32Arithmetic)
    }

    @Test func queryTokensFollowTheSettings() throws {
        var settings = AudioFeatureSettings()
        settings.tokens = .segmentMeans(count: 8)
        let features = try Fixture.features("tone_16k_mono.wav", settings: settings)
        #expect(features.queryTokens.shape == (8, settings.tokenWidth))
        let defaults = try Fixture.features("tone_16k_mono.wav")
        // Default: ±2 frames every 2 frames over 51 frames.
        #expect(defaults.queryTokens.rows == 26 && defaults.queryTokens.columns == 5 * 64)
    }

    @Test func segmentMeansOfAClipShorterThanTheSegmentCount() {
        let features = Matrix(rowVectors: [[1, 2], [3, 4]])
        let tokens = AudioTokenKind.segmentMeans(count: 4).tokens(from: features)
        #expect(tokens.rows == 4 && tokens.isFinite)
        #expect(Array(tokens.row(0)) == [1, 2] && Array(tokens.row(3)) == [3, 4])
    }
}

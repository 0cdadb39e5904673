import Foundation
import FrameFinderAudio
import FrameFinderMath
import TestSupport
import Testing

/// Speed perturbation against soxr + librosa, and queries heard at several speeds.
@Suite struct SpeedTests {
    @Test(arguments: [(0.9, "speech_8k_speed0.9_logmel.npy"), (1.1, "speech_8k_speed1.1_logmel.npy")])
    func speedPerturbationMatchesSoxrAndLibrosa(_ speed: Double, _ expected: String) throws {
        let extractor = try AudioFeatureExtractor()
        let decoded = try DecodedAudio(contentsOf: Fixture.url("speech_8k.wav"))
        let variants = try extractor.features(of: decoded, speeds: [speed])
        let reference = try Fixture.matrix(expected)
        #expect(variants.count == 1 && variants[0].logMel.shape == reference.shape)
        let difference = maxAbsoluteDifference(variants[0].logMel.elements, reference.elements)
        #expect(difference <= Tolerance.resampledLogMel, "max |Δ log-mel| = \(difference)")
    }

    @Test func aQueryStacksTheTokensOfEachQuerySpeed() throws {
        var settings = AudioFeatureSettings()
        settings.kind = .mfcc
        settings.normalization = .perClip
        settings.tokens = .segmentProfile(count: 4)
        let asRecorded = try AudioFeatureExtractor(settings: settings)
        settings.querySpeeds = [1, 0.9, 1.1]
        let heardThrice = try AudioFeatureExtractor(settings: settings)
        let url = Fixture.url("speech_8k.wav")

        // The same features computed twice agree to float32 rounding (OpenBLAS may split a
        // product differently between runs when it uses several threads).
        let single = try asRecorded.queryTokens(contentsOf: url)
        let streamed = try asRecorded.features(contentsOf: url).queryTokens
        #expect(single.shape == streamed.shape)
        #expect(maxAbsoluteDifference(single.elements, streamed.elements) <= Tolerance.float32Arithmetic)
        let query = try heardThrice.queryTokens(contentsOf: url)
        let variants = try heardThrice.features(of: DecodedAudio(contentsOf: url), speeds: [1, 0.9, 1.1])
        #expect(query.rows == 3 && query.columns == settings.tokenWidth)
        for (row, variant) in variants.enumerated() {
            #expect(maxAbsoluteDifference(query.row(row), variant.queryTokens.row(0)) <= Tolerance.float32Arithmetic)
        }
        #expect(query.row(1) != query.row(0) && query.row(2) != query.row(0))
    }
}

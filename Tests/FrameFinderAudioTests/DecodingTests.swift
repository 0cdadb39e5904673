import Foundation
import FrameFinderAudio
import TestSupport
import Testing

/// libsndfile decoding of each format, against the samples `soundfile.read(dtype='float32')` returns.
@Suite struct DecodingTests {
    /// Lossless formats decode to exactly soundfile's samples (the same libsndfile conversion).
    @Test(arguments: [
        "format_pcm_u8.wav", "format_pcm_16.wav", "format_pcm_24.wav", "format_pcm_32.wav",
        "format_float.wav", "format_double.wav", "format_flac.flac", "format_aiff.aiff",
        "format_au.au", "format_caf.caf",
    ])
    func losslessFormat(_ file: String) throws {
        let decoded = try DecodedAudio(contentsOf: Fixture.url(file))
        let expected = try Fixture.matrix(file.split(separator: ".")[0] + "_samples.npy")
        #expect(decoded.clip.sampleRate == 16_000 && decoded.clip.channels == 1)
        #expect(decoded.samples.count == 1_600)
        #expect(maxAbsoluteDifference(decoded.samples, expected.elements) == 0)
        #expect(decoded.warnings.isEmpty)
    }

    /// Vorbis is decoded in float by libvorbis, whose build differs between the system and
    /// the soundfile wheel; the result must still agree far below 16-bit resolution.
    @Test func vorbis() throws {
        let decoded = try DecodedAudio(contentsOf: Fixture.url("format_vorbis.ogg"))
        let expected = try Fixture.matrix("format_vorbis_samples.npy")
        #expect(decoded.samples.count == expected.elements.count)
        let difference = maxAbsoluteDifference(decoded.samples, expected.elements)
        #expect(difference <= 1.0 / 32_768, "max |Δ sample| = \(difference)")
    }

    @Test func stereoIsAveraged() throws {
        let decoded = try DecodedAudio(contentsOf: Fixture.url("stereo_44k.wav"))
        #expect(decoded.clip.channels == 2 && decoded.clip.sampleRate == 44_100)
        #expect(decoded.clip.frameCount == 13_230)
        #expect(abs(decoded.clip.duration - 0.3) < 1e-12)
    }

    /// libsoxr HQ, streamed in blocks, is bit-identical to `soxr.resample(..., quality="HQ")`.
    @Test func resamplerMatchesSoxr() throws {
        let decoded = try DecodedAudio(contentsOf: Fixture.url("stereo_44k.wav"))
        let resampled = try AudioResampler.resample(decoded.samples, from: 44_100, to: 16_000)
        let expected = try Fixture.matrix("stereo_44k_resampled.npy")
        #expect(resampled.count == expected.elements.count)
        #expect(maxAbsoluteDifference(resampled, expected.elements) == 0)
    }

    @Test func resamplerLeavesEqualRatesAlone() throws {
        let samples: [Float] = [0.25, -0.5, 0.75]
        #expect(try AudioResampler.resample(samples, from: 16_000, to: 16_000) == samples)
    }
}

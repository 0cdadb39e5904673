import FrameFinderAudio
import FrameFinderMath
import Testing

/// `AudioFeatureSettings`: validation and the lossless `[String: String]` round trip.
@Suite struct SettingsTests {
    @Test(arguments: [
        AudioTokenKind.stackedFrames(context: 3, hop: 4), .segmentMeans(count: 8), .segmentProfile(count: 6), .clipMean,
    ])
    func metadataRoundTrip(_ tokens: AudioTokenKind) throws {
        var settings = AudioFeatureSettings()
        settings.tokens = tokens
        settings.kind = .mfcc
        settings.mfccCount = 13
        settings.normalization = .perClip
        settings.minFrequency = 20.000000000000004
        settings.maxFrequency = 7_999.5
        settings.logOffset = 1e-10
        settings.sound = SoundDetection()
        settings.sound?.topDecibels = 35.5
        settings.querySpeeds = [0.9, 1, 1.1]
        settings.floorDecibels = 42.5
        let decoded = try AudioFeatureSettings(metadata: settings.metadata)
        #expect(decoded == settings)
    }

    @Test func defaultsRoundTripAndMatchTheIssue() throws {
        let settings = AudioFeatureSettings()
        #expect(try AudioFeatureSettings(metadata: settings.metadata) == settings)
        let m = settings.metadata
        #expect(m["audio.sample_rate"] == "16000" && m["audio.n_fft"] == "512")
        #expect(m["audio.hop_length"] == "160" && m["audio.win_length"] == "400")
        #expect(m["audio.n_mels"] == "64" && m["audio.fmax"] == "8000.0")
    }

    @Test func missingKey() {
        var metadata = AudioFeatureSettings().metadata
        metadata["audio.hop_length"] = nil
        #expect(throws: FileError(path: "audio.hop_length", reason: "is missing")) {
            try AudioFeatureSettings(metadata: metadata)
        }
    }

    /// Expects the default metadata with `key` set to `value` to be refused, naming `key`.
    private func expectRejected(_ key: String, _ value: String, mentioningValue: Bool) {
        var metadata = AudioFeatureSettings().metadata
        metadata[key] = value
        #expect {
            try AudioFeatureSettings(metadata: metadata)
        } throws: { error in
            guard let error = error as? FileError else { return false }
            return error.path == key && (!mentioningValue || error.description.contains(value))
        }
    }

    @Test(arguments: [
        ("audio.n_fft", "five hundred"), ("audio.fmax", "nan"), ("audio.feature", "chroma"),
        ("audio.normalization", "global"), ("audio.tokens", "random"), ("audio.query_speeds", "1,fast"),
        ("audio.query_speeds", "0.9,,1.1"),
    ])
    func malformedValue(_ key: String, _ value: String) {
        expectRejected(key, value, mentioningValue: true)
    }

    @Test(arguments: [
        ("audio.win_length", "1024"), ("audio.hop_length", "0"), ("audio.fmax", "9000.0"),
        ("audio.n_mfcc", "65"), ("audio.n_mels", "0"), ("audio.sample_rate", "-1"),
        ("audio.query_speeds", "0.5"), ("audio.query_speeds", "1,2.5"), ("audio.floor_db", "-3"),
        ("audio.query_speeds", Array(repeating: "1", count: 17).joined(separator: ",")),
    ])
    func outOfRangeValue(_ key: String, _ value: String) {
        expectRejected(key, value, mentioningValue: false)
    }

    @Test func filesWithoutTheNewerKeysReadAsBefore() throws {
        var metadata = AudioFeatureSettings().metadata
        #expect(metadata["audio.query_speeds"] == "1.0")
        metadata["audio.query_speeds"] = nil
        #expect(try AudioFeatureSettings(metadata: metadata).querySpeeds == [1])
        metadata["audio.floor_db"] = nil
        #expect(try AudioFeatureSettings(metadata: metadata).floorDecibels == 0)
    }

    @Test func extractorRefusesInvalidSettings() {
        var settings = AudioFeatureSettings()
        settings.windowLength = 600
        #expect(throws: FileError.self) { try AudioFeatureExtractor(settings: settings) }
    }
}

import Foundation
import FrameFinderAudio
import FrameFinderMath
import TestSupport
import Testing

/// The sound detection against `librosa.effects.split` and the documented full rule
/// (fixtures from tools/gen_sound_fixtures.py).
@Suite struct SoundDetectionTests {
    struct Expected: Decodable {
        struct Rule: Decodable {
            // swift-format-ignore: AlwaysUseLowerCamelCase
            let threshold_dbfs: Double
            let intervals: [[Int]]
            let frames: Int
        }
        let samples: Int
        let librosa: [String: [[Int]]]
        let framefinder: Rule
    }

    static let cases = ["words", "close", "noisy", "edges", "tail", "hiss"]
    static let hop = 160

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: Fixture.url("sound_detection.json")))
    }

    static func features(_ name: String, detection: SoundDetection?) throws -> AudioFeatures {
        var settings = AudioFeatureSettings()
        settings.sound = detection
        return try Fixture.features("sound_\(name).wav", settings: settings)
    }

    /// librosa's intervals in samples: frames times the hop, the last end clamped to the clip.
    static func samples(_ frames: [Range<Int>], clip: Int) -> [[Int]] {
        frames.map { [$0.lowerBound * hop, min($0.upperBound * hop, clip)] }
    }

    @Test(arguments: cases, [20.0, 40.0, 60.0])
    func relativeRuleMatchesLibrosaSplit(name: String, topDecibels: Double) throws {
        let expected = try #require(try Self.expected()[name])
        let wanted = try #require(expected.librosa[String(Int(topDecibels))])
        let detection = SoundDetection.librosa(topDecibels: topDecibels, frameLength: 800)
        let found = Self.samples(try Self.features(name, detection: detection).sound.intervals, clip: expected.samples)
        #expect(found.count == wanted.count)
        for (a, b) in zip(found, wanted) {
            #expect(abs(a[0] - b[0]) <= Self.hop && abs(a[1] - b[1]) <= Self.hop, "\(name): \(a) vs \(b)")
        }
    }

    @Test(arguments: cases)
    func fullRuleMatchesItsReference(name: String) throws {
        let expected = try #require(try Self.expected()[name]).framefinder
        // Measured with the default detection whether or not the settings cut.
        let features = try Self.features(name, detection: nil)
        #expect(features.levels.count == expected.frames)
        #expect(abs(features.sound.thresholdDBFS - expected.threshold_dbfs) < 0.01)
        let found = features.sound.intervals.map { [$0.lowerBound, $0.upperBound] }
        #expect(found.count == expected.intervals.count)
        for (a, b) in zip(found, expected.intervals) {
            #expect(abs(a[0] - b[0]) <= 1 && abs(a[1] - b[1]) <= 1, "\(name): \(a) vs \(b)")
        }
    }

    @Test func featuresAreCutToTheSound() throws {
        let plain = try Self.features("noisy", detection: nil)
        let cut = try Self.features("noisy", detection: SoundDetection())
        let sound = try #require(plain.sound.cut)
        #expect(plain.cut == 0..<plain.logMel.rows)
        #expect(cut.cut == sound)
        #expect(cut.features.rows == sound.count)
        #expect(maxAbsoluteDifference(cut.features.elements, plain.features(frames: sound).elements) <= 1e-6)
    }

    @Test func closeIntervalsMergeAndFarOnesStayApart() throws {
        let sound = try Self.features("close", detection: nil).sound
        #expect(sound.intervals.count == 2)
        let first = sound.seconds(sound.intervals[0])
        #expect(first.lowerBound < 0.3 && first.upperBound > 1.1)
    }

    @Test(arguments: ["hiss"])
    func aClipWithoutSoundIsRefused(name: String) throws {
        let url = Fixture.url("sound_\(name).wav")
        var settings = AudioFeatureSettings()
        settings.sound = SoundDetection()
        #expect {
            try AudioFeatureExtractor(settings: settings).features(contentsOf: url)
        } throws: { error in
            "\(error)".hasSuffix("sound_\(name).wav: no sound above -60 dBFS")
        }
    }

    @Test func digitalSilenceAndSteadyHissAreNoSound() throws {
        var settings = AudioFeatureSettings()
        settings.sound = SoundDetection()
        let extractor = try AudioFeatureExtractor(settings: settings)
        let silence = [Float](repeating: 0, count: 16_000)
        #expect(throws: AudioError(path: "silence", reason: .noSound(thresholdDBFS: -60))) {
            try extractor.features(samples: silence, sampleRate: 16_000, name: "silence")
        }
        // A loud steady hiss (-30 dBFS) is background, not sound: the background rule lifts the
        // threshold 6 dB over it.
        var generator = SeededGenerator(seed: 1)
        let hiss = (0..<16_000).map { _ in Float.random(in: -0.055...0.055, using: &generator) }
        #expect {
            try extractor.features(samples: hiss, sampleRate: 16_000, name: "hiss")
        } throws: { error in
            guard let error = error as? AudioError, case .noSound(let threshold) = error.reason else { return false }
            return threshold > -30 && threshold < -20
        }
    }

    @Test func aFasterSourceIsHeardThroughTheInputLimit() throws {
        // A 16 kHz recording with a 5 kHz tone over the word: with an 8 kHz input limit it is
        // analysed as its own 8 kHz resampling is (the tone is gone), whatever its rate.
        let word = try DecodedAudio(contentsOf: Fixture.url("sound_words.wav"))
        let tone = word.samples.enumerated().map {
            $0.element + 0.05 * Float(sin(2 * Double.pi * 5_000 * Double($0.offset) / 16_000))
        }
        var settings = AudioFeatureSettings()
        settings.maxInputRate = 8_000
        let limited = try AudioFeatureExtractor(settings: settings)
        let heard = try limited.features(samples: tone, sampleRate: 16_000)
        let at8k = try AudioResampler.resample(tone, from: 16_000, to: 8_000)
        let reference = try AudioFeatureExtractor().features(samples: at8k, sampleRate: 8_000)
        #expect(heard.logMel.shape == reference.logMel.shape)
        #expect(maxAbsoluteDifference(heard.logMel.elements, reference.logMel.elements) <= 1e-4)
        let full = try AudioFeatureExtractor().features(samples: tone, sampleRate: 16_000)
        #expect(maxAbsoluteDifference(full.logMel.elements, reference.logMel.elements) > 1)
        // Speeds apply after the limit: speed 1 equals the limited clip.
        let speeds = try limited.features(monoSamples: tone, sampleRate: 16_000, speeds: [1])
        #expect(maxAbsoluteDifference(speeds[0].logMel.elements, reference.logMel.elements) <= 1e-4)
    }

    @Test func settingsRoundTripThroughModelMetadata() throws {
        var settings = AudioFeatureSettings()
        settings.sound = SoundDetection()
        settings.sound?.margin = 0.05
        settings.maxInputRate = 8_000
        #expect(try AudioFeatureSettings(metadata: settings.metadata) == settings)
        var librosa = AudioFeatureSettings()
        librosa.sound = .librosa(topDecibels: 30, frameLength: 2048)
        #expect(try AudioFeatureSettings(metadata: librosa.metadata) == librosa)
        #expect(try AudioFeatureSettings(metadata: AudioFeatureSettings().metadata).sound == nil)
    }
}

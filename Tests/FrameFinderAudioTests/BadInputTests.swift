import Foundation
import FrameFinderAudio
import TestSupport
import Testing

/// Bad input: a thrown `AudioError` naming the file and the reason, never a crash or a NaN.
@Suite struct BadInputTests {
    /// Expects `url` to be refused with a reason matching `check`, by both entry points that read files.
    private func expectRefused(_ url: URL, _ check: (AudioError.Reason) -> Bool) {
        for attempt in [
            { _ = try AudioFeatureExtractor().features(contentsOf: url) },
            { _ = try DecodedAudio(contentsOf: url) },
        ] {
            do {
                try attempt()
                Issue.record("\(url.lastPathComponent) was accepted")
            } catch let error as AudioError {
                #expect(error.path == url.path)
                #expect(check(error.reason), "unexpected reason: \(error)")
                #expect(error.description.hasPrefix(url.path + ": "))
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("\(url.lastPathComponent): not an AudioError: \(error)")
            }
        }
    }

    @Test func missingFile() {
        expectRefused(Fixture.url("no-such-file.wav")) { $0 == .fileNotFound }
    }

    @Test func directory() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        expectRefused(directory) { $0 == .isDirectory }
    }

    @Test func textFileNamedWav() {
        expectRefused(Fixture.url("text.wav")) { if case .unreadable = $0 { true } else { false } }
    }

    @Test func zeroLengthFile() {
        expectRefused(Fixture.url("empty.wav")) { $0 == .emptyFile }
    }

    @Test func headerWithZeroChannels() {
        // libsndfile itself refuses it ("Channel count is zero"); either way it is named.
        expectRefused(Fixture.url("zero_channels.wav")) { reason in
            switch reason {
            case .invalidChannelCount(0): true
            case .unreadable(let message): message.lowercased().contains("channel")
            default: false
            }
        }
    }

    @Test(arguments: ["huge_frames.wav", "huge_frames.aiff"])
    func headerWithHugeFrameCount(_ file: String) {
        expectRefused(Fixture.url(file)) { if case .implausibleLength = $0 { true } else { false } }
    }

    @Test(arguments: [("nan.wav", 700), ("inf.wav", 700)])
    func nonFiniteSamples(_ file: String, _ frame: Int) {
        expectRefused(Fixture.url(file)) { $0 == .nonFiniteSample(frame: frame) }
    }

    @Test func shorterThanOneWindowAt16kHz() throws {
        #expect(
            throws: AudioError(path: Fixture.url("short_16k.wav").path, reason: .tooShort(samples: 399, needed: 400))
        ) {
            try Fixture.features("short_16k.wav")
        }
    }

    @Test func shorterThanOneWindowAfterResampling() throws {
        do {
            _ = try Fixture.features("short_8k.wav")
            Issue.record("short_8k.wav was accepted")
        } catch let error as AudioError {
            guard case .tooShort(let samples, 400) = error.reason else {
                Issue.record("unexpected reason: \(error)")
                return
            }
            #expect(samples < 400)
        }
    }

    @Test func inMemoryBadInput() throws {
        let extractor = try AudioFeatureExtractor()
        let tone = (0..<1_600).map { Float(sin(Double($0) * 0.1)) }
        var withNaN = tone
        withNaN[123] = .nan
        #expect(throws: AudioError(path: "clip", reason: .nonFiniteSample(frame: 123))) {
            try extractor.features(samples: withNaN, sampleRate: 16_000, name: "clip")
        }
        #expect(throws: AudioError(path: "<samples>", reason: .invalidSampleRate(0))) {
            try extractor.features(samples: tone, sampleRate: 0)
        }
        #expect(throws: AudioError(path: "<samples>", reason: .invalidChannelCount(0))) {
            try extractor.features(samples: tone, sampleRate: 16_000, channels: 0)
        }
        #expect(throws: AudioError(path: "<samples>", reason: .incompleteFrame(samples: 1_600, channels: 3))) {
            try extractor.features(samples: tone, sampleRate: 16_000, channels: 3)
        }
        #expect(throws: AudioError(path: "<samples>", reason: .tooShort(samples: 0, needed: 400))) {
            try extractor.features(samples: [], sampleRate: 16_000)
        }
        #expect(throws: AudioError(path: "<samples>", reason: .featuresOverflow)) {
            try extractor.features(samples: [Float](repeating: 1e30, count: 1_600), sampleRate: 16_000)
        }
    }
}

import Foundation
import FrameFinderAudio
import TestSupport
import Testing

/// Sources longer than `AudioClip.maximumDuration` are refused before they are decoded, so
/// memory stays bounded (a 10-hour clip took 1.5 GB).
@Suite struct DurationLimitTests {
    /// A 16-bit mono PCM WAV of `frames` zero samples at `rate` Hz (a 2-hour clip at 8 Hz is
    /// only 115 KB).
    private func wav(frames: Int, rate: Int, in folder: URL) throws -> URL {
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
        func le16(_ v: Int) -> [UInt8] { (0..<2).map { UInt8((v >> (8 * $0)) & 0xff) } }
        let data = frames * 2
        var bytes = Array("RIFF".utf8) + le32(36 + data) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1)
        bytes += le32(rate) + le32(rate * 2) + le16(2) + le16(16) + Array("data".utf8) + le32(data)
        bytes += [UInt8](repeating: 0, count: data)
        let url = folder.appendingPathComponent("long.wav")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func aClipLongerThanTheLimitIsRefusedBeforeDecoding() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rate = 8
        let url = try wav(frames: Int(AudioClip.maximumDuration) * rate + rate, rate: rate, in: folder)
        let expected = AudioError(path: url.path, reason: .tooLong(seconds: AudioClip.maximumDuration + 1))
        #expect(throws: expected) { try AudioFeatureExtractor().features(contentsOf: url) }
        #expect(throws: expected) { try DecodedAudio(contentsOf: url) }
        #expect("\(expected)".hasSuffix("lasts 7201 s or more, longer than the 7200 s (2 hours) FrameFinder reads"))
    }

    @Test func aClipOfTheLimitIsRead() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try wav(frames: Int(AudioClip.maximumDuration) * 8, rate: 8, in: folder)
        #expect(try DecodedAudio(contentsOf: url).clip.duration == AudioClip.maximumDuration)
    }
}

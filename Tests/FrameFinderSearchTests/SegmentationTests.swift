import Foundation
import FrameFinderAudio
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// A recording made of the samples' spoken digits, as espeak-ng speaks them (silence around
/// each word), one after another with more silence between them, under a faint seeded hiss.
struct GeneratedRecording {
    /// The clips spoken, in order.
    static let words = ["3_us", "1_gbf", "4_scm", "0_us", "5_gbf", "9_scm", "2_us", "6_gbf", "8_scm", "7_us"]
    /// The silence added before each clip, in seconds (and after the last).
    static let gaps = [0.4, 0.0, 0.5, 0.1, 0.8, 0.05, 0.6, 0.2, 1.0, 0.15, 0.5]
    /// Where a clip's word is: from the first to the last sample whose magnitude exceeds this
    /// share of the clip's peak (the rule `tools/make_samples.py` trims the soundtrack's words by).
    static let wordLevel: Float = 0.02

    let samples: [Float]
    let sampleRate: Int
    /// Where each word is, in seconds.
    let words: [ClosedRange<Double>]

    init() throws {
        var samples: [Float] = []
        var words: [ClosedRange<Double>] = []
        var rate = 0
        for (n, word) in Self.words.enumerated() {
            let clip = try DecodedAudio(
                contentsOf: TestData.packageRoot.appendingPathComponent("samples/clips/\(word).wav"))
            rate = clip.clip.sampleRate
            samples += [Float](repeating: 0, count: Int(Self.gaps[n] * Double(rate)))
            let peak = clip.samples.map(abs).max()!
            let first = clip.samples.firstIndex { abs($0) > Self.wordLevel * peak }!
            let last = clip.samples.lastIndex { abs($0) > Self.wordLevel * peak }!
            words.append(Double(samples.count + first) / Double(rate)...Double(samples.count + last + 1) / Double(rate))
            samples += clip.samples
        }
        samples += [Float](repeating: 0, count: Int(Self.gaps.last! * Double(rate)))
        // A hiss about 70 dB under full scale, as a quiet room's.
        var generator = SeededGenerator(seed: 12)
        self.samples = samples.map { $0 + Float.random(in: -0.0005...0.0005, using: &generator) }
        sampleRate = rate
        self.words = words
    }
}

@Suite struct SegmentationTests {
    /// How far a segment's boundary may be from the word's, in seconds: a frame's level is the
    /// RMS of 800 samples (50 ms) centred on it, so a boundary can move by half that window;
    /// frames are 10 ms apart; and the detection's threshold is 40 dB under the loudest word of
    /// the recording, not 2 % of each word's own peak, so a soft onset or decay (the /θ/ of
    /// "three", the fading vowel of "two") may lie on either side of it for up to 25 ms.
    /// (Measured on this recording: starts within 57 ms, ends within 33 ms.)
    static let tolerance = 0.025 + 0.010 + 0.025

    @Test func parsesTheDocumentedForms() throws {
        #expect(try Segmentation(parsing: "whole") == .whole)
        #expect(try Segmentation(parsing: "sound") == .sound(maximumLength: Segmentation.defaultMaximumLength))
        #expect(try Segmentation(parsing: "sound:1.5") == .sound(maximumLength: 1.5))
        #expect(try Segmentation(parsing: "window:2") == .window(length: 2, hop: 2))
        #expect(try Segmentation(parsing: "window:2,0.5") == .window(length: 2, hop: 0.5))
        for bad in ["", "words", "window", "window:0", "window:1,-1", "window:1,2,3", "sound:x", "whole:1"] {
            #expect(throws: SegmentationError.self, "\(bad)") { try Segmentation(parsing: bad) }
        }
        #expect(Segmentation.default == .sound(maximumLength: 2))
    }

    @Test func soundSegmentsAreTheWordsOfAGeneratedRecording() throws {
        let recording = try GeneratedRecording()
        let extractor = try AudioFeatureExtractor()
        let features = try extractor.features(samples: recording.samples, sampleRate: recording.sampleRate)
        let segments = Segmentation.default.segments(of: features)
        let fps = extractor.settings.framesPerSecond
        #expect(segments.count == recording.words.count)
        for (segment, word) in zip(segments, recording.words) {
            let (start, end) = (Double(segment.lowerBound) / fps, Double(segment.upperBound) / fps)
            #expect(abs(start - word.lowerBound) <= Self.tolerance, "start \(start) for a word at \(word)")
            #expect(abs(end - word.upperBound) <= Self.tolerance, "end \(end) for a word at \(word)")
        }
    }

    @Test func longSoundsAreSplitAndCloseOnesMerged() throws {
        // A 5 s tone, 0.1 s of silence, a 0.5 s tone, 1 s of silence, a 0.05 s click.
        let rate = 16_000
        func tone(_ seconds: Double) -> [Float] {
            (0..<Int(seconds * Double(rate))).map { Float(0.3 * sin(Double($0) * 0.2)) }
        }
        func silence(_ seconds: Double) -> [Float] { [Float](repeating: 0, count: Int(seconds * Double(rate))) }
        let samples = silence(0.5) + tone(5) + silence(0.1) + tone(0.5) + silence(1) + tone(0.05) + silence(0.5)
        let features = try AudioFeatureExtractor().features(samples: samples, sampleRate: rate)
        let segments = Segmentation.sound(maximumLength: 2).segments(of: features)
        // 5.6 s of sound with a 0.1 s pause (under the merge gap) is one sound in ⌈5.7/2⌉ = 3
        // equal pieces; the click is shorter than `minimumLength` and is no segment.
        #expect(segments.count == 3)
        #expect(segments.map(\.count).max()! - segments.map(\.count).min()! <= 1)
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(segments.allSatisfy { Double($0.count) / 100 <= 2 })
        // One sound only: the recording is queried whole.
        let single = try AudioFeatureExtractor().features(
            samples: silence(0.3) + tone(0.6) + silence(0.3), sampleRate: rate)
        #expect(Segmentation.default.segments(of: single).isEmpty)
        #expect(Segmentation.whole.segments(of: features).isEmpty)
    }

    @Test func windowsCoverTheRecordingAndSkipSilence() throws {
        let rate = 16_000
        let samples = [Float](repeating: 0, count: rate * 2) + (0..<rate * 3).map { Float(0.3 * sin(Double($0) * 0.2)) }
        let features = try AudioFeatureExtractor().features(samples: samples, sampleRate: rate)
        let frames = features.logMel.rows
        let windows = Segmentation.window(length: 1, hop: 0.5).segments(of: features)
        // Windows [k·0.5, k·0.5 + 1) s up to the end; the two that end before 1.9 s hold no
        // sound (the one ending at 2 s holds the onset's first frames: levels are 50 ms RMS).
        let all = (0..<(frames - 100 + 49) / 50 + 1).map { $0 * 50..<min($0 * 50 + 100, frames) }
        #expect(all.last!.upperBound == frames)
        #expect(windows == Array(all.dropFirst(2)))
    }
}

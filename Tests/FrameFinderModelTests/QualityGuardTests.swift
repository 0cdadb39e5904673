import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

/// A guard on learning itself (not the quality target of docs/quality.md): a small model
/// trained on a subset of three FSDD speakers and MNIST must find the digits of the fourth
/// speaker, whom it never heard, in a gallery of images it never saw.
@Suite(.enabled(if: TestData.hasSharedData, "../shared/data is absent: the quality guard is skipped"))
struct QualityGuardTests {
    /// Clips `takes` of every digit by `speakers`, labelled by digit.
    private func clips(of speakers: [String], takes: Range<Int>) -> LabelledFiles {
        LabelledFiles(
            entries: speakers.flatMap { speaker in
                (0..<10).flatMap { digit in
                    takes.map { take in
                        LabelledFiles.Entry(
                            url: TestData.sharedFile("fsdd/\(digit)_\(speaker)_\(take).wav"),
                            label: String(digit))
                    }
                }
            })
    }

    /// MNIST images split per digit in file order: the first `training` of each digit, then
    /// the next `gallery` of each digit.
    private func images(training: Int, gallery: Int) throws -> (training: LabelledFiles, gallery: LabelledFiles) {
        let all = try LabelledFiles(csv: TestData.sharedFile("mnist/labels.csv"))
        var seen: [String: Int] = [:]
        var first: [LabelledFiles.Entry] = [], second: [LabelledFiles.Entry] = []
        for entry in all.entries {
            let count = seen[entry.label, default: 0]
            seen[entry.label] = count + 1
            if count < training {
                first.append(entry)
            } else if count < training + gallery {
                second.append(entry)
            }
        }
        return (LabelledFiles(entries: first), LabelledFiles(entries: second))
    }

    @Test func aSmallModelFindsTheDigitsOfASpeakerItNeverHeard() async throws {
        var audio = AudioFeatureSettings()
        audio.kind = .mfcc
        audio.tokens = .segmentProfile(count: 8)
        audio.sound = SoundDetection()
        let recipe = try FeatureRecipe(audio: audio, frames: .default)
        let (trainingImages, gallery) = try images(training: 60, gallery: 20)
        let training = try await TrainingData.load(
            audio: clips(of: ["jackson", "nicolas", "yweweler"], takes: 0..<30), images: trainingImages,
            recipe: recipe, augmentation: ClipAugmentation(speeds: [1, 0.9, 1.1], recordingCount: 2))
        let heldOut = try await TrainingData.load(
            audio: clips(of: ["theo"], takes: 0..<10), images: gallery, recipe: recipe)
        #expect(training.failures.isEmpty && heldOut.failures.isEmpty)

        let settings = ModelSettings(
            audio: recipe.audio.settings, frames: recipe.frames.settings,
            architecture: ModelArchitecture(
                hidden: 128, embedding: 32, dimension: 32, valueDimension: 32))
        let untrained = try Model(settings: settings, seed: 0)
        let model = try Trainer.train(
            untrained, on: training.data,
            options: TrainingOptions(
                epochs: 20, clipsPerBatch: 32, framesPerBatch: 128, learningRate: 2e-3, seed: 0))

        let before = Trainer.evaluate(untrained, on: heldOut.data)
        let after = Trainer.evaluate(model, on: heldOut.data)
        #expect(heldOut.data.clips.count == 100 && heldOut.data.frames.rows == 200)
        #expect(before.meanAveragePrecision < 0.3)
        #expect(after.meanAveragePrecision >= 0.5)

        // The same held-out clips as recordings: inside 0.2-0.8 s of silence, with white noise
        // 20 dB under the word. Cut to their sound, they rank as their trimmed originals do.
        var recorded = heldOut.data
        var generator = SeededGenerator(seed: 3)
        recorded.clips = try clips(of: ["theo"], takes: 0..<10).entries.map { entry in
            let word = try DecodedAudio(contentsOf: entry.url)
            let recording = Self.recording(of: word.samples, rate: word.clip.sampleRate, using: &generator)
            return [try recipe.audio.features(samples: recording, sampleRate: word.clip.sampleRate).queryTokens]
        }
        let padded = Trainer.evaluate(model, on: recorded)
        #expect(
            padded.meanAveragePrecision >= 0.9 * after.meanAveragePrecision,
            "padded \(padded.meanAveragePrecision) vs trimmed \(after.meanAveragePrecision)")
    }

    /// `samples` inside 0.2-0.8 s of silence on each side, with white noise 20 dB under their RMS.
    static func recording(of samples: [Float], rate: Int, using generator: inout SeededGenerator) -> [Float] {
        let lead = Int(Double.random(in: 0.2...0.8, using: &generator) * Double(rate))
        let trail = Int(Double.random(in: 0.2...0.8, using: &generator) * Double(rate))
        let rms = (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
        let noise = Float(rms * 0.1 * 3.0.squareRoot())  // uniform in ±a has RMS a/√3
        let padded = [Float](repeating: 0, count: lead) + samples + [Float](repeating: 0, count: trail)
        return padded.map { $0 + Float.random(in: -noise...noise, using: &generator) }
    }
}

import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderRetrieval
import Testing
import TestSupport

/// A guard on learning itself (not the quality target of docs/quality.md): a small model
/// trained on a subset of three FSDD speakers and MNIST must find the digits of the fourth
/// speaker, whom it never heard, in a gallery of images it never saw.
@Suite(.enabled(if: TestData.hasSharedData, "../shared/data is absent: the quality guard is skipped"))
struct QualityGuardTests {
    /// Clips `takes` of every digit by `speakers`, labelled by digit.
    private func clips(of speakers: [String], takes: Range<Int>) -> LabelledFiles {
        LabelledFiles(entries: speakers.flatMap { speaker in
            (0..<10).flatMap { digit in
                takes.map { take in
                    LabelledFiles.Entry(url: TestData.sharedFile("fsdd/\(digit)_\(speaker)_\(take).wav"),
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
        let recipe = try FeatureRecipe(audio: audio, frames: .default)
        let (trainingImages, gallery) = try images(training: 60, gallery: 20)
        let training = try await TrainingData.load(
            audio: clips(of: ["jackson", "nicolas", "yweweler"], takes: 0..<30), images: trainingImages,
            recipe: recipe, augmentation: ClipAugmentation(speeds: [1, 0.9, 1.1]))
        let heldOut = try await TrainingData.load(
            audio: clips(of: ["theo"], takes: 0..<10), images: gallery, recipe: recipe)
        #expect(training.failures.isEmpty && heldOut.failures.isEmpty)

        let widths = recipe.tokenWidths
        let stored = recipe.storedSettings
        let settings = ModelSettings(audioFeatures: stored.audio, frameDescriptors: stored.frames,
                                     audioTokenWidth: widths.audio, frameTokenWidth: widths.frames,
                                     hidden: 128, embedding: 32, dimension: 32, valueDimension: 32)
        let untrained = try Model(settings: settings, seed: 0)
        let model = try Trainer.train(untrained, on: training.data, options: TrainingOptions(
            epochs: 20, clipsPerBatch: 32, framesPerBatch: 128, learningRate: 2e-3, seed: 0))

        let before = Trainer.evaluate(untrained, on: heldOut.data)
        let after = Trainer.evaluate(model, on: heldOut.data)
        #expect(heldOut.data.clips.count == 100 && heldOut.data.frames.rows == 200)
        #expect(before.meanAveragePrecision < 0.3)
        #expect(after.meanAveragePrecision >= 0.5)
    }
}

import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

/// `TrainingSources.load(recipe:)`: what `train`'s flags name, loaded as the lower-level
/// loaders load it, on the committed samples (spoken digits and the digit video).
@Suite struct TrainingSourcesTests {
    static let samples = TestData.packageRoot.appendingPathComponent("samples")
    static let labels = TrainingSources.Labels(
        audio: samples.appendingPathComponent("labels/clips.csv"),
        images: samples.appendingPathComponent("labels/frames.csv"))
    static let video = samples.appendingPathComponent("video")
    static let stream = TrainingStream(
        .soundtrack(video.appendingPathComponent("soundtrack.wav"), frames: video),
        fps: 1)

    private func recipe(querySpeeds: [Double] = [1]) throws -> FeatureRecipe {
        var audio = AudioFeatureSettings()
        audio.querySpeeds = querySpeeds
        audio.sound = SoundDetection()
        return try FeatureRecipe(audio: audio, frames: .default)
    }

    private func expectSame(_ a: TrainingData?, _ b: TrainingData?) {
        #expect(a?.clips == b?.clips)
        #expect(a?.frames == b?.frames)
        #expect(a?.clipGroups == b?.clipGroups && a?.frameGroups == b?.frameGroups)
        #expect(a?.positives == b?.positives && a?.excluded == b?.excluded)
    }

    @Test func labelsLoadAsTheLabelledLoaderLoadsThem() async throws {
        let recipe = try recipe(querySpeeds: [1, 1.1])
        let augmentation = ClipAugmentation(speeds: [1, 0.9])
        let sources = TrainingSources(
            labels: Self.labels, augmentation: augmentation, seed: 4,
            validationLabels: Self.labels)
        let loaded = try await sources.load(recipe: recipe)
        let direct = try await TrainingData.load(
            audio: LabelledFiles(csv: Self.labels.audio), images: LabelledFiles(csv: Self.labels.images),
            recipe: recipe, augmentation: augmentation, seed: 4)
        expectSame(loaded.data, direct.data)
        #expect(loaded.notes.isEmpty)
        // Validation clips are heard as queries: at every query speed, stacked into one matrix.
        let heard = try await TrainingData.load(
            audio: LabelledFiles(csv: Self.labels.audio), images: LabelledFiles(csv: Self.labels.images),
            recipe: recipe, augmentation: ClipAugmentation(speeds: [1, 1.1]))
        expectSame(loaded.validation, heard.data.stackingVariants())
        #expect(loaded.validation?.clips.allSatisfy { $0.count == 1 } == true)
    }

    @Test func streamsAndManifestsLoadAsTheStreamLoaderLoadsThem() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("streams.csv")
        try "soundtrack,frames\n\(Self.stream.path),\(Self.video.path)\n".write(
            to: manifest, atomically: true,
            encoding: .utf8)
        let recipe = try recipe()
        let pairing = StreamPairing(context: 0.1, exclusion: 0.5)
        let direct = try await TrainingData.loadStreams(
            [Self.stream], pairing: pairing, recipe: recipe,
            validateLast: 0.3)
        for sources in [
            TrainingSources(streams: [Self.stream], pairing: pairing, validateLast: 0.3),
            TrainingSources(manifest: manifest, pairing: pairing, validateLast: 0.3),
        ] {
            let loaded = try await sources.load(recipe: recipe)
            expectSame(loaded.data, direct.data)
            expectSame(loaded.validation, direct.validation)
            #expect(loaded.validation != nil)
        }
    }

    @Test func aMissingLabelsFileNamesItself() async throws {
        let missing = Self.samples.appendingPathComponent("labels/none.csv")
        let sources = TrainingSources(labels: TrainingSources.Labels(audio: missing, images: Self.labels.images))
        await #expect(throws: FileError(path: missing.path, reason: "cannot read labels CSV")) {
            _ = try await sources.load(recipe: try recipe())
        }
    }
}

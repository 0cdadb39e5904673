import Foundation
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// `framefinder train` end to end, on the committed samples (spoken digits and digit frames).
@Suite struct TrainTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")
    private var clips: String { samples.appendingPathComponent("labels/clips.csv").path }
    private var frames: String { samples.appendingPathComponent("labels/frames.csv").path }

    private func train(_ extra: [String], out: URL) throws -> CLI.Output {
        try CLI.run(
            [
                "train", "--epochs", "3", "--batch-clips", "8", "--batch-frames", "16", "--hidden", "32",
                "--embedding", "16", "--dim", "16", "--out", out.path,
            ] + extra)
    }

    @Test func labelsTrainAModelThatLoadsAndRecordsItsRecipe() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try train(
            [
                "--audio-labels", clips, "--image-labels", frames, "--validate-audio", clips,
                "--validate-images", frames, "--tokens", "profile:4", "--speeds", "1", "1.1",
            ], out: out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("wrote \(out.path): 30 clips, 30 frames"))
        #expect(run.stdout.contains("validation R@1"))
        let model = try Model(contentsOf: out)
        #expect(model.settings.audio?.tokens == .segmentProfile(count: 4))
        #expect(model.settings.dimension == 16)
        #expect(model.parameters.isFinite)
    }

    @Test func queriesHeardAtSeveralSpeedsAndMaskedTokensTrainAndRank() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try train(
            [
                "--audio-labels", clips, "--image-labels", frames, "--validate-audio", clips,
                "--validate-images", frames, "--query-speeds", "0.9", "1", "1.1",
                "--feature-masks", "2:3", "--segment-masks", "1:1",
            ], out: out)
        #expect(run.status == 0, "\(run.stderr)")
        let model = try Model(contentsOf: out)
        #expect(model.settings.audio?.querySpeeds == [0.9, 1, 1.1])
        let query = try CLI.run([
            "query", samples.appendingPathComponent("clips/3_gbf.wav").path,
            samples.appendingPathComponent("video").path, "--model", out.path, "--format", "json",
        ])
        #expect(query.status == 0, "\(query.stderr)")
    }

    @Test(arguments: [
        ["--feature-masks", "2"], ["--segment-masks", "a:1"], ["--query-speeds", "2.5"],
        ["--query-speeds"] + Array(repeating: "1", count: 17),
    ])
    func badAugmentationOptionsAreUsageErrors(_ options: [String]) throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try train(["--audio-labels", clips, "--image-labels", frames] + options, out: out)
        #expect(run.status == 64)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func theSameSeedWritesTheSameFile() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b) = (folder.appendingPathComponent("a.safetensors"), folder.appendingPathComponent("b.safetensors"))
        for out in [a, b] {
            #expect(
                try train(["--audio-labels", clips, "--image-labels", frames, "--seed", "3"], out: out).status == 0)
        }
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func anAlignedStreamTrainsWithoutLabels() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let video = samples.appendingPathComponent("video")
        let run = try train(
            [
                "--soundtrack", video.appendingPathComponent("soundtrack.wav").path,
                "--frames", video.path, "--fps", "1", "--context", "0.1",
            ], out: out)
        #expect(run.status == 0, "\(run.stderr)")
        // One clip per spoken digit, each heard while its three frames are on screen (silence
        // between the words pairs with nothing).
        #expect(run.stdout.hasPrefix("wrote \(out.path): 10 clips, 30 frames"), "\(run.stdout)")
        #expect(try Model(contentsOf: out).parameters.isFinite)
    }

    @Test func pairsMustComeFromLabelsOrAStream() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        #expect(try train(["--audio-labels", clips], out: out).status == 64)
        #expect(try train(["--audio-labels", clips, "--image-labels", frames, "--frames", "x"], out: out).status == 64)
        #expect(try train([], out: out).status == 64)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func anUnwritableOutputFailsBeforeTraining() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("missing/m.safetensors")
        let run = try train(["--audio-labels", clips, "--image-labels", frames], out: out)
        #expect(run.status == 1)
        #expect(
            run.errorLines == [
                "\(out.path): cannot write: folder \(out.deletingLastPathComponent().path) does not exist"
            ])
    }

    @Test func aMissingLabelsFileIsOneLine() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("none.csv").path
        let run = try train(
            ["--audio-labels", missing, "--image-labels", frames],
            out: folder.appendingPathComponent("m.safetensors"))
        #expect(run.status == 1)
        #expect(run.errorLines == ["\(missing): cannot read labels CSV"])
    }
}

/// The README's quick start: the default model, a spoken digit as espeak-ng says it (silence
/// around the word), the sample video.
@Suite struct QuickStartTests {
    static let root = TestData.packageRoot.appendingPathComponent("samples")

    /// Queries the sample video with `clip` (under samples/) and expects frames of `digit` in
    /// the first `first` ranks (all of that digit's frames when nil).
    private func expectDigitFirst(_ clip: String, digit: String, first: Int? = nil) throws {
        let labels = try LabelledFiles(csv: Self.root.appendingPathComponent("labels/frames.csv")).labelsByPath
        let run = try CLI.run([
            "query", Self.root.appendingPathComponent(clip).path,
            Self.root.appendingPathComponent("video").path, "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try #require(try jsonObject(run.stdout)["results"] as? [[String: Any]])
        let count = first ?? labels.values.filter { $0 == digit }.count
        let top = results.prefix(count).compactMap { $0["frame"] as? String }
        #expect(top.count == count)
        #expect(
            top.allSatisfy { labels[URL(fileURLWithPath: $0).standardizedFileURL.path] == digit }, "\(clip): \(top)")
    }

    @Test func theSpokenDigitsFramesComeFirst() throws {
        try expectDigitFirst("clips/3_gbf.wav", digit: "3")
    }

    @Test func sevenAsEspeakSaysItFindsTheSevens() throws {
        // espeak-ng's own 22,050 Hz output, full band: heard through the model's 8 kHz input limit.
        try expectDigitFirst("seven.wav", digit: "7", first: 1)
    }

    @Test func aClipWithNoSoundIsRefusedNotRanked() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let silent = try Inputs.wav(
            folder.appendingPathComponent("silent.wav"),
            samples: [Float](repeating: 0, count: 8_000), rate: 8_000)
        let run = try CLI.run(["query", silent.path, Self.root.appendingPathComponent("video").path])
        #expect(run.status == 1)
        #expect(run.errorLines == ["\(silent.path): no sound above -60 dBFS"])
        #expect(run.stdout.isEmpty)
    }
}

/// `query --overlay`: where the attention fell inside the best frame.
@Suite struct OverlayTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")

    @Test func aModelWithPatchTokensDrawsTheBestFramesOverlay() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.safetensors")
        let trained = try CLI.run([
            "train", "--audio-labels", samples.appendingPathComponent("labels/clips.csv").path,
            "--image-labels", samples.appendingPathComponent("labels/frames.csv").path,
            "--epochs", "2", "--hidden", "16", "--embedding", "8", "--dim", "8",
            "--patch-grid", "2x2", "--out", model.path,
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        let overlay = folder.appendingPathComponent("overlay.png")
        let run = try CLI.run([
            "query", samples.appendingPathComponent("clips/3_gbf.wav").path,
            samples.appendingPathComponent("video").path, "--model", model.path,
            "--overlay", overlay.path, "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let picture = try RGBImage(contentsOfPNG: overlay)
        let best = try #require((try jsonObject(run.stdout)["results"] as? [[String: Any]])?.first?["frame"] as? String)
        let frame = try RGBImage(contentsOfPNG: URL(fileURLWithPath: best))
        // The overlay is the best frame enlarged by a whole factor, at least 256 pixels on its longer side.
        #expect(picture.width % frame.width == 0 && picture.height % frame.height == 0)
        #expect(max(picture.width, picture.height) >= 256)
    }

    @Test func aModelWithoutPatchTokensSaysSo() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("overlay.png")
        let run = try CLI.run([
            "query", samples.appendingPathComponent("clips/3_gbf.wav").path,
            samples.appendingPathComponent("video").path, "--overlay", overlay.path,
        ])
        #expect(run.status == 64)
        #expect(run.errorLines.first?.contains("no patch tokens") == true)
        #expect(!FileManager.default.fileExists(atPath: overlay.path))
    }
}

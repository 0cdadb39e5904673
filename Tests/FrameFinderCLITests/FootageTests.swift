import Foundation
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// `framefinder train` on footage: videos, soundtracks with frames, manifests, `--init` and
/// `--validate-last`.
@Suite struct FootageTests {
    private let video = TestData.packageRoot.appendingPathComponent("samples/video")
    private var soundtrack: String { video.appendingPathComponent("soundtrack.wav").path }
    private let small = ["--epochs", "2", "--batch-clips", "8", "--batch-frames", "16"]
    private let smallModel = ["--hidden", "16", "--embedding", "8", "--dim", "8"]

    @Test func initKeepsTheModelsRecipeAndArchitecture() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try CLI.run(
            [
                "train", "--soundtrack", soundtrack, "--frames", video.path, "--fps", "1",
                "--init", "default", "--out", out.path,
            ] + small)
        #expect(run.status == 0, "\(run.stderr)")
        let tuned = try Model(contentsOf: out), original = try Model.default
        #expect(tuned.settings == original.settings)
        let (mean, wq) = (Model.TensorName.audioMean, Model.TensorName.crossQueryProjection)
        #expect(tuned.parameters[mean] == original.parameters[mean])  // statistics kept
        #expect(tuned.parameters[wq] != original.parameters[wq])  // weights trained
    }

    @Test func initRefusesFlagsThatWouldChangeTheRecipeOrArchitecture() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try CLI.run([
            "train", "--soundtrack", soundtrack, "--frames", video.path, "--init", "default",
            "--mfcc", "13", "--hidden", "32", "--out", out.path,
        ])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--init keeps the model's feature recipe and architecture; drop --mfcc, --hidden"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aWrongFPSIsOneSummaryLine() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        // 30 frames over a 30 s soundtrack, declared at 0.5 fps: they would span 60 s.
        let run = try CLI.run(
            [
                "train", "--soundtrack", soundtrack, "--frames", video.path, "--fps", "0.5",
                "--out", out.path,
            ] + small + smallModel)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.errorLines == [
                "warning: \(soundtrack): the soundtrack lasts 30.00 s but 30 frames at 0.5 fps "
                    + "span 60.00 s (is the fps right?); 15 frame(s) past the soundtrack's end were left out"
            ])
    }

    @Test func validateLastHoldsOutTheEndAndReportsRecallAndMAP() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try CLI.run(
            [
                "train", "--soundtrack", soundtrack, "--frames", video.path, "--validate-last", "0.3",
                "--verbose", "--out", out.path,
            ] + small + smallModel)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.errorLines.count == 2 && run.errorLines.allSatisfy { $0.contains("R@1") && $0.contains("mAP") })
        #expect(run.stdout.contains("validation R@1"))
        #expect(
            try CLI.run([
                "train", "--soundtrack", soundtrack, "--frames", video.path, "--validate-last", "1",
                "--out", out.path,
            ]).status == 64)
    }

    @Test(.enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func aVideoAnAACSoundtrackAndAManifestOfStreamsTrain() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Four seconds of moving test pattern with a 440 Hz beep in the first half of each second.
        let movie = folder.appendingPathComponent("beeps.mp4")
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        made.arguments = [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=4",
            "-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)*lt(mod(t\\,1)\\,0.5):s=16000:d=4",
            "-c:a", "aac", "-shortest", movie.path,
        ]
        try made.run()
        made.waitUntilExit()
        try #require(made.terminationStatus == 0)
        let out = folder.appendingPathComponent("m.safetensors")
        let run = try CLI.run(["train", "--video", movie.path, "--fps", "4", "--out", out.path] + small + smallModel)
        #expect(run.status == 0, "\(run.stderr)")
        // Each beep is heard while the two frames of its half second are on screen: 4 clips, 16 frames.
        #expect(run.stdout.hasPrefix("wrote \(out.path): 4 clips, 16 frames"), "\(run.stdout)")
        #expect(try Model(contentsOf: out).parameters.isFinite)

        // A soundtrack libsndfile cannot read (AAC in .m4a) is read through ffmpeg.
        let m4a = folder.appendingPathComponent("soundtrack.m4a")
        let converted = Process()
        converted.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        converted.arguments = ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", soundtrack, "-c:a", "aac", m4a.path]
        try converted.run()
        converted.waitUntilExit()
        try #require(converted.terminationStatus == 0)
        let aac = try CLI.run(
            ["train", "--soundtrack", m4a.path, "--frames", video.path, "--out", out.path, "--force"]
                + small + smallModel)
        #expect(aac.status == 0, "\(aac.stderr)")
        #expect(aac.stdout.contains("30 frames"), "\(aac.stdout)")

        let manifest = folder.appendingPathComponent("streams.csv")
        try "video,soundtrack,frames,fps\nbeeps.mp4,,,4\n,\(soundtrack),\(video.path),1\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let both = try CLI.run(
            ["train", "--streams", manifest.path, "--out", out.path, "--force"] + small + smallModel)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("46 frames"), "\(both.stdout)")
    }
}

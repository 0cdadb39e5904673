import Foundation
import TestSupport
import Testing

/// Every bad input ends with one `path: problem` line on stderr, nothing on stdout, and the
/// documented exit status: 1 for a failure, 64 for a usage error.
@Suite struct BadInputTests {
    /// Runs `arguments` and checks the failure: `status`, one stderr line (for status 1)
    /// holding every `expected` fragment, and no output.
    private func expectFailure(
        _ arguments: [String], status: Int32 = 1, environment: [String: String]? = nil,
        _ expected: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let run = try CLI.run(arguments, environment: environment)
        #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        if status == 1 {
            #expect(run.errorLines.count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        }
        for fragment in expected {
            #expect(run.stderr.contains(fragment), "\(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    private struct Setup {
        let workspace: Workspace
        var folder: URL { workspace.folder }
        var model: URL { workspace.model }
        var frames: URL { workspace.frames }
        let clip = Inputs.audioFixture("stereo_44k.wav").path
        init() throws { workspace = try Workspace(frames: 3) }
        func remove() { workspace.remove() }
        func query(_ frames: String, model: String? = nil) -> [String] {
            ["query", clip, frames, "--model", model ?? self.model.path]
        }
    }

    @Test func missingEmptyOrPNGlessFrameDirectories() throws {
        let s = try Setup()
        defer { s.remove() }
        let missing = s.folder.appendingPathComponent("nowhere").path
        try expectFailure(s.query(missing), "\(missing): no such file or directory")
        let empty = s.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try expectFailure(s.query(empty.path), "\(empty.path): directory is empty")
        let text = s.folder.appendingPathComponent("text")
        try FileManager.default.createDirectory(at: text, withIntermediateDirectories: true)
        try Inputs.file(text.appendingPathComponent("notes.txt"), "no frames here")
        try expectFailure(s.query(text.path), "\(text.path): no PNG file among 1 files")
    }

    @Test func unreadablePNGsAreSkippedAndNoneReadableFails() throws {
        let s = try Setup()
        defer { s.remove() }
        let broken = s.folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Inputs.file(broken.appendingPathComponent("a.png"), "not a png")
        try expectFailure(s.query(broken.path), "\(broken.path): none of 1 PNG files is readable")
        // One broken frame among good ones is a warning; the others are ranked.
        try Inputs.file(s.frames.appendingPathComponent("frame9.png"), "not a png")
        let run = try CLI.run(s.query(s.frames.path) + ["--format", "json"])
        #expect(run.status == 0)
        #expect(try jsonObject(run.stdout)["frames"] as? Int == 3)
        #expect(run.stderr.hasPrefix("warning: \(s.frames.path)/frame9.png: "))
    }

    @Test func corruptModel() throws {
        let s = try Setup()
        defer { s.remove() }
        let corrupt = try Inputs.file(
            s.folder.appendingPathComponent("corrupt.safetensors"), "\u{10}\0\0\0\0\0\0\0{not json")
        try expectFailure(s.query(s.frames.path, model: corrupt.path), "\(corrupt.path): ")
        let missing = s.folder.appendingPathComponent("missing.safetensors").path
        try expectFailure(s.query(s.frames.path, model: missing), "\(missing): ")
    }

    @Test func indexOfAnotherModel() throws {
        let s = try Setup()
        defer { s.remove() }
        let index = try s.workspace.index()
        let other = try Inputs.model(in: s.folder, seed: 2, name: "other.safetensors")
        try expectFailure(
            s.query(index.path, model: other.path), "\(index.path): index was built with model \(s.model.path)",
            "not with \(other.path)")
        try expectFailure(
            [
                "index", index.path, "--out", s.folder.appendingPathComponent("again.ffindex").path,
                "--model", s.model.path,
            ], "\(index.path): is already an index")
        // A model file is not an index.
        try expectFailure(s.query(s.model.path), "\(s.model.path): not a FrameFinder index")
    }

    @Test func usageErrorsExit64() throws {
        let s = try Setup()
        defer { s.remove() }
        try expectFailure(s.query(s.frames.path) + ["--format", "xml"], status: 64, "'xml' is invalid for '--format")
        try expectFailure(s.query(s.frames.path) + ["--top", "-1"], status: 64, "--top")
        try expectFailure(s.query(s.frames.path) + ["--fps", "0"], status: 64, "--fps")
        try expectFailure(["eval", s.folder.appendingPathComponent("r.jsonl").path], status: 64, "--labels")
        try expectFailure(["inspect", s.model.path, "--format", "csv"], status: 64, "table or json")
        try expectFailure(["batch", s.clip, s.frames.path], status: 64, "--out")
    }

    @Test func unwritableOutputs() throws {
        let s = try Setup()
        defer { s.remove() }
        let nowhere = s.folder.appendingPathComponent("no/such/folder")
        let jsonl = nowhere.appendingPathComponent("r.jsonl").path
        try expectFailure(
            ["batch", s.clip, s.frames.path, "--out", jsonl, "--model", s.model.path],
            "\(jsonl): cannot open for writing")
        let index = nowhere.appendingPathComponent("f.ffindex").path
        try expectFailure(
            ["index", s.frames.path, "--out", index, "--model", s.model.path],
            "\(index): cannot write: folder")
        try expectFailure(
            ["index", s.frames.path, "--out", s.folder.path, "--model", s.model.path],
            "\(s.folder.path): is a directory")
        #expect(!FileManager.default.fileExists(atPath: nowhere.path))
    }

    @Test func missingOrCorruptClip() throws {
        let s = try Setup()
        defer { s.remove() }
        let missing = s.folder.appendingPathComponent("missing.wav").path
        try expectFailure(["query", missing, s.frames.path, "--model", s.model.path], "\(missing): no such file")
        let corrupt = try Inputs.file(s.folder.appendingPathComponent("corrupt.wav"), "RIFF garbage").path
        try expectFailure(
            ["query", corrupt, s.frames.path, "--model", s.model.path], "\(corrupt): not a readable audio file")
    }

    @Test(needsSharedData) func ffmpegAbsentSaysHowToInstallIt() throws {
        let s = try Setup()
        defer { s.remove() }
        let video = TestData.sharedFile("video/big_buck_bunny_10s.mp4").path
        try expectFailure(
            s.query(video), environment: ["PATH": s.folder.path],
            "\(video): reading a video needs ffmpeg, which is not on PATH", "apt-get install ffmpeg")
        try expectFailure(
            [
                "index", video, "--out", s.folder.appendingPathComponent("v.ffindex").path,
                "--model", s.model.path,
            ], environment: ["PATH": "/nonexistent"], "apt-get install ffmpeg")
    }

    @Test func inspectRefusesWhatIsNotSafetensors() throws {
        let s = try Setup()
        defer { s.remove() }
        let text = try Inputs.file(s.folder.appendingPathComponent("notes.txt"), "hello").path
        try expectFailure(["inspect", text], "\(text): not a model or index file")
    }
}

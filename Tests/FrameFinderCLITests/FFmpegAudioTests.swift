import Foundation
import TestSupport
import Testing

/// Audio that libsndfile cannot read (AAC in an .m4a) is read through ffmpeg when it is
/// installed, as a video's frames are; without ffmpeg, libsndfile's reason stands.
@Suite struct FFmpegAudioTests {
    @Test(.enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func anAACClipIsReadThroughFFmpeg() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let scratch = try privateTemporaryDirectory(in: workspace.folder)
        let clip = workspace.folder.appendingPathComponent("clip.m4a")
        let encode = Process()
        encode.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        encode.arguments = [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-i", Inputs.audioFixture("format_pcm_16.wav").path,
            "-c:a", "aac", clip.path,
        ]
        try encode.run()
        encode.waitUntilExit()
        #expect(encode.terminationStatus == 0)
        let run = try CLI.run(
            ["query", clip.path, workspace.frames.path, "--model", workspace.model.path, "--format", "json"],
            environment: scratch.environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try jsonObject(run.stdout)["query"] as? String == clip.path)
        #expect(try temporaryVideoFolders(in: scratch.url).isEmpty)

        var withoutFFmpeg = scratch.environment
        withoutFFmpeg["PATH"] = "/nonexistent"
        let refused = try CLI.run(
            ["query", clip.path, workspace.frames.path, "--model", workspace.model.path],
            environment: withoutFFmpeg)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(clip.path): not a readable audio file"))
    }
}

import Foundation
import TestSupport
import Testing

/// Pictures of an index built from a video (`VIDEO#t=S` frames have no image files): the
/// pictures that show frames are skipped with one line, the ranking is always printed.
@Suite struct VideoIndexPictureTests {
    @Test(needsSharedData, .enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func picturesOfAVideoIndexAreSkippedAndTheRankingKept() throws {
        let v = try VideoQuery()
        defer { v.remove() }
        let index = v.folder.appendingPathComponent("video.ffindex")
        let built = try CLI.run(
            ["index", v.video.path, "--out", index.path, "--model", v.model.path], environment: v.scratch.environment)
        #expect(built.status == 0, "\(built.stderr)")
        let clip = TestData.sharedFile("fsdd/0_jackson_0.wav")
        let sheet = v.folder.appendingPathComponent("sheet.png"), heatmap = v.folder.appendingPathComponent("heat.png")
        let run = try CLI.run([
            "query", clip.path, index.path, "--model", v.model.path, "--format", "json",
            "--sheet", sheet.path, "--heatmap", heatmap.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect((try jsonObject(run.stdout)["results"] as? [Any])?.count == 10)
        #expect(run.errorLines.count == 1)
        #expect(run.stderr.hasPrefix("warning: \(sheet.path): not drawn: \(v.video.path)#t="))
        #expect(FileManager.default.fileExists(atPath: heatmap.path))
        #expect(!FileManager.default.fileExists(atPath: sheet.path))

        let out = v.folder.appendingPathComponent("r.jsonl")
        let pictures = v.folder.appendingPathComponent("pictures")
        let batch = try CLI.run([
            "batch", clip.path, index.path, "--model", v.model.path, "--out", out.path,
            "--pictures", pictures.path,
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect((try jsonObject(try lines(of: out)[0])["results"] as? [Any])?.count == 10)
    }
}

import Foundation
import FrameFinderFrames
import TestSupport
import Testing

@Suite struct QueryTests {
    @Test(needsSharedData) func ranksARealGalleryAsJSON() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Inputs.model(in: folder)
        let gallery = try linkedMNIST(in: folder, count: 20)
        let clip = TestData.sharedFile("fsdd/3_theo_1.wav")
        let run = try CLI.run([
            "query", clip.path, gallery.path, "--model", model.path, "--top", "5", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.hasPrefix("{\"query\":"))
        let object = try jsonObject(run.stdout)
        #expect(Set(object.keys) == ["query", "model", "frames", "results", "confidence", "segments"])
        #expect(object["query"] as? String == clip.path)
        #expect(object["model"] as? String == model.path)
        #expect(object["frames"] as? Int == 20)
        let confidence = try #require(object["confidence"] as? Double)
        #expect(confidence >= 0 && confidence <= 1)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["rank"] as? Int } == [1, 2, 3, 4, 5])
        let scores = results.compactMap { $0["score"] as? Double }
        #expect(scores.count == 5 && scores == scores.sorted(by: >))
        for result in results {
            #expect(Set(result.keys) == ["rank", "frame", "index", "time", "score"])
            let frame = try #require(result["frame"] as? String)
            #expect(frame.hasPrefix(gallery.path + "/") && frame.hasSuffix(".png"))
            // One frame a second by default: time = index.
            #expect(Double(result["index"] as? Int ?? -1) == result["time"] as? Double)
        }
    }

    @Test func tableAndCSVCarryTheSameRanking() throws {
        let workspace = try Workspace(frames: 5)
        defer { workspace.remove() }
        let (model, frames) = (workspace.model, workspace.frames)
        let base = [
            "query", Inputs.audioFixture("stereo_44k.wav").path, frames.path, "--model", model.path,
            "--top", "0", "--fps", "4",
        ]
        let json = try jsonObject(try CLI.run(base + ["--format", "json"]).stdout)
        let csv = try CLI.run(base + ["--format", "csv"])
        let table = try CLI.run(base)
        #expect(csv.status == 0 && table.status == 0)
        let rows = csv.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(
            rows.first == [
                "query", "segment", "segment_start", "segment_end", "rank", "frame", "index", "time",
                "score", "confidence",
            ])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(rows.count == 1 + 5 && results.count == 5)
        for (row, result) in zip(rows.dropFirst(), results) {
            // The recording's rows leave the segment columns empty (one segment: no timeline).
            #expect(row[1] == "" && row[2] == "" && row[3] == "")
            #expect(row[5] == result["frame"] as? String)
            #expect(Double(row[7]) == result["time"] as? Double)
            #expect(Double(row[8]) == result["score"] as? Double)
            #expect(table.stdout.contains(row[5]))
        }
        #expect(table.stdout.contains("confidence: "))
    }

    @Test func pathsWithQuotesCommasAndBackslashesSurviveJSONAndCSV() throws {
        let workspace = try Workspace(frames: 1)
        defer { workspace.remove() }
        let frames = try Inputs.frames(in: workspace.folder, count: 2, name: "odd \"name\", with \\ and tab\t")
        let base = ["query", Inputs.audioFixture("stereo_44k.wav").path, frames.path, "--model", workspace.model.path]
        let json = try CLI.run(base + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let results = try #require(try jsonObject(json.stdout)["results"] as? [[String: Any]])
        #expect(
            Set(results.compactMap { $0["frame"] as? String })
                == Set(
                    ["frame0.png", "frame1.png"].map {
                        frames.appendingPathComponent($0).path
                    }))
        let csv = try CLI.run(base + ["--format", "csv"])
        #expect(csv.stdout.contains("\"\(frames.path.replacingOccurrences(of: "\"", with: "\"\""))/frame"))
    }

    @Test func minimumScoreKeepsOnlyFramesAtOrAboveIt() throws {
        let workspace = try Workspace(frames: 6)
        defer { workspace.remove() }
        let (model, frames) = (workspace.model, workspace.frames)
        let base = [
            "query", Inputs.audioFixture("long_16k.flac").path, frames.path, "--model", model.path,
            "--top", "0", "--format", "json",
        ]
        let all = try #require(try jsonObject(try CLI.run(base).stdout)["results"] as? [[String: Any]])
        let scores = all.compactMap { $0["score"] as? Double }
        let threshold = scores[2]
        let kept = try #require(
            try jsonObject(try CLI.run(base + ["--min-score", "\(threshold)"]).stdout)["results"]
                as? [[String: Any]])
        #expect(kept.count == scores.filter { $0 >= threshold }.count)
        #expect(kept.count >= 3)
    }

    @Test func queryThroughAnIndexEqualsDirectQuery() throws {
        let workspace = try Workspace(frames: 7)
        defer { workspace.remove() }
        let (model, frames) = (workspace.model, workspace.frames)
        let index = try workspace.index(fps: "2.5")
        for clip in clipFixtures {
            let tail = ["--model", model.path, "--top", "0", "--format", "json"]
            let direct = try CLI.run(["query", Inputs.audioFixture(clip).path, frames.path, "--fps", "2.5"] + tail)
            let indexed = try CLI.run(["query", Inputs.audioFixture(clip).path, index.path] + tail)
            #expect(direct.status == 0 && indexed.status == 0)
            #expect(direct.stdout == indexed.stdout, "\(clip)")
        }
    }

    @Test(needsSharedData, .enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func videoFramesAreExtractedWithFFmpegAndRemoved() throws {
        let v = try VideoQuery()
        defer { v.remove() }
        let (folder, model, video, scratch) = (v.folder, v.model, v.video, v.scratch)
        let run = try v.query(["--fps", "2", "--top", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try jsonObject(run.stdout)
        #expect(object["frames"] as? Int == 20)
        let results = try #require(object["results"] as? [[String: Any]])
        let times = Set(results.compactMap { $0["time"] as? Double })
        #expect(times == Set((0..<20).map { Double($0) / 2 }))
        #expect(results.allSatisfy { ($0["frame"] as? String)?.hasPrefix(video.path + "#t=") == true })
        let index = folder.appendingPathComponent("video.ffindex")
        #expect(
            try CLI.run(
                ["index", video.path, "--out", index.path, "--model", model.path, "--fps", "2"],
                environment: scratch.environment
            ).status == 0)
        let indexed = try CLI.run([
            "query", TestData.sharedFile("fsdd/0_jackson_0.wav").path, index.path,
            "--model", model.path, "--top", "0", "--format", "json",
        ])
        #expect(indexed.stdout == run.stdout)
        #expect(try temporaryVideoFolders(in: scratch.url).isEmpty)
    }

    @Test(needsSharedData, .enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func picturesOfAVideoAreDrawnFromItsExtractedFrames() throws {
        let v = try VideoQuery()
        defer { v.remove() }
        let sheet = v.folder.appendingPathComponent("sheet.png"),
            attended = v.folder.appendingPathComponent("attended.png")
        let run = try v.query(["--fps", "1", "--top", "3", "--sheet", sheet.path, "--attended", attended.path])
        #expect(run.status == 0, "\(run.stderr)")
        let frame = try RGBImage(contentsOfPNG: attended)
        #expect(frame.width > 0 && frame.height > 0)
        #expect(try RGBImage(contentsOfPNG: sheet).width > frame.width)
        // The frame paths reported stay the video's, and its extracted frames are gone.
        let results = try #require(try jsonObject(run.stdout)["results"] as? [[String: Any]])
        #expect(results.allSatisfy { ($0["frame"] as? String)?.hasPrefix(v.video.path + "#t=") == true })
        #expect(try temporaryVideoFolders(in: v.scratch.url).isEmpty)
    }

    @Test func withoutModelUsesTheDefaultOrSaysItIsMissing() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let frames = try Inputs.frames(in: folder, count: 3)
        // A spoken word (the audio fixtures are steady tones, which the default model's sound
        // detection rightly takes for background).
        let clip = TestData.packageRoot.appendingPathComponent("samples/clips/3_gbf.wav")
        let run = try CLI.run(["query", clip.path, frames.path, "--format", "json"])
        if run.status == 0 {
            #expect(try jsonObject(run.stdout)["model"] as? String == "default")
        } else {
            #expect(run.status == 1)
            #expect(run.errorLines.count == 1)
            #expect(run.stderr.hasPrefix("default model: missing from this build"))
            #expect(run.stdout.isEmpty)
        }
    }
}

/// True when `ffmpeg` is on this process's PATH.
let ffmpegInstalled = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
    FileManager.default.isExecutableFile(atPath: "\($0)/ffmpeg")
}

/// The temporary folders that video extraction makes (none must be left behind).
/// A query of the shared 10-second video by a small model, in a folder of its own with a
/// private temporary directory.
struct VideoQuery {
    let folder: URL, model: URL
    let video = TestData.sharedFile("video/big_buck_bunny_10s.mp4")
    let scratch: (url: URL, environment: [String: String])

    init() throws {
        folder = try TestData.temporaryDirectory()
        model = try Inputs.model(in: folder)
        scratch = try privateTemporaryDirectory(in: folder)
    }

    /// `framefinder query` of an FSDD clip against the video, as JSON, with `extra` options.
    func query(_ extra: [String]) throws -> CLI.Output {
        try CLI.run(
            [
                "query", TestData.sharedFile("fsdd/0_jackson_0.wav").path, video.path, "--model", model.path,
                "--format", "json",
            ] + extra, environment: scratch.environment)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// A private temporary directory for one test's runs (their `TMPDIR`), so that tests running
/// side by side do not see each other's extracted video frames.
func privateTemporaryDirectory(in folder: URL) throws -> (url: URL, environment: [String: String]) {
    let url = folder.appendingPathComponent("tmp", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return (url, ProcessInfo.processInfo.environment.merging(["TMPDIR": url.path]) { $1 })
}

/// The video frame folders left in `directory`.
func temporaryVideoFolders(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("framefinder-video-") }
}

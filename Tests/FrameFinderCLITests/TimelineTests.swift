import Foundation
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// `--segments` and `--moments` as a user runs them, with the default model on the samples.
@Suite struct TimelineTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")
    private var soundtrack: String { samples.appendingPathComponent("video/soundtrack.wav").path }
    private var video: String { samples.appendingPathComponent("video").path }

    private func query(_ clip: String, _ frames: String, _ extra: [String]) throws -> CLI.Output {
        let run = try CLI.run(["query", clip, frames] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    @Test func jsonCarriesTheRecordingThenEachSegment() throws {
        let object = try jsonObject(try query(soundtrack, video, ["--format", "json", "--top", "3"]).stdout)
        #expect(Set(object.keys) == ["query", "model", "frames", "results", "confidence", "segments"])
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.count == 10)
        var previousEnd = 0.0
        for (n, segment) in segments.enumerated() {
            #expect(Set(segment.keys) == ["start", "end", "confidence", "results"])
            let start = try #require(segment["start"] as? Double), end = try #require(segment["end"] as? Double)
            #expect(start >= previousEnd && end > start && end <= 30, "segment \(n)")
            previousEnd = end
            let confidence = try #require(segment["confidence"] as? Double)
            #expect(confidence >= 0 && confidence <= 1)
            let results = try #require(segment["results"] as? [[String: Any]])
            #expect(results.map { $0["rank"] as? Int } == [1, 2, 3])
            #expect(results.allSatisfy { Set($0.keys) == ["rank", "frame", "index", "time", "score"] })
        }
        // The top level is the recording queried whole, as `--segments whole` answers it.
        let whole = try jsonObject(
            try query(soundtrack, video, ["--format", "json", "--top", "3", "--segments", "whole"]).stdout)
        #expect(
            (whole["results"] as? [[String: Any]])?.map { $0["frame"] as? String }
                == (object["results"] as? [[String: Any]])?.map { $0["frame"] as? String })
        #expect(whole["confidence"] as? Double == object["confidence"] as? Double)
        let one = try #require(whole["segments"] as? [[String: Any]])
        #expect(one.count == 1)
    }

    @Test func tableAndCSVShowTheTimeline() throws {
        let json = try jsonObject(try query(soundtrack, video, ["--format", "json", "--top", "2"]).stdout)
        let segments = try #require(json["segments"] as? [[String: Any]])
        let table = try query(soundtrack, video, ["--top", "2"]).stdout
        #expect(table.contains("timeline: 10 segments"))
        let csv = try query(soundtrack, video, ["--format", "csv", "--top", "2"]).stdout
        let rows = csv.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows[0] == Timeline.csvHeader.split(separator: ",").map(String.init))
        #expect(rows.count == 1 + 2 + 10 * 2)
        for (n, segment) in segments.enumerated() {
            let own = rows.filter { $0[1] == String(n + 1) }
            #expect(own.count == 2)
            #expect(
                own.allSatisfy {
                    Double($0[2]) == segment["start"] as? Double && Double($0[3]) == segment["end"] as? Double
                })
            let results = try #require(segment["results"] as? [[String: Any]])
            #expect(own.map { $0[5] } == results.map { $0["frame"] as? String ?? "" })
            // The table prints the segment's span on its first line, then its frames.
            let start = try #require(segment["start"] as? Double), end = try #require(segment["end"] as? Double)
            let span = Self.clock(start) + "-" + Self.clock(end)
            #expect(
                table.split(separator: "\n").contains {
                    $0.hasPrefix(span) && $0.contains(results[0]["frame"] as? String ?? "?")
                })
        }
    }

    /// `m:ss.s`, as docs/cli.md documents the tables' times.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return String(format: "%d:%02d.%d", tenths / 600, tenths % 600 / 10, tenths % 10)
    }

    @Test func batchWritesTheQuerysObjectPerLineAndEvalScoresItsRecordings() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clips = folder.appendingPathComponent("clips")
        try FileManager.default.createDirectory(at: clips, withIntermediateDirectories: true)
        let names = ["3_gbf.wav", "7_scm.wav", "0_us.wav"]
        for name in names {
            try FileManager.default.createSymbolicLink(
                at: clips.appendingPathComponent(name),
                withDestinationURL: samples.appendingPathComponent("clips/\(name)"))
        }
        try FileManager.default.createSymbolicLink(
            at: clips.appendingPathComponent("soundtrack.wav"),
            withDestinationURL: URL(fileURLWithPath: soundtrack))
        var evaluations: [String] = []
        for segments in ["sound", "whole"] {
            let out = folder.appendingPathComponent("\(segments).jsonl")
            let run = try CLI.run([
                "batch", clips.path, video, "--out", out.path, "--top", "0", "--segments", segments, "--jobs", "2",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            // Scored one clip per block, each line (segments and all) is the same bit for bit.
            let alone = folder.appendingPathComponent("\(segments)-1.jsonl")
            let oneByOne = try CLI.run([
                "batch", clips.path, video, "--out", alone.path, "--top", "0", "--segments", segments,
                "--block", "1", "--jobs", "1",
            ])
            #expect(oneByOne.status == 0, "\(oneByOne.stderr)")
            #expect(try lines(of: alone) == (try lines(of: out)))
            for line in try lines(of: out) {
                let clip = try #require(try jsonObject(line)["query"] as? String)
                #expect(
                    line
                        == (try query(clip, video, ["--format", "json", "--top", "0", "--segments", segments]).stdout)
                        .trimmingCharacters(in: .newlines))
                let segmentCount = (try jsonObject(line)["segments"] as? [Any])?.count
                #expect(segmentCount == (clip.hasSuffix("soundtrack.wav") && segments == "sound" ? 10 : 1))
            }
            // Labels per clip, as today: the soundtrack has none and is skipped.
            let labels = try Inputs.file(
                folder.appendingPathComponent("labels.csv"),
                names.map { "clips/\($0),\($0.prefix(1))" }.joined(separator: "\n"))
            let eval = try CLI.run([
                "eval", out.path, "--labels", labels.path, "--labels",
                samples.appendingPathComponent("labels/frames.csv").path, "--format", "json",
            ])
            #expect(eval.status == 0, "\(eval.stderr)")
            let report = try jsonObject(eval.stdout)
            #expect(report["queries"] as? Int == 3)
            evaluations.append(eval.stdout)
        }
        // The recordings' rankings are the same whatever the segments, and so are the metrics.
        #expect(evaluations[0] == evaluations[1])
    }

    @Test func momentsGroupAdjacentFramesForDirectoriesAndIndexes() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = samples.appendingPathComponent("clips/3_gbf.wav").path
        let direct = try query(clip, video, ["--format", "json", "--moments", "--fps", "4", "--top", "0"])
        let object = try jsonObject(direct.stdout)
        let moments = try #require(object["results"] as? [[String: Any]])
        #expect(!moments.isEmpty)
        var covered: [ClosedRange<Double>] = []
        for moment in moments {
            #expect(
                Set(moment.keys) == ["rank", "start", "end", "frames", "frame", "index", "time", "score", "peak_score"])
            let start = try #require(moment["start"] as? Double), end = try #require(moment["end"] as? Double)
            let frames = try #require(moment["frames"] as? Int), time = try #require(moment["time"] as? Double)
            // At 4 fps a moment of n frames lasts n/4 s and holds its peak.
            #expect(end - start == Double(frames) / 4 && time >= start && time < end)
            #expect(!covered.contains { $0.overlaps(start...end - 0.125) })
            covered.append(start...end - 0.125)
            #expect((moment["score"] as? Double ?? 0) >= (moment["peak_score"] as? Double ?? 1))
        }
        // The same moments through an index built at 4 fps.
        let index = folder.appendingPathComponent("video.ffindex")
        #expect(try CLI.run(["index", video, "--out", index.path, "--fps", "4"]).status == 0)
        let indexed = try query(clip, index.path, ["--format", "json", "--moments", "--top", "0"])
        #expect(indexed.stdout == direct.stdout)
        let table = try query(clip, video, ["--moments", "--fps", "4"]).stdout
        #expect(table.contains("moment") && table.contains("peak frame"))
    }

    @Test(needsSharedData, .enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"))
    func momentsOfAVideoSpanItsFrames() throws {
        let v = try VideoQuery()
        defer { v.remove() }
        let run = try v.query(["--fps", "25", "--moments", "--top", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        let moments = try #require(try jsonObject(run.stdout)["results"] as? [[String: Any]])
        let frames = moments.compactMap { $0["frames"] as? Int }
        #expect(frames.count == moments.count && frames.reduce(0, +) <= 250)
        #expect(moments.allSatisfy { ($0["frame"] as? String)?.hasPrefix(v.video.path + "#t=") == true })
    }

    @Test func resumingWithOtherSegmentsIsRefused() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.jsonl")
        let clip = samples.appendingPathComponent("clips/3_gbf.wav").path
        #expect(try CLI.run(["batch", clip, video, "--out", out.path, "--segments", "whole"]).status == 0)
        let resumed = try CLI.run(["batch", clip, video, "--out", out.path, "--resume"])
        #expect(resumed.status != 0)
        #expect(
            resumed.stderr.contains("--resume with segments sound:2.0, but the earlier run used whole"),
            "\(resumed.stderr)")
    }

    @Test func aBadSegmentsValueIsAUsageError() throws {
        let run = try CLI.run(["query", soundtrack, video, "--segments", "window:0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--segments window:0"))
    }
}

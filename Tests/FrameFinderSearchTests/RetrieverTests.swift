import Foundation
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// The library API a program uses: `Retriever`, `FrameSource`, `BatchRun` and the results
/// file, with the default model on the samples.
@Suite struct RetrieverTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")
    private var video: String { samples.appendingPathComponent("video").path }
    private func clip(_ name: String) -> URL { samples.appendingPathComponent("clips/\(name)") }

    /// The timeline of the sample clip `name` against `source` with the default model.
    private func timeline(of name: String, in source: FrameSource, options: SearchOptions) async throws -> Timeline {
        let retriever = try Retriever()
        return try await retriever.withFrames(source) {
            try retriever.timeline(of: clip(name), in: $0, options: options)
        }
    }

    /// A batch run of `clips` into `out` with the default model.
    private func batch(_ clips: [URL], _ out: String, top: Int, resume: Bool) throws -> BatchRun {
        try BatchRun(
            clips: clips, out: out, retriever: Retriever(), options: SearchOptions(top: top), fps: nil,
            resume: resume)
    }

    @Test func frameSourcesOfEachKind() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let retriever = try Retriever()
        let directory = try FrameSource(path: video, fps: 2)
        #expect(directory.kind == .directory && directory.rate == 2 && !directory.ignoresFrameRate)
        let indexURL = folder.appendingPathComponent("video.ffindex")
        var events: [String] = []
        let written = try await retriever.writeIndex(of: directory, to: indexURL) { event in
            if case .encoding(let frames) = event { events.append("encoding \(frames)") }
            if case .encoded(let skipped) = event { events.append("skipped \(skipped.count)") }
        }
        #expect(events == ["encoding \(written.count)", "skipped 0"])
        let index = try FrameSource(path: indexURL.path, fps: 5)
        #expect(index.kind == .index && index.ignoresFrameRate)
        let fromFrames = try await timeline(of: "7_us.wav", in: directory, options: SearchOptions(top: 5))
        let fromIndex = try await timeline(of: "7_us.wav", in: index, options: SearchOptions(top: 5))
        #expect(fromIndex.recording.results == fromFrames.recording.results)
        let best = try #require(fromFrames.recording.results.first)
        #expect(best.frame.time == Double(best.frame.index) / 2)
        await #expect(throws: FileError.self) {
            try await retriever.writeIndex(of: index, to: folder.appendingPathComponent("x"))
        }
        #expect(try FrameSource(path: samples.appendingPathComponent("video/soundtrack.wav").path).kind == .video)
        #expect(throws: FileError(path: "/no/such/frames", reason: "no such file or directory")) {
            try FrameSource(path: "/no/such/frames")
        }
    }

    @Test func aBatchRunResumesWithProgressAndKeepsGoingPastAFailedClip() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.jsonl").path
        let source = try FrameSource(path: video)
        let first = [clip("0_gbf.wav"), clip("missing.wav"), clip("2_us.wav")]
        do {  // the run holds the file's lock while it lives
            var run = try batch(first, out, top: 3, resume: false)
            run.block = 2
            var seen: [Int] = []
            let failed = try await run.run(on: source) { seen.append($0.position) }
            #expect(failed == 1 && seen == [0, 1, 2])
            #expect(run.summary(failed: failed) == "answered 2 of 3 clips, 1 failed (error lines)")
        }
        #expect(try BatchSettings.recorded(for: out)?["top"] == "3")
        // A new run on the same file is refused; another setting is refused on resume.
        #expect(throws: BatchError(path: out, kind: .exists)) {
            try batch(first, out, top: 3, resume: false)
        }
        #expect(throws: BatchError(path: out, kind: .settingDiffers(key: "top", value: "4", earlier: "3"))) {
            try batch(first, out, top: 4, resume: true)
        }
        // A torn last line is dropped; only the clip without a line is answered.
        let handle = try #require(FileHandle(forWritingAtPath: out))
        handle.seekToEndOfFile()
        handle.write(Data("{\"query\":\"/torn".utf8))
        try handle.close()
        let all = first + [clip("5_scm.wav")]
        do {
            let resumed = try batch(all, out, top: 3, resume: true)
            #expect(resumed.file.droppedBytes == 15 && resumed.pending == [clip("5_scm.wav")] && resumed.kept == 3)
            #expect(try await resumed.run(on: source) { _ in } == 0)
        }
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let alone = try await timeline(of: "5_scm.wav", in: source, options: SearchOptions(top: 3))
        #expect(String(lines[3]) == alone.json.text)
    }

    @Test func theResultsFileReadsBackWhatItWrote() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.jsonl").path
        let retriever = try Retriever()
        let clips = [clip("1_gbf.wav"), clip("8_us.wav")]
        let timelines = try await retriever.withFrames(try FrameSource(path: video)) { index in
            try retriever.timelines(of: clips, in: index, options: SearchOptions(top: 4)).map { try $0.get() }
        }
        do {
            let file = try BatchResultsFile(path: out, resume: false)
            for timeline in timelines { try file.append(timeline) }
            try file.append(clip: clip("missing.wav"), error: FileError(path: "missing.wav", reason: "no such file"))
        }
        let read = try BatchResults(contentsOf: out)
        #expect(read.rankings.map(\.query) == clips.map(\.path))
        #expect(read.rankings.map(\.frames) == timelines.map { $0.recording.results.map(\.frame.path) })
        #expect(read.rankings.map(\.scoredFrames) == timelines.map(\.recording.frameCount))
        #expect(read.errorQueries == [clip("missing.wav").path] && !read.skippedTornLine)
        // Resuming the file keeps each line's clip.
        let resumed = try BatchResultsFile(path: out, resume: true)
        #expect(resumed.queries == Set((clips + [clip("missing.wav")]).map(\.path)) && !resumed.created)
    }
}

import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder batch QUERIES FRAMES --out R.jsonl`: rank the frames for many clips (`BatchRun`).
struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the frames for every clip of a directory or manifest, one JSON line per clip.",
        discussion: """
            QUERIES is a directory (searched recursively for audio files by extension), a manifest \
            (one path a line, or a CSV with a 'file' column; relative paths are relative to the \
            manifest), or one audio file. Each output line is the clip's result object, as \
            `framefinder query --format json` prints it, or {"query": ..., "error": ...} for a clip \
            that failed; the others go on. --resume keeps the whole lines of an earlier run (a torn \
            last line is dropped) and answers only the clips it lacks.
            """
    )

    @Argument(help: "A directory of audio clips, a manifest, or an audio file.")
    var queries: String
    @Argument(help: "A directory of PNG frames, an index file, or a video file.")
    var frames: String
    @Option(help: ArgumentHelp("The JSON Lines file to write.", valueName: "file"))
    var out: String

    @OptionGroup var model: ModelOptions
    @OptionGroup var ranking: RankingOptions
    @OptionGroup var frameRate: FrameRateOptions

    @Option(
        parsing: .unconditional,
        help: "Front-end jobs: clips decoded and encoded at the same time (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Clips scored together in one pass over the frames "
                + "(default 256; with --top 0 at most 64M scores are held)."))
    var block = 256

    @OptionGroup var threading: ThreadingOptions

    @Flag(help: "Finish an interrupted run: keep the clips already in --out and answer the rest.")
    var resume = false

    @Option(
        help: ArgumentHelp(
            "Write each clip's heatmap and contact sheet into this folder (NNNN-NAME.heatmap.png, "
                + "NNNN-NAME.sheet.png; NNNN counts the clips answered in this run).", valueName: "dir"))
    var pictures: String?

    @OptionGroup var overwrite: OverwriteOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        guard !(resume && overwrite.force) else { throw ValidationError("--resume and --force exclude each other") }
        guard block >= 1 else { throw ValidationError("--block must be at least 1, not \(block)") }
    }

    func run() async throws {
        try await reportingFailures {
            let clips = try ClipList(contentsOf: URL(fileURLWithPath: queries))
            for warning in clips.warnings { Terminal.warn(warning) }
            if let pictures { try TimelinePictures.createFolder(pictures) }
            let retriever = try model.retriever()
            let source = try frameRate.source(frames)
            var run = try BatchRun(
                clips: clips.urls, out: out, retriever: retriever, options: ranking.options,
                fps: frameRate.fps, resume: resume, replace: overwrite.force)
            let torn = run.file.droppedBytes
            if torn > 0 { Terminal.warn("\(out): dropped a torn last line (\(torn) bytes) of the interrupted run") }
            guard !run.pending.isEmpty else {
                return Terminal.message("\(out): all \(clips.urls.count) clips are already answered")
            }
            let drawn = run.pending.enumerated().map { TimelinePictures(numbered: $0, clip: $1, in: pictures) }
            try run.checking { try overwrite.check(drawn.flatMap(\.paths)) }
            let policy = threading.policy(jobs: jobs).apply()
            (run.jobs, run.block, run.streaming) = (policy.jobs, block, policy.streaming)
            var progress = ProgressBar(total: run.pending.count, label: "batch")
            let failed = try await run.run(on: source, events: Terminal.show) { answer in
                if case .failure(let error) = answer.result { progress.interrupt(with: "\(error)") }
                // A picture that fails is a warning: the clip's line is kept.
                do {
                    for skipped in try run.draw(drawn[answer.position], of: answer) { Terminal.warn("\(skipped)") }
                } catch {
                    Terminal.warn("\(error) (picture not drawn; the ranking is kept)")
                }
                progress.update(done: answer.position + 1)
            }
            progress.finish()
            Terminal.message("\(out): " + run.summary(failed: failed))
            // A run that answered no clip at all failed, even though its error lines were written.
            if failed == run.pending.count { throw ExitCode.failure }
        }
    }
}

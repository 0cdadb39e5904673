import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder batch QUERIES FRAMES --out R.jsonl`: rank the frames for many clips.
///
/// The frames are decoded and encoded once; the clips are answered in blocks of `--block`:
/// their front-ends run on `--jobs` threads, then the block's query rows are scored as one
/// batch (`FrameIndex.rankings`). Lines are written in input order, each whole with one
/// `write(2)`, so a run killed at any moment leaves whole lines that `--resume` continues;
/// a clip's line does not depend on its block, so a resumed run writes what one run would.
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

    @OptionGroup var selection: RankingOptions

    @Option(parsing: .unconditional, help: "Front-end jobs: clips decoded and encoded at the same time (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: "Clips scored together in one pass over the frames (default 256; with --top 0 at most 64M scores are held).")
    var block = 256

    @OptionGroup var threading: ThreadingOptions

    @Flag(help: "Finish an interrupted run: keep the clips already in --out and answer the rest.")
    var resume = false

    @Option(help: ArgumentHelp(
        "Write each clip's heatmap and contact sheet into this folder (NNNN-NAME.heatmap.png, NNNN-NAME.sheet.png; NNNN counts the clips answered in this run).",
        valueName: "dir"))
    var pictures: String?

    @OptionGroup var overwrite: OverwriteOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        guard !(resume && overwrite.force) else { throw ValidationError("--resume and --force exclude each other") }
        guard block >= 1 else { throw ValidationError("--block must be at least 1, not \(block)") }
    }

    /// Where clip number `position` (from 0, in input order) draws its pictures, or nil.
    private func picturePaths(position: Int, clip: URL) -> (heatmap: String, sheet: String)? {
        guard let pictures else { return nil }
        let stem = String(format: "%04d-", position + 1) + clip.deletingPathExtension().lastPathComponent
        let folder = URL(fileURLWithPath: pictures)
        return (folder.appendingPathComponent("\(stem).heatmap.png").path,
                folder.appendingPathComponent("\(stem).sheet.png").path)
    }

    func run() async throws {
        try await reportingFailures {
            let clips = try ClipList(contentsOf: URL(fileURLWithPath: queries))
            for warning in clips.warnings { Terminal.warn(warning) }
            if let pictures {
                do { try FileManager.default.createDirectory(atPath: pictures, withIntermediateDirectories: true) } catch {
                    throw FileError(path: pictures, reason: "cannot create the pictures folder")
                }
            }
            let loaded = try LoadedModel(model)
            let settings = BatchSettings(model: loaded, selection: selection)
            let output = try JSONLinesFile(path: out, resume: resume, replace: overwrite.force)
            let pending: [URL], failed: Int
            do {
                if resume, !output.created, let earlier = try BatchSettings.recorded(for: out) {
                    try settings.checkResumable(earlier, out: out)
                } else {
                    try settings.record(for: out)
                }
                pending = clips.urls.filter { !output.queries.contains($0.path) }
                guard !pending.isEmpty else {
                    Terminal.message("\(out): all \(clips.urls.count) clips are already answered")
                    return
                }
                try overwrite.check(pending.indices.flatMap { position -> [String?] in
                    let paths = picturePaths(position: position, clip: pending[position])
                    return [paths?.heatmap, paths?.sheet]
                })
                failed = try await Gallery.withFrames(frames, fps: selection.fps, with: loaded) { index, frameFiles in
                    try await answer(pending, against: index, frameFiles: frameFiles, with: loaded, into: output)
                }
            } catch {
                if output.removeIfUnused() { unlink(BatchSettings.path(of: out)) }
                throw error
            }
            let kept = clips.urls.count - pending.count
            Terminal.message("\(out): answered \(pending.count - failed) of \(pending.count) clips"
                + (failed > 0 ? ", \(failed) failed (error lines)" : "")
                + (kept > 0 ? "; \(kept) kept from the earlier run" : ""))
            // A run that answered no clip at all failed, even though its error lines were written.
            if failed == pending.count { throw ExitCode.failure }
        }
    }

    /// The most scores a block holds with `--top 0` (every score of every clip): 256 MB.
    static let heldScoreLimit = 64_000_000

    /// Answers `clips` block by block, writing each line in input order; returns how many failed.
    private func answer(_ clips: [URL], against index: FrameIndex, frameFiles: @escaping Gallery.FrameFiles,
                        with loaded: LoadedModel, into output: JSONLinesFile) async throws -> Int {
        let policy = threading.policy(jobs: jobs).apply()
        // Moments are found among every score, so a clip then keeps them all, as `--top 0` does.
        let clipsPerBlock = selection.top == 0 || selection.moments
            ? max(1, min(block, Self.heldScoreLimit / max(index.count, 1))) : block
        var progress = ProgressBar(total: clips.count, label: "batch")
        var failed = 0
        for start in stride(from: 0, to: clips.count, by: clipsPerBlock) {
            let positions = start ..< min(start + clipsPerBlock, clips.count)
            let results = selection.timelines(of: Array(clips[positions]), in: index, with: loaded,
                                              jobs: policy.jobs, streaming: policy.streaming)
            for (position, result) in zip(positions, results) {
                let clip = clips[position]
                switch result {
                case .success(let timeline):
                    try output.append(timeline.json.text)
                    // A picture that fails is a warning: the clip's timeline is still its line.
                    if let paths = picturePaths(position: position, clip: clip) {
                        do {
                            // Pictures need every score of every segment, which the batched timeline does not keep.
                            let detailed = try selection.timeline(of: clip, in: index, with: loaded)
                            try PictureOptions.write(detailed.readingFrames(from: frameFiles), heatmap: paths.heatmap,
                                                     sheet: paths.sheet, attended: nil)
                        } catch {
                            Terminal.warn("\(error) (picture not drawn; the ranking is kept)")
                        }
                    }
                case .failure(let error):
                    failed += 1
                    progress.interrupt(with: "\(error)")
                    try output.append(JSON.object([("query", .string(clip.path)), ("error", .string("\(error)"))]).text)
                }
                progress.update(done: position + 1)
            }
        }
        progress.finish()
        return failed
    }
}

import Foundation
import FrameFinderAttention
import FrameFinderMath

/// Many clips ranked against one frame source, their lines written in order to a results
/// file (`BatchResultsFile`) that a later run can resume.
///
/// The frames are decoded and encoded once; the clips are answered in blocks of `block`:
/// their front-ends run on `jobs` threads, then the block's query rows are scored as one
/// batch (`Retriever.timelines`). A clip's line does not depend on its block, so a resumed
/// run writes what one run would. A clip that fails is written as an error line and the
/// others go on.
public struct BatchRun {
    /// One clip answered, handed to the progress callback in input order.
    public struct Answer {
        /// The clip's position among `pending`, from 0.
        public let position: Int
        public let clip: URL
        /// Its timeline (as written), or why it failed (written as an error line).
        public let result: Result<Timeline, any Error>
        /// The frames it was ranked against (their images readable while the run lasts).
        public let frames: FrameIndex
    }

    /// The model and how clips are ranked.
    public let retriever: Retriever
    public let options: SearchOptions
    /// Every clip of the batch, and those not answered by an earlier run, in order.
    public let clips: [URL], pending: [URL]
    /// The results file, open and locked.
    public let file: BatchResultsFile
    /// Front-end jobs, clips scored together, and the streamed scoring's blocks and threads.
    public var jobs = 1, block = 256
    public var streaming = Attention.Streaming()

    /// The most scores a block holds when every score is kept (`top` 0, or moments): 256 MB.
    public static let heldScoreLimit = 64_000_000

    /// Opens the results file `out` for `clips` (see `BatchResultsFile.init`) and records the
    /// run's settings beside it (`BatchSettings`), or, when resuming, checks them against the
    /// earlier run's and keeps its answered clips.
    ///
    /// - Throws: `BatchError` when the file exists without `resume` or `replace`, or resuming
    ///   changes a setting; `FileError` when a file cannot be read or written. A file this
    ///   run created is removed again.
    public init(
        clips: [URL], out: String, retriever: Retriever, options: SearchOptions, fps: Double?,
        resume: Bool, replace: Bool = false
    ) throws {
        (self.clips, self.retriever, self.options) = (clips, retriever, options)
        let file = try BatchResultsFile(path: out, resume: resume, replace: replace)
        (self.file, pending) = (file, clips.filter { !file.queries.contains($0.path) })
        let settings = BatchSettings(retriever: retriever, options: options, fps: fps)
        do {
            if resume, !file.created, let earlier = try BatchSettings.recorded(for: out) {
                try settings.checkResumable(earlier, out: out)
            } else {
                try settings.record(for: out)
            }
        } catch {
            abandon()
            throw error
        }
    }

    /// How many clips the earlier run answered.
    public var kept: Int { clips.count - pending.count }

    /// What a run that ended with `failed` error lines did: `answered 9 of 10 clips, 1 failed
    /// (error lines); 5 kept from the earlier run`.
    public func summary(failed: Int) -> String {
        "answered \(pending.count - failed) of \(pending.count) clips"
            + (failed > 0 ? ", \(failed) failed (error lines)" : "")
            + (kept > 0 ? "; \(kept) kept from the earlier run" : "")
    }

    /// Removes the results file and its settings record when this run created it and wrote
    /// no line (a run that failed before its first clip leaves nothing behind).
    public func abandon() {
        if file.removeIfUnused() { unlink(BatchSettings.path(of: file.path)) }
    }

    /// Runs a caller's `check` before any clip is answered (output paths it will write);
    /// when it throws, the run is abandoned.
    public func checking(_ check: () throws -> Void) rethrows {
        do { try check() } catch {
            abandon()
            throw error
        }
    }

    /// Answers the pending clips against the frames of `source`, block by block, writing each
    /// line in input order and calling `progress` after each; returns how many failed.
    ///
    /// - Throws: what opening the frames throws (then the run is abandoned), or `FileError`
    ///   when a line cannot be written.
    public func run(
        on source: FrameSource, events: (FrameSourceEvent) -> Void = { _ in }, progress: (Answer) -> Void
    ) async throws -> Int {
        do {
            return try await retriever.withFrames(source, events: events) { frames in
                try answer(against: frames, progress: progress)
            }
        } catch {
            abandon()
            throw error
        }
    }

    private func answer(against frames: FrameIndex, progress: (Answer) -> Void) throws -> Int {
        // Moments are found among every score, so a clip then keeps them all, as `top` 0 does.
        let clipsPerBlock =
            options.top == 0 || options.moments
            ? max(1, min(block, Self.heldScoreLimit / max(frames.count, 1))) : block
        var failed = 0
        for start in stride(from: 0, to: pending.count, by: clipsPerBlock) {
            let positions = start..<min(start + clipsPerBlock, pending.count)
            let results = retriever.timelines(
                of: Array(pending[positions]), in: frames, options: options, jobs: jobs,
                streaming: streaming)
            for (position, result) in zip(positions, results) {
                switch result {
                case .success(let timeline): try file.append(timeline)
                case .failure(let error):
                    failed += 1
                    try file.append(clip: pending[position], error: error)
                }
                progress(Answer(position: position, clip: pending[position], result: result, frames: frames))
            }
        }
        return failed
    }
}

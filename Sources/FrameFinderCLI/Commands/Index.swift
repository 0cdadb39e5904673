import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder index FRAMES --out F.ffindex`: encode a video's frames once for many queries.
struct Index: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode the frames of a directory or video into an index that queries read instead of the frames.",
        discussion: """
            The index holds the cross-attention's keys and values of every frame, the frames' \
            paths, indices and times, and the identity of the model (a 64-bit FNV-1a of its file): \
            querying it with another model fails. It is a safetensors file, written atomically; \
            an existing --out is refused unless --force is given. Frames are decoded, described \
            and encoded --block at a time and their keys and values written as they come, so \
            memory holds the frame list and one block, whatever the number of frames.
            """
    )

    @Argument(help: "A directory of PNG frames, or a video file.")
    var frames: String
    @Option(help: ArgumentHelp("The index file to write (e.g. frames.ffindex).", valueName: "file"))
    var out: String

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Front-end jobs: frames decoded at the same time, two in "
                + "flight per job (default: the number of cores)."))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        parsing: .unconditional,
        help: "Frames held and encoded at a time, rounded up to a multiple of 2,048 (default 2,048).")
    var block = FrameIndex.defaultBlockSize

    @OptionGroup var frameRate: FrameRateOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var overwrite: OverwriteOptions
    @OptionGroup var threading: ThreadingOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        guard block >= 1 else { throw ValidationError("--block must be at least 1, not \(block)") }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([out])
            let source = try FrameSource(path: frames, fps: frameRate.fps)
            threading.policy(jobs: jobs).apply()
            let retriever = try model.retriever()
            let (count, _) = try await retriever.writeIndex(
                of: source, to: URL(fileURLWithPath: out), blockSize: block,
                framesInFlight: 2 * jobs, events: Terminal.show)
            let settings = retriever.model.settings
            print(
                "\(out): \(count) frames at \(source.rate) fps, keys \(count)x\(settings.dimension), "
                    + "values \(count)x\(settings.valueDimension), model \(retriever.name) (\(retriever.identity))")
        }
    }
}

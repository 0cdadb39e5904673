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

    @OptionGroup var model: ModelOptions

    @OptionGroup var overwrite: OverwriteOptions

    @Option(parsing: .unconditional, help: "Frames per second of the frame directory, or of the frames extracted from a video (default 1).")
    var fps: Double?

    @Option(parsing: .unconditional, help: "Front-end jobs: frames decoded at the same time, two in flight per job (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: "Frames held and encoded at a time, rounded up to a multiple of 2,048 (default 2,048).")
    var block = FrameIndex.defaultBlockSize

    @OptionGroup var threading: ThreadingOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        guard block >= 1 else { throw ValidationError("--block must be at least 1, not \(block)") }
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([out])
            if Gallery.isIndexFile(URL(fileURLWithPath: frames)) {
                throw FileError(path: frames, reason: "is already an index; give the frame directory or the video")
            }
            threading.policy(jobs: jobs).apply()
            let loaded = try LoadedModel(model)
            let url = URL(fileURLWithPath: out)
            let (count, failures) = try await Gallery.withSequence(frames, fps: fps) { sequence, source, name, _ in
                if Terminal.standardErrorIsTerminal { Terminal.writeError("encoding \(sequence.entries.count) frames…") }
                defer { if Terminal.standardErrorIsTerminal { Terminal.writeError("\r\u{1B}[K") } }
                return try await FrameIndex.write(sequence, with: loaded.model, modelName: loaded.name, source: source,
                                                  name: name, to: url, blockSize: block, framesInFlight: 2 * jobs)
            }
            Gallery.warn(failures)
            let settings = loaded.model.settings
            print("\(out): \(count) frames at \(fps ?? Gallery.defaultFPS) fps, keys \(count)x\(settings.dimension), "
                + "values \(count)x\(settings.valueDimension), model \(loaded.name) (\(loaded.model.identity))")
        }
    }
}

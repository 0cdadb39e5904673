import ArgumentParser
import Foundation
import FrameFinderRetrieval

/// `framefinder index FRAMES --out F.ffindex`: encode a video's frames once for many queries.
struct Index: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode the frames of a directory or video into an index that queries read instead of the frames.",
        discussion: """
            The index holds the cross-attention's keys and values of every frame, the frames' \
            paths, indices and times, and the identity of the model (a 64-bit FNV-1a of its file): \
            querying it with another model fails. It is a safetensors file, written atomically; \
            an existing --out is refused unless --force is given.
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

    func validate() throws {
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([out])
            if Gallery.isIndexFile(URL(fileURLWithPath: frames)) {
                throw DataError(path: frames, reason: "is already an index; give the frame directory or the video")
            }
            let loaded = try LoadedModel(model)
            let index = try await Gallery.load(frames, fps: fps, with: loaded)
            try index.save(to: URL(fileURLWithPath: out))
            print("\(out): \(index.count) frames at \(index.fps) fps, keys \(index.count)x\(index.encoded.keys.columns), "
                + "values \(index.count)x\(index.encoded.values.columns), model \(index.modelName) (\(index.modelIdentity))")
        }
    }
}

import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder features`: show (and optionally save) what the front-ends make of an input.
///
/// An audio file goes through decode → resample → log-mel; a PNG frame or a directory of
/// frames goes through decode → resize → descriptors. The kind is chosen from the input:
/// a directory or a `.png` file is frames, anything else is audio.
struct Features: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the features of an audio clip, a PNG frame or a directory of frames."
    )

    @Argument(help: "An audio file, a PNG frame, or a directory of PNG frames.")
    var input: String

    @Option(name: .customLong("npy"), help: "Write the features as a NumPy .npy file.")
    var npyPath: String?

    @Flag(help: "For frames: write the token matrix (not the resized image) with --npy.")
    var tokens = false

    @OptionGroup var overwrite: OverwriteOptions

    func run() async throws {
        try await reportingFailures { try overwrite.check([npyPath]) }
        if FileSystemName.status(input) != nil && (FileSystemName.isDirectory(input) || input.lowercased().hasSuffix(".png")) {
            try await runFrames()
        } else {
            try runAudio()
        }
    }
}

import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder features`: show (and optionally save) what the front-ends make of an input
/// (`FeatureSummary`): a directory or a `.png` file is frames, anything else is audio.
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

    func validate() throws {
        if npyPath != nil && !tokens && FileSystemName.isDirectory(input) {
            throw ValidationError("--npy for a directory writes tokens: add --tokens")
        }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([npyPath])
            var progress = ProgressBar(total: 0, label: "describing frames")
            let shown =
                if FileSystemName.isDirectory(input) {
                    try await FeatureSummary.frames(in: input) { done, total, skipped in
                        progress.total = total
                        if let skipped { progress.interrupt(with: "warning: \(skipped)") }
                        progress.update(done: done)
                    }
                } else if FileSystemName.status(input) != nil && input.lowercased().hasSuffix(".png") {
                    try FeatureSummary.frame(contentsOf: input, tokens: tokens)
                } else {
                    try FeatureSummary.audio(contentsOf: input)
                }
            progress.finish()
            for warning in shown.warnings { Terminal.warn(warning) }
            for line in shown.lines { print(line) }
            if let npyPath {
                try shown.array.write(to: URL(fileURLWithPath: npyPath))
                print(shown.written(npyPath))
            }
        }
    }
}

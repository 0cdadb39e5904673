import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder features`: show (and optionally save) what the front-ends make of an input
/// (`FeatureSummary`).
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

    func validate() throws {
        if npyPath != nil && !tokens && FileSystemName.isDirectory(input) {
            throw ValidationError("--npy for a directory writes tokens: add --tokens")
        }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([npyPath])
            let shown: FeatureSummary.Shown
            if FileSystemName.isDirectory(input) {
                shown = try await describe(try FrameSequence(directory: URL(fileURLWithPath: input)))
            } else if FileSystemName.status(input) != nil && input.lowercased().hasSuffix(".png") {
                shown = try FeatureSummary.frame(contentsOf: input, tokens: tokens)
            } else {
                let audio = try FeatureSummary.audio(contentsOf: input)
                for warning in audio.warnings { Terminal.warn("\(warning)") }
                shown = audio.shown
            }
            shown.lines.forEach { print($0) }
            if let npyPath {
                try shown.array.write(to: URL(fileURLWithPath: npyPath))
                print(shown.written(npyPath))
            }
        }
    }

    /// Describes every frame of a directory on all cores, warning of each unreadable one; the
    /// array is the global tokens, one row per readable frame.
    private func describe(_ sequence: FrameSequence) async throws -> FeatureSummary.Shown {
        let descriptor = try FrameDescriptor()
        if let first = sequence.skippedNames.first {
            Terminal.warn("\(input): skipped \(sequence.skippedNames.count) files that are not PNG (e.g. \(first))")
        }
        var progress = ProgressBar(total: sequence.entries.count, label: "describing frames")
        let global = try await FeatureSummary.globalTokens(of: sequence, path: input, descriptor: descriptor) { done, skipped in
            if let skipped { progress.interrupt(with: "warning: \(skipped)") }
            progress.update(done: done)
        }
        progress.finish()
        let lines = FeatureSummary.lines(ofFrames: input, files: sequence.entries.count, readable: global.rows,
                                         fps: sequence.fps, settings: descriptor.settings)
        let shape = "\(global.rows)x\(global.columns)"
        return .init(lines: lines, array: global.npyArray, written: { "  wrote: \($0) (\(shape) global tokens)" })
    }
}

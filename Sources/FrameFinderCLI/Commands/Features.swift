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

    func validate() throws {
        if npyPath != nil && !tokens && FileSystemName.isDirectory(input) {
            throw ValidationError("--npy for a directory writes tokens: add --tokens")
        }
    }

    func run() async throws {
        try await reportingFailures {
            try overwrite.check([npyPath])
            let url = URL(fileURLWithPath: input)
            if FileSystemName.isDirectory(input) {
                try await describe(try FrameSequence(directory: url))
            } else if FileSystemName.status(input) != nil && input.lowercased().hasSuffix(".png") {
                let descriptor = try FrameDescriptor()
                let image = try RGBImage(contentsOfPNG: url)
                let frame = descriptor.frame(of: image)
                let resized = Size2D(width: frame.width, height: frame.height)
                FeatureSummary.lines(ofFrame: input, image: image, resized: resized, settings: descriptor.settings)
                    .forEach { print($0) }
                let array = tokens ? descriptor.tokens(for: frame).npyArray : frame.npyArray
                try write(array) { "  wrote: \($0) (\(array.shape.map(String.init).joined(separator: "x")))" }
            } else {
                let extractor = try AudioFeatureExtractor()
                let features = try extractor.features(contentsOf: url)
                for warning in features.warnings { Terminal.warn("\(warning)") }
                FeatureSummary.lines(of: features, settings: extractor.settings).forEach { print($0) }
                try write(features.logMel.npyArray) { "wrote \($0)" }
            }
        }
    }

    /// Describes every frame of a directory on all cores, warning of each unreadable one;
    /// `--npy` writes the global tokens, one row per readable frame.
    private func describe(_ sequence: FrameSequence) async throws {
        let descriptor = try FrameDescriptor()
        if let first = sequence.skippedNames.first {
            Terminal.warn("\(input): skipped \(sequence.skippedNames.count) files that are not PNG (e.g. \(first))")
        }
        var progress = ProgressBar(total: sequence.entries.count, label: "describing frames")
        var readable: [Matrix] = [], done = 0
        await sequence.forEachFrame(describedBy: descriptor) { entry, result in
            switch result {
            case .success(let matrix): readable.append(matrix)
            case .failure(let error): progress.interrupt(with: "warning: \(error) (frame \(entry.index) skipped)")
            }
            done += 1
            progress.update(done: done)
        }
        progress.finish()
        guard !readable.isEmpty else {
            throw FrameError(path: input, kind: .noFrames, reason: "none of \(sequence.entries.count) PNG files is readable")
        }
        let settings = descriptor.settings
        FeatureSummary.lines(ofFrames: input, files: sequence.entries.count, readable: readable.count, fps: sequence.fps,
                             settings: settings).forEach { print($0) }
        let global = Matrix(rows: readable.count, columns: settings.tokenWidth, elements: readable.flatMap { $0.row(0) })
        try write(global.npyArray) { "  wrote: \($0) (\(global.rows)x\(global.columns) global tokens)" }
    }

    /// Writes `array` to `--npy` when it is given, and prints `line` of its path.
    private func write(_ array: NPYArray, line: (String) -> String) throws {
        guard let npyPath else { return }
        try array.write(to: URL(fileURLWithPath: npyPath))
        print(line(npyPath))
    }
}

import ArgumentParser
import Foundation
import FrameFinder

extension Features {
    /// Prints the frame features of `input` (a PNG file or a directory of PNG frames).
    ///
    /// For a file: its decoded size, the resized frame and the token shape; `--npy` writes the
    /// resized RGB frame (H × W × 3 float32 in [0, 1]) or, with `--tokens`, its token matrix.
    /// For a directory: the frames described on all cores; `--npy --tokens` writes the global
    /// tokens, one row per readable frame. Unreadable frames are warned about on stderr.
    func runFrames() async throws {
        let descriptor = try FrameDescriptor()
        let settings = descriptor.settings
        let url = URL(fileURLWithPath: input)
        if !FileSystemName.isDirectory(input) {
            let image = try RGBImage(contentsOfPNG: url)
            let frame = descriptor.frame(of: image)
            let tokens = descriptor.tokens(for: frame)
            print("frame: \(input)")
            print("  decoded: \(image.width)x\(image.height) RGB")
            print("  resized: \(frame.width)x\(frame.height)x3 (Pillow BOX)")
            printTokenShape(settings, frames: 1)
            if let npyPath {
                let array = tokens.npyArray
                try (self.tokens ? array : frame.npyArray).write(to: URL(fileURLWithPath: npyPath))
                print("  wrote: \(npyPath) (\((self.tokens ? array.shape : frame.npyArray.shape).map(String.init).joined(separator: "x")))")
            }
            return
        }

        if npyPath != nil && !tokens {
            throw ValidationError("--npy for a directory writes tokens: add --tokens")
        }
        let sequence = try FrameSequence(directory: url)
        if !sequence.skippedNames.isEmpty {
            warn("\(input): skipped \(sequence.skippedNames.count) files that are not PNG (e.g. \(sequence.skippedNames[0]))")
        }
        let showProgress = isatty(STDERR_FILENO) != 0
        var done = 0
        var readable: [Matrix] = []
        var failures = 0
        await sequence.forEachFrame(describedBy: descriptor) { entry, result in
            switch result {
            case .success(let matrix): readable.append(matrix)
            case .failure(let error):
                failures += 1
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                warn("\(error) (frame \(entry.index) skipped)")
            }
            done += 1
            if showProgress {
                FileHandle.standardError.write(Data("\rdescribed \(done)/\(sequence.entries.count) frames".utf8))
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        guard !readable.isEmpty else {
            throw FrameError(path: input, kind: .noFrames, reason: "none of \(sequence.entries.count) PNG files is readable")
        }
        print("frames: \(input)")
        print("  PNG files: \(sequence.entries.count) (\(failures) unreadable), fps \(String(format: "%g", sequence.fps))")
        print("  resized: \(settings.frameSize.width)x\(settings.frameSize.height)x3 (Pillow BOX)")
        printTokenShape(settings, frames: readable.count)
        if let npyPath {
            let global = Matrix(rows: readable.count, columns: settings.tokenWidth, elements: readable.flatMap { $0.row(0) })
            try global.npyArray.write(to: URL(fileURLWithPath: npyPath))
            print("  wrote: \(npyPath) (\(global.rows)x\(global.columns) global tokens)")
        }
    }

    /// Prints the token shape and what each part contributes.
    private func printTokenShape(_ settings: FrameDescriptorSettings, frames: Int) {
        var parts: [String] = []
        if let t = settings.thumbnail {
            parts.append("thumbnail \(t.size) \(t.colour ? "rgb" : "grey") \(t.width)")
        }
        if let h = settings.gradientHistogram {
            parts.append("gradient histograms \(h.cells) cells x \(h.bins) bins \(h.width)")
        }
        if settings.colourStatistics { parts.append("colour statistics 6") }
        print("  tokens: \(frames) frame(s) x \(settings.tokensPerFrame) token(s) x \(settings.tokenWidth) values (\(parts.joined(separator: ", ")))")
    }

    private func warn(_ line: String) {
        FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
    }
}

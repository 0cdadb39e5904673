import Foundation
import FrameFinderMath

/// The PNG frames of a directory, in natural order, each with its time.
///
/// Listing reads no pixels: it sorts the `*.png` files (case-insensitive extension) so that
/// `frame2.png` precedes `frame10.png`, gives frame `i` (0-based, in that order) the time
/// `i / fps` seconds, and sets aside other files (hidden files are ignored).
public struct FrameSequence: Sendable {
    /// One PNG file of the sequence.
    public struct Entry: Sendable, Equatable {
        /// The file.
        public let url: URL
        /// Its position among the directory's PNG files, from 0.
        public let index: Int
        /// Its time in seconds: `index / fps`.
        public let time: Double
    }

    /// The directory listed.
    public let directory: URL
    /// Frames per second: frame `i` is at `i / fps` seconds.
    public let fps: Double
    /// The PNG files in natural order.
    public let entries: [Entry]
    /// The names of entries that are not PNG files, in natural order (skipped).
    public let skippedNames: [String]

    /// Lists the PNG frames of `directory`.
    ///
    /// - Precondition: `fps` is finite and positive.
    /// - Throws: `FrameError` when the directory is missing or unreadable (`.unreadable`), or
    ///   holds no PNG file (`.noFrames`).
    public init(directory: URL, fps: Double = 1) throws(FrameError) {
        precondition(fps.isFinite && fps > 0, "fps must be finite and positive")
        guard FileSystemName.status(directory.path) != nil else {
            throw FrameError(path: directory.path, kind: .unreadable, reason: "no such directory")
        }
        guard FileSystemName.isDirectory(directory.path) else {
            throw FrameError(path: directory.path, kind: .unreadable, reason: "not a directory")
        }
        // Listed by the bytes of each name (`FileSystemName`), so a name that is not UTF-8 opens.
        guard let names = FileSystemName.contentsOfDirectory(directory.path) else {
            throw FrameError(path: directory.path, kind: .unreadable, reason: "cannot list directory")
        }
        let visible = names.filter { !$0.hasPrefix(".") }.sorted(by: naturallyPrecedes)
        let pngs = visible.filter { $0.lowercased().hasSuffix(".png") }
        guard !pngs.isEmpty else {
            throw FrameError(
                path: directory.path, kind: .noFrames,
                reason: visible.isEmpty ? "directory is empty" : "no PNG file among \(visible.count) files")
        }
        self.directory = directory
        self.fps = fps
        self.entries = pngs.enumerated().map { index, name in
            Entry(url: directory.appendingPathComponent(name), index: index, time: Double(index) / fps)
        }
        self.skippedNames = visible.filter { !$0.lowercased().hasSuffix(".png") }
    }
}

extension FrameSequence {
    /// A sequence of the given PNG files in the given order (e.g. the images of a labels
    /// CSV); `directory` is the first file's folder.
    ///
    /// - Throws: `FrameError` (`.noFrames`) when `files` is empty.
    public init(files: [URL], fps: Double = 1) throws(FrameError) {
        precondition(fps.isFinite && fps > 0, "fps must be finite and positive")
        guard let first = files.first else {
            throw FrameError(path: "<file list>", kind: .noFrames, reason: "no frame files given")
        }
        self.directory = first.deletingLastPathComponent()
        self.fps = fps
        self.entries = files.enumerated().map { Entry(url: $1, index: $0, time: Double($0) / fps) }
        self.skippedNames = []
    }
}

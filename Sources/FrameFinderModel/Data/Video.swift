import Foundation
import FrameFinderFrames
import FrameFinderMath

/// A video file read through the `ffmpeg` command: its frames as PNG files at a chosen rate,
/// and its soundtrack as a WAV file.
///
/// FrameFinder links no video decoder; like most tools it runs `ffmpeg` when it is installed
/// (found on `PATH`) and otherwise says how to install it.
public struct Video: Sendable {
    /// The video file.
    public let url: URL
    /// The `ffmpeg` executable used.
    public let ffmpeg: URL

    /// The line printed when `ffmpeg` is not installed.
    public static let installHint =
        "install it, e.g. `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS)"

    /// A video read with the `ffmpeg` found on `PATH` (of `environment`).
    ///
    /// - Throws: `FileError` when the file is missing or `ffmpeg` is not installed.
    public init(url: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws(FileError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FileError(path: url.path, reason: "no such file or directory")
        }
        guard let ffmpeg = Self.locate("ffmpeg", path: environment["PATH"] ?? "") else {
            throw FileError(
                path: url.path, reason: "reading a video needs ffmpeg, which is not on PATH; \(Self.installHint)")
        }
        self.url = url
        self.ffmpeg = ffmpeg
    }

    /// The first executable file called `name` in the `:`-separated directories of `path`.
    static func locate(_ name: String, path: String) -> URL? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Extracts frames at `fps` frames per second into `directory` as `frame000000.png`,
    /// `frame000001.png`, …: frame `i` is the video at `i / fps` seconds (ffmpeg's `fps`
    /// filter), so `FrameSequence(directory:fps:)` gives them their times back.
    ///
    /// - Throws: `FileError` with ffmpeg's last message when it fails or makes no frame.
    public func extractFrames(fps: Double, into directory: URL) throws(FileError) -> FrameSequence {
        precondition(fps.isFinite && fps > 0, "fps must be finite and positive")
        try run([
            "-i", url.path, "-an", "-sn", "-vf", "fps=\(fps)", "-start_number", "0",
            directory.appendingPathComponent("frame%06d.png").path,
        ])
        do { return try FrameSequence(directory: directory, fps: fps) } catch {
            throw FileError(path: url.path, reason: "ffmpeg made no frame (is there a video stream?)")
        }
    }

    /// Extracts the soundtrack as a mono 16-bit WAV file at `sampleRate` Hz.
    ///
    /// - Throws: `FileError` with ffmpeg's last message when it fails (e.g. no audio stream).
    public func extractSoundtrack(to wav: URL, sampleRate: Int = 16_000, maximumSeconds: Double? = nil)
        throws(FileError)
    {
        let limit = maximumSeconds.map { ["-t", String($0)] } ?? []
        try run(
            ["-i", url.path, "-vn", "-ac", "1", "-ar", String(sampleRate), "-c:a", "pcm_s16le"] + limit + [
                "-y", wav.path,
            ])
    }

    /// Runs ffmpeg quietly (errors only) with `arguments`.
    private func run(_ arguments: [String]) throws(FileError) {
        let process = Process()
        process.executableURL = ffmpeg
        process.arguments = ["-nostdin", "-hide_banner", "-loglevel", "error"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw FileError(path: url.path, reason: "cannot run \(ffmpeg.path) (\(error.localizedDescription))")
        }
        // Registered so that SIGINT or SIGTERM stops it too (`InterruptCleanup`).
        let token = InterruptCleanup.register(.process(process.processIdentifier))
        defer { InterruptCleanup.unregister(token) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        InterruptCleanup.parkIfInterrupted()
        guard process.terminationStatus == 0 else {
            let last =
                message.split(whereSeparator: \.isNewline).last.map(String.init)
                ?? "exit status \(process.terminationStatus)"
            throw FileError(path: url.path, reason: "ffmpeg failed: \(last)")
        }
    }
}

extension Video {
    /// Runs `body` on the video's frames at `fps`, extracted into a temporary directory
    /// that is removed afterwards, whatever `body` does, and on SIGINT or SIGTERM once
    /// `InterruptCleanup.install()` was called. Folders left by runs that were killed
    /// outright (their process is gone) are removed first.
    public func withFrames<T>(fps: Double, _ body: (FrameSequence) async throws -> T) async throws -> T {
        let (directory, token) = try Self.makeTemporaryFolder()
        defer { Self.removeTemporaryFolder(directory, token) }
        return try await body(try extractFrames(fps: fps, into: directory))
    }

    /// Runs `body` on the soundtrack as a mono 16-bit WAV at `sampleRate` Hz (at most
    /// `maximumSeconds` long), in a temporary directory removed as `withFrames`' is.
    public func withSoundtrack<T>(sampleRate: Int, maximumSeconds: Double, _ body: (URL) throws -> T) throws -> T {
        let (directory, token) = try Self.makeTemporaryFolder()
        defer { Self.removeTemporaryFolder(directory, token) }
        let wav = directory.appendingPathComponent("soundtrack.wav")
        try extractSoundtrack(to: wav, sampleRate: sampleRate, maximumSeconds: maximumSeconds)
        return try body(wav)
    }

    /// A new temporary folder for this run, registered with `InterruptCleanup` (stale
    /// folders of killed runs are removed first).
    private static func makeTemporaryFolder() throws(FileError) -> (URL, UUID) {
        let temporary = FileManager.default.temporaryDirectory
        InterruptCleanup.removeStaleFolders(in: temporary)
        let directory = InterruptCleanup.temporaryFolder(in: temporary)
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw FileError(path: directory.path, reason: "cannot create a temporary directory")
        }
        return (directory, InterruptCleanup.register(.folder(directory)))
    }

    private static func removeTemporaryFolder(_ directory: URL, _ token: UUID) {
        try? FileManager.default.removeItem(at: directory)
        InterruptCleanup.unregister(token)
    }

    /// The name a frame of this video is reported under: the video's path with a W3C media
    /// fragment for the frame's time, `movie.mp4#t=1.5`.
    public func frameName(_ entry: FrameSequence.Entry) -> String {
        "\(url.standardizedFileURL.path)#t=\(entry.time)"
    }
}

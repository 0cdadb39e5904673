import Foundation
import TestSupport
import Testing

/// A video query stopped by SIGINT or SIGTERM stops ffmpeg and removes its frame folder.
@Suite struct InterruptTests {
    /// A folder on PATH whose `ffmpeg` runs the real one at the video's own pace (`-re`),
    /// so that extraction is still going when the signal comes, and writes its process id.
    private func slowFFmpeg(in folder: URL) throws -> (path: String, pidFile: URL) {
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let real = try #require(
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                .map { "\($0)/ffmpeg" }.first { FileManager.default.isExecutableFile(atPath: $0) })
        let pidFile = folder.appendingPathComponent("ffmpeg.pid")
        let script = try Inputs.file(
            bin.appendingPathComponent("ffmpeg"),
            "#!/bin/sh\necho $$ > '\(pidFile.path)'\nexec '\(real)' -re \"$@\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? ""), pidFile)
    }

    @Test(needsSharedData, .enabled(if: ffmpegInstalled, "needs ffmpeg on PATH"), arguments: [SIGINT, SIGTERM])
    func aSignalStopsFFmpegAndRemovesTheFrames(signalNumber: Int32) throws {
        let v = try VideoQuery()
        defer { v.remove() }
        let (path, pidFile) = try slowFFmpeg(in: v.folder)
        // A folder left by a run that was killed outright (no such process) is removed too.
        let stale = v.scratch.url.appendingPathComponent("framefinder-video-2147483646-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        var environment = v.scratch.environment
        environment["PATH"] = path
        let process = try CLI.start(
            [
                "query", TestData.sharedFile("fsdd/0_jackson_0.wav").path, v.video.path,
                "--model", v.model.path, "--fps", "2",
            ], environment: environment,
            stdout: v.folder.appendingPathComponent("stdout"),
            stderr: v.folder.appendingPathComponent("stderr"))
        // Wait until ffmpeg has written a frame (the run is then in the middle of extraction).
        func extractedFrames() -> Int {
            (try? temporaryVideoFolders(in: v.scratch.url)).map { folders in
                folders.reduce(0) {
                    $0
                        + ((try? FileManager.default.contentsOfDirectory(
                            atPath: v.scratch.url.appendingPathComponent($1).path
                        ).count) ?? 0)
                }
            } ?? 0
        }
        for _ in 0..<1000 where process.isRunning && extractedFrames() == 0 { usleep(10_000) }
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        let ffmpeg = try #require(
            Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        for _ in 0..<200 where isRunning(ffmpeg) { usleep(10_000) }
        #expect(!isRunning(ffmpeg), "ffmpeg \(ffmpeg) still runs")
        #expect(try temporaryVideoFolders(in: v.scratch.url).isEmpty)
    }

    /// True when process `pid` exists and has not ended (an ended child waiting to be reaped
    /// by its new parent is a zombie, state `Z` in `/proc/PID/stat`).
    private func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
    }
}

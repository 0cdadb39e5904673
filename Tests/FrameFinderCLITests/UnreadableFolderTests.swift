import Foundation
import TestSupport
import Testing

/// A folder of clips with a subfolder that cannot be listed: its clips are left out with one
/// warning line naming it, and the rest are answered. Root reads every folder, so as root the
/// command is run as the unprivileged user `nobody` (util-linux's `setpriv`), as a user would.
@Suite struct UnreadableFolderTests {
    static let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
    static var canRunUnprivileged: Bool {
        geteuid() != 0 || FileManager.default.isExecutableFile(atPath: setpriv.path)
    }

    @Test(.enabled(if: canRunUnprivileged, "as root this needs setpriv (Debian: util-linux)"))
    func batchNamesTheSubfolderItCannotList() throws {
        let folder = try TestData.temporaryDirectory()
        defer {
            chmod(folder.appendingPathComponent("clips/locked").path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let clips = folder.appendingPathComponent("clips"), locked = clips.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let word = TestData.packageRoot.appendingPathComponent("samples/clips/3_gbf.wav")
        try FileManager.default.copyItem(at: word, to: clips.appendingPathComponent("open.wav"))
        try FileManager.default.copyItem(at: word, to: locked.appendingPathComponent("hidden.wav"))
        let frames = try Inputs.frames(in: folder, count: 3)
        let results = folder.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        for path in [folder.path, results.path] { chmod(path, 0o777) }
        chmod(locked.path, 0)

        let out = results.appendingPathComponent("r.jsonl")
        let arguments = ["batch", clips.path, frames.path, "--out", out.path]
        let process = Process()
        if geteuid() == 0 {
            process.executableURL = Self.setpriv
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path] + arguments
        } else {
            process.executableURL = CLI.executable
            process.arguments = arguments
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("\(locked.path): cannot list this folder (permission denied?); its clips are left out"))
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("open.wav"))
    }
}

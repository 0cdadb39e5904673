import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// The built `framefinder` executable, run as a user runs it.
enum CLI {
    /// What one run printed and returned.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard error's non-empty lines.
        var errorLines: [String] { stderr.split(whereSeparator: \.isNewline).map(String.init) }
    }

    /// `framefinder` beside the test bundle (the same build folder, debug or release).
    static let executable: URL = {
        let beside = Bundle.main.bundleURL.appendingPathComponent("framefinder")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let argumentFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return argumentFolder.appendingPathComponent("framefinder")
    }()

    /// Runs `framefinder arguments…` to its end, optionally with another environment.
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let folder = try TestData.temporaryDirectory("framefinder-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (out, err) = (folder.appendingPathComponent("stdout"), folder.appendingPathComponent("stderr"))
        let process = try start(arguments, environment: environment, stdout: out, stderr: err)
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// Runs `framefinder` with arguments given as raw bytes (a path that is not UTF-8, which
    /// `Process` cannot pass), its standard output going to `stdout`; returns the exit status.
    static func runBytes(_ arguments: [[UInt8]], stdout: URL) throws -> Int32 {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] =
            ([Array(executable.path.utf8)] + arguments).map { bytes in
                let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                for (i, byte) in bytes.enumerated() { pointer[i] = CChar(bitPattern: byte) }
                pointer[bytes.count] = 0
                return pointer
            } + [nil]
        defer { for pointer in argv { pointer?.deallocate() } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// Runs `framefinder arguments…` (output discarded) and returns its exit status and its
    /// peak resident memory in bytes.
    ///
    /// The peak is the child's own `VmHWM` (`/proc/PID/status`), read every millisecond while
    /// it runs: a high-water mark of the process's memory since its `exec`, so the last read
    /// before it exits is its peak. `ru_maxrss` from `wait4` is no measure here: Linux starts
    /// a child's `maxrss` at the high-water mark of the memory it was spawned from (`exec`
    /// keeps the larger of the two), which is this test process, however large other tests
    /// made it. It stands in only when the child exited before a first read.
    static func peakMemory(_ arguments: [String]) throws -> (status: Int32, bytes: Int) {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        var highWater: Int?
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if let bytes = residentHighWater(of: pid) { highWater = max(highWater ?? 0, bytes) }
            usleep(1_000)
        }
        return ((status >> 8) & 0xff, highWater ?? usage.ru_maxrss * 1024)
    }

    /// `VmHWM` of process `pid` in bytes, or nil once it has exited.
    private static func residentHighWater(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// Starts `framefinder arguments…` with its output going to the files `stdout` and `stderr`
    /// (files, not pipes, so that a long output never blocks it).
    static func start(
        _ arguments: [String], environment: [String: String]? = nil,
        stdout: URL, stderr: URL
    ) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [
                    NSFilePathErrorKey: executable.path,
                    NSLocalizedDescriptionKey:
                        "\(executable.path) is not built: run `swift build` (or `swift test`) first",
                ])
        }
        try Data().write(to: stdout)
        try Data().write(to: stderr)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A temporary folder holding a small model and a folder of frames, removed by `remove()`.
struct Workspace {
    let folder: URL, model: URL, frames: URL

    init(frames count: Int) throws {
        folder = try TestData.temporaryDirectory()
        model = try Inputs.model(in: folder)
        frames = try Inputs.frames(in: folder, count: count)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `framefinder index` on the frames with the model; returns the index file.
    func index(fps: String = "1", sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let index = folder.appendingPathComponent("frames.ffindex")
        let built = try CLI.run(["index", frames.path, "--out", index.path, "--model", model.path, "--fps", fps])
        #expect(built.status == 0, "\(built.stderr)", sourceLocation: sourceLocation)
        #expect(
            built.stdout.hasPrefix(
                "\(index.path): \(try FileManager.default.contentsOfDirectory(atPath: frames.path).count) frames at "),
            sourceLocation: sourceLocation)
        return index
    }
}

/// Inputs the tests make in a temporary folder.
enum Inputs {
    /// A 16-bit mono PCM WAV of `samples` (full scale ±1) at `rate` Hz.
    static func wav(_ url: URL, samples: [Float], rate: Int) throws -> URL {
        var bytes = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let data = samples.count * 2
        bytes.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + data))
        bytes.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))
        append(UInt16(1))
        append(UInt32(rate))
        append(UInt32(rate * 2))
        append(UInt16(2))
        append(UInt16(16))
        bytes.append(contentsOf: Array("data".utf8))
        append(UInt32(data))
        for sample in samples { append(Int16((max(-1, min(1, sample)) * 32767).rounded())) }
        try bytes.write(to: url)
        return url
    }

    /// A small model with random weights and the default feature recipe, saved in `folder`.
    static func model(in folder: URL, seed: UInt64 = 1, name: String = "model.safetensors") throws -> URL {
        let recipe = try FeatureRecipe(audio: AudioFeatureSettings(), frames: .default)
        let settings = ModelSettings(
            audio: recipe.audio.settings, frames: recipe.frames.settings,
            architecture: ModelArchitecture(
                hidden: 16, embedding: 16, dimension: 16, valueDimension: 16))
        let url = folder.appendingPathComponent(name)
        try Model(settings: settings, seed: seed).save(to: url)
        return url
    }

    /// `count` PNG frames of different colours and patterns in a new folder `name`.
    static func frames(in folder: URL, count: Int, name: String = "frames") throws -> URL {
        let directory = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for i in 0..<count {
            var samples = [UInt8](repeating: 0, count: 32 * 32 * 3)
            for p in 0..<(32 * 32) {
                let (x, y) = (p % 32, p / 32)
                samples[3 * p] = UInt8((x * 8 + i * 40) % 256)
                samples[3 * p + 1] = UInt8((y * 8 * (i % 3 + 1)) % 256)
                samples[3 * p + 2] = UInt8(((x + y) % (i + 2)) * 30 % 256)
            }
            try RGBImage(width: 32, height: 32, samples: samples)
                .writePNG(to: directory.appendingPathComponent("frame\(i).png"))
        }
        return directory
    }

    /// A committed audio fixture of FrameFinderAudioTests, by path.
    static func audioFixture(_ name: String) -> URL {
        TestData.packageRoot.appendingPathComponent("Tests/FrameFinderAudioTests/Fixtures/\(name)")
    }

    /// A file holding `text`.
    @discardableResult
    static func file(_ url: URL, _ text: String) throws -> URL {
        try Data(text.utf8).write(to: url)
        return url
    }
}

/// The JSON object of one line.
func jsonObject(_ line: some StringProtocol) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(object as? [String: Any])
}

/// The non-empty lines of a text file.
func lines(of url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// The trait that skips a test when `../shared/data` is absent.
let needsSharedData = Testing.ConditionTrait.enabled(
    if: TestData.hasSharedData, "needs ../shared/data (fsdd, mnist) beside the package")

/// Audio fixtures of FrameFinderAudioTests that every model reads (various formats and rates).
let clipFixtures = ["stereo_44k.wav", "long_16k.flac", "format_pcm_16.wav", "format_vorbis.ogg", "six_channels.wav"]

/// A folder of links named `clip00.wav`, `clip01.flac`, … to `count` audio fixtures (cycled),
/// so that a batch has many distinct clips without copying audio.
func linkedClips(in folder: URL, count: Int) throws -> URL {
    let directory = folder.appendingPathComponent("clips")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for i in 0..<count {
        let source = Inputs.audioFixture(clipFixtures[i % clipFixtures.count])
        let link = directory.appendingPathComponent(String(format: "clip%02d.", i) + source.pathExtension)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: source)
    }
    return directory
}

/// `count` links to MNIST images of `../shared/data` (`{index}_{digit}.png`) in a new folder.
func linkedMNIST(in folder: URL, count: Int) throws -> URL {
    let directory = folder.appendingPathComponent("mnist")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let images = TestData.sharedFile("mnist/images")
    let names = try FileManager.default.contentsOfDirectory(atPath: images.path).sorted().prefix(count)
    for name in names {
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent(name),
            withDestinationURL: images.appendingPathComponent(name))
    }
    return directory
}

import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// The committed `samples/` are whole and are what `tools/make_samples.py` writes.
@Suite struct SamplesTests {
    static let samples = TestData.packageRoot.appendingPathComponent("samples")
    static let script = TestData.packageRoot.appendingPathComponent("tools/make_samples.py")

    /// Every file under `folder`, as sorted paths relative to it.
    static func files(under folder: URL) -> [String] {
        let base = folder.standardizedFileURL.path + "/"
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return paths.sorted()
    }

    /// Runs `python3 tools/make_samples.py arguments...`; its exit status and standard error.
    static func runScript(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }

    /// True when python3, espeak-ng and the pinned packages the script needs are installed.
    static let canRegenerate: Bool = ((try? runScript(["--check"]))?.status ?? 1) == 0

    @Test func frameLabelsListEveryFrameInOrder() throws {
        let labels = try LabelledFiles(csv: Self.samples.appendingPathComponent("labels/frames.csv"))
        let sequence = try FrameSequence(directory: Self.samples.appendingPathComponent("video"))
        #expect(labels.entries.map(\.url.path) == sequence.entries.map(\.url.standardizedFileURL.path))
        #expect(sequence.skippedNames == ["soundtrack.wav"])
        for entry in labels.entries {
            #expect(Int(entry.label).map { (0...9).contains($0) } == true, "\(entry.label)")
            let frame = try RGBImage(contentsOfPNG: entry.url)
            #expect(frame.width == 112 && frame.height == 112, "\(entry.url.lastPathComponent)")
        }
        #expect(Set(labels.entries.map(\.label)).count == 10, "every digit is shown")
    }

    @Test func clipLabelsListEveryClipAndTheClipsDecode() throws {
        let labels = try LabelledFiles(csv: Self.samples.appendingPathComponent("labels/clips.csv"))
        let listed = labels.entries.map { "clips/" + $0.url.lastPathComponent }.sorted()
        #expect(listed == Self.files(under: Self.samples).filter { $0.hasPrefix("clips/") })
        for entry in labels.entries {
            #expect(entry.url.lastPathComponent.hasPrefix(entry.label + "_"))
            let audio = try DecodedAudio(contentsOf: entry.url)
            #expect(audio.clip.sampleRate == 8000 && audio.clip.channels == 1)
            #expect(audio.clip.frameCount > 0 && audio.warnings.isEmpty)
            #expect(audio.samples.contains { $0 != 0 })
        }
    }

    @Test func soundtrackLastsAsLongAsTheFrames() throws {
        let frames = try FrameSequence(directory: Self.samples.appendingPathComponent("video"), fps: 1)
        let soundtrack = try DecodedAudio(contentsOf: Self.samples.appendingPathComponent("video/soundtrack.wav"))
        #expect(soundtrack.clip.sampleRate == 8000 && soundtrack.clip.channels == 1)
        #expect(soundtrack.clip.duration == Double(frames.entries.count))
        _ = try DecodedAudio(contentsOf: Self.samples.appendingPathComponent("seven.wav"))
    }

    @Test func staySmall() throws {
        var total = 0
        for path in Self.files(under: Self.samples) {
            total +=
                try FileManager.default.attributesOfItem(atPath: Self.samples.appendingPathComponent(path).path)[.size]
                as? Int ?? 0
        }
        #expect(total < 2_000_000, "samples/ holds \(total) bytes")
    }

    @Test(
        .enabled(
            if: SamplesTests.canRegenerate,
            "needs python3, espeak-ng 1.51 and the pinned packages of tools/requirements.txt (see samples/README.md)"))
    func scriptWritesTheCommittedFiles() throws {
        let folder = try TestData.temporaryDirectory("framefinder-samples")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.runScript([folder.path])
        #expect(run.status == 0, "make_samples.py failed: \(run.errors)")
        let written = Self.files(under: folder)
        #expect(written == Self.files(under: Self.samples).filter { $0 != "README.md" })
        for path in written {
            let fresh = try Data(contentsOf: folder.appendingPathComponent(path))
            let committed = try Data(contentsOf: Self.samples.appendingPathComponent(path))
            #expect(fresh == committed, "\(path) differs from what the script writes")
        }
    }
}

import Foundation
import FrameFinderMath
import TestSupport
import Testing

/// Files whose names are not UTF-8 (Latin-1 `é` is the single byte 0xE9) are opened by the
/// bytes the directory or the command line gave: a frame is ranked, a clip is answered.
@Suite struct FileNameTests {
    /// Copies `source` to `folder/NAME` where NAME is `stem` + byte 0xE9 + `suffix`; returns its bytes.
    private func latin1Copy(of source: URL, in folder: URL, stem: String, suffix: String) throws -> [UInt8] {
        let path = Array(folder.path.utf8) + Array("/\(stem)".utf8) + [0xE9] + Array(suffix.utf8)
        let data = try Data(contentsOf: source)
        let descriptor = (path + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, data.count) }
        close(descriptor)
        return path
    }

    @Test func aFrameAndAClipNamedInLatin1AreRead() throws {
        let workspace = try Workspace(frames: 2)
        defer { workspace.remove() }
        let frame = try latin1Copy(
            of: workspace.frames.appendingPathComponent("frame0.png"), in: workspace.frames,
            stem: "frame1", suffix: ".png")
        let clip = try latin1Copy(
            of: Inputs.audioFixture("format_pcm_16.wav"), in: workspace.folder, stem: "caf", suffix: ".wav")
        let out = workspace.folder.appendingPathComponent("out.json")
        let status = try CLI.runBytes(
            [
                Array("query".utf8), clip, Array(workspace.frames.path.utf8),
                Array("--model".utf8), Array(workspace.model.path.utf8),
                Array("--top".utf8), Array("0".utf8), Array("--format".utf8), Array("json".utf8),
            ],
            stdout: out)
        #expect(status == 0)
        let object = try jsonObject(String(contentsOf: out, encoding: .utf8))
        #expect((object["query"] as? String).map(FileSystemName.bytes) == clip)
        #expect(object["frames"] as? Int == 3)
        let frames = (object["results"] as? [[String: Any]])?.compactMap { $0["frame"] as? String } ?? []
        #expect(frames.map(FileSystemName.bytes).contains(frame))
    }
}

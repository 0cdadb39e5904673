import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

@Suite struct FrameIndexBlockTests {
    /// The sample video's 30 frames `copies` times over (links), with an unreadable PNG as
    /// frame 15, in a fresh folder.
    private func framesWithACorruptOne(in folder: URL, copies: Int = 1) throws -> FrameSequence {
        let video = TestData.packageRoot.appendingPathComponent("samples/video")
        let names = try FileManager.default.contentsOfDirectory(atPath: video.path).filter { $0.hasSuffix(".png") }
            .sorted()
        for copy in 0..<copies {
            for name in names {
                try FileManager.default.createSymbolicLink(
                    at: folder.appendingPathComponent("\(copy)-\(name)"),
                    withDestinationURL: video.appendingPathComponent(name))
            }
        }
        try Data("not a PNG".utf8).write(to: folder.appendingPathComponent("0-frame0015b.png"))
        return try FrameSequence(directory: folder, fps: 2)
    }

    @Test func anIndexWrittenInBlocksEqualsTheIndexBuiltAtOnce() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 2,070 frames: more than one product of `encodingRows`, a block boundary among them.
        let sequence = try framesWithACorruptOne(in: folder, copies: 69)
        let retriever = try Retriever()
        let model = retriever.model
        let (whole, failures) = try await FrameIndex.encoding(sequence, with: retriever, source: "v", blockSize: 4096)
        #expect(whole.count == 2070 && failures.count == 1)
        let saved = folder.appendingPathComponent("whole.ffindex")
        try whole.save(to: saved)
        for blockSize in [1, 4096] {
            let url = folder.appendingPathComponent("blocks\(blockSize).ffindex")
            let written = try await FrameIndex.write(
                sequence, with: retriever, source: "v", to: url,
                blockSize: blockSize, framesInFlight: 3)
            #expect(written.count == 2070 && written.failures.count == 1)
            #expect(try Data(contentsOf: url) == Data(contentsOf: saved))
        }
        // Encoding in blocks changes nothing but float rounding against all frames in one product.
        let tokens = await retriever.recipe.frameTokens(of: sequence).tokens
        let atOnce = try model.encodeFrames(tokens)
        #expect(maxAbsoluteDifference(whole.encoded.keys.elements, atOnce.keys.elements) < 1e-5)
        #expect(maxAbsoluteDifference(whole.encoded.values.elements, atOnce.values.elements) < 1e-5)
        #expect(whole.frames.map(\.index) == Array(0..<15) + Array(16..<2071))
        // Nothing is left beside the index.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test func aFailedWriteLeavesNoFile() async throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sequence = try framesWithACorruptOne(in: folder)
        let url = folder.appendingPathComponent("missing/frames.ffindex")
        await #expect(throws: FileError.self) {
            _ = try await FrameIndex.write(
                sequence, with: Retriever(model: Model.default, name: "default"), source: "v", to: url)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}

import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderRetrieval
import Testing
import TestSupport

private func smallModel(seed: UInt64) throws -> Model {
    try Model(settings: ModelSettings(audioTokenWidth: 5, frameTokenWidth: 6, hidden: 4, embedding: 4,
                                      dimension: 4, valueDimension: 2), seed: seed)
}

private func sampleIndex(model: Model) throws -> FrameIndex {
    var generator = SeededGenerator(seed: 9)
    let tokens = Matrix(rows: 3, columns: 6, uniformIn: -1...1, using: &generator)
    let frames = (0..<3).map { FrameReference(path: "/frames/f\($0), \"odd\".png", index: $0 * 2, time: Double($0) / 3) }
    return FrameIndex(modelIdentity: model.identity, modelName: "small", fps: 3, source: "/frames",
                      frames: frames, encoded: try model.encodeFrames(tokens))
}

@Suite struct FrameIndexTests {
    @Test func roundTripsThroughItsFile() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = try sampleIndex(model: try smallModel(seed: 1))
        let url = folder.appendingPathComponent("frames.ffindex")
        try index.save(to: url)
        #expect(try FrameIndex(contentsOf: url) == index)
        let file = try SafeTensors(contentsOf: url)
        #expect(Set(file.tensors.keys) == ["keys", "values"])
        #expect(file.tensors["values"]?.shape == [3, 2])
    }

    @Test func identityFollowsTheModelNotItsPath() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try smallModel(seed: 1)
        try model.save(to: folder.appendingPathComponent("a.safetensors"))
        let reloaded = try Model(contentsOf: folder.appendingPathComponent("a.safetensors"))
        #expect(reloaded.identity == model.identity)
        #expect(model.identity.hasPrefix("fnv1a64:") && model.identity.count == 8 + 16)
        #expect(try smallModel(seed: 2).identity != model.identity)
    }

    @Test func refusesAnotherModel() throws {
        let index = try sampleIndex(model: try smallModel(seed: 1))
        try index.check(model: try smallModel(seed: 1), modelName: "same", path: "x.ffindex")
        #expect(throws: DataError.self) { try index.check(model: try smallModel(seed: 2), modelName: "other", path: "x.ffindex") }
    }

    @Test func refusesFilesThatAreNotIndices() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let modelFile = folder.appendingPathComponent("model.safetensors")
        try smallModel(seed: 1).save(to: modelFile)
        let truncated = folder.appendingPathComponent("truncated.ffindex")
        let bytes = try sampleIndex(model: try smallModel(seed: 1)).safeTensors.serialized
        try bytes.prefix(bytes.count - 4).write(to: truncated)
        for (url, reason) in [(modelFile, "not a FrameFinder index (its format is framefinder-model)"),
                              (truncated, "truncated")] {
            do {
                _ = try FrameIndex(contentsOf: url)
                Issue.record("\(url.lastPathComponent) was accepted")
            } catch {
                #expect(error.path == url.path)
                #expect(error.reason.contains(reason), "\(error)")
            }
        }
    }

    @Test func encodedFramesSurviveTheIndexFile() async throws {
        // Encoding a sequence and reading the saved index give the same keys, values and references.
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recipe = try FeatureRecipe(audio: AudioFeatureSettings(), frames: .default)
        let settings = ModelSettings(audioFeatures: recipe.storedSettings.audio, frameDescriptors: recipe.storedSettings.frames,
                                     audioTokenWidth: recipe.tokenWidths.audio, frameTokenWidth: recipe.tokenWidths.frames,
                                     hidden: 8, embedding: 8, dimension: 8, valueDimension: 8)
        let model = try Model(settings: settings, seed: 3)
        for i in 0..<4 {
            try RGBImage(width: 8, height: 8, red: UInt8(i * 60), green: 10, blue: UInt8(200 - i * 40))
                .writePNG(to: folder.appendingPathComponent("frame\(i).png"))
        }
        let sequence = try FrameSequence(directory: folder, fps: 2)
        let (index, failures) = try await FrameIndex.encoding(sequence, with: model, modelName: "m", source: folder.path)
        #expect(failures.isEmpty)
        #expect(index.frames.map(\.time) == [0, 0.5, 1, 1.5])
        let url = folder.appendingPathComponent("i.ffindex")
        try index.save(to: url)
        #expect(try FrameIndex(contentsOf: url) == index)
    }
}

import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

private func smallModel(seed: UInt64) throws -> Model {
    try Model(
        settings: ModelSettings(
            audioTokenWidth: 5, frameTokenWidth: 6,
            architecture: ModelArchitecture(
                hidden: 4, embedding: 4, dimension: 4, valueDimension: 2)), seed: seed)
}

private func sampleIndex(model: Model) throws -> FrameIndex {
    var generator = SeededGenerator(seed: 9)
    let tokens = Matrix(rows: 3, columns: 6, uniformIn: -1...1, using: &generator)
    let frames = (0..<3).map {
        FrameReference(path: "/frames/f\($0), \"odd\".png", index: $0 * 2, time: Double($0) / 3)
    }
    return FrameIndex(
        modelIdentity: model.identity, modelName: "small", fps: 3, source: "/frames",
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
        #expect(throws: FileError.self) {
            try index.check(model: try smallModel(seed: 2), modelName: "other", path: "x.ffindex")
        }
    }

    @Test func refusesFilesThatAreNotIndices() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let modelFile = folder.appendingPathComponent("model.safetensors")
        try smallModel(seed: 1).save(to: modelFile)
        let truncated = folder.appendingPathComponent("truncated.ffindex")
        let bytes = try sampleIndex(model: try smallModel(seed: 1)).safeTensors.serialized
        try bytes.prefix(bytes.count - 4).write(to: truncated)
        let nan = folder.appendingPathComponent("nan.ffindex")
        var poisoned = try sampleIndex(model: try smallModel(seed: 1))
        poisoned.encoded.values = Matrix(rows: 3, columns: 2, elements: [0, 1, 2, .nan, 4, 5])
        try poisoned.save(to: nan)
        let empty = folder.appendingPathComponent("empty.ffindex")
        try Data().write(to: empty)
        for (url, reason) in [
            (modelFile, "not a FrameFinder index (its format is framefinder-model)"),
            (truncated, "truncated"), (nan, "index keys or values hold NaN or infinity"),
            (empty, "truncated: 0 bytes"),
        ] {
            let readers: [(URL) throws -> FrameIndex] = [
                { try FrameIndex(contentsOf: $0) }, { try FrameIndex(mapping: $0) },
            ]
            for read in readers {
                do {
                    _ = try read(url)
                    Issue.record("\(url.lastPathComponent) was accepted")
                } catch let error as FileError {
                    #expect(error.path == url.path)
                    #expect(error.reason.contains(reason), "\(error)")
                } catch {
                    Issue.record("\(error)")
                }
            }
        }
    }

    @Test func encodedFramesSurviveTheIndexFile() async throws {
        // Encoding a sequence and reading the saved index give the same keys, values and references.
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try frontEndModel(width: 8)
        for i in 0..<4 {
            try RGBImage(width: 8, height: 8, red: UInt8(i * 60), green: 10, blue: UInt8(200 - i * 40))
                .writePNG(to: folder.appendingPathComponent("frame\(i).png"))
        }
        let sequence = try FrameSequence(directory: folder, fps: 2)
        let (index, failures) = try await FrameIndex.encoding(
            sequence, with: Retriever(model: model, name: "m"), source: folder.path)
        #expect(failures.isEmpty)
        #expect(index.frames.map(\.time) == [0, 0.5, 1, 1.5])
        let url = folder.appendingPathComponent("i.ffindex")
        try index.save(to: url)
        #expect(try FrameIndex(contentsOf: url) == index)
        let mapped = try FrameIndex(mapping: url)
        #expect(mapped.encoded.isMapped && mapped == index)
        // Scoring a mapped index reads it in place and gives the same bits.
        let queries = Matrix(hashedSeed: 4, rows: 3, columns: 8)
        let batch = QueryBatch([queries.rows(0..<1), queries.rows(1..<3)])
        let fromMapping = model.scores(batch, frames: mapped.encoded, top: 0)
        let fromMemory = model.scores(batch, frames: index.encoded, top: 0)
        #expect(fromMapping.map(\.all) == fromMemory.map(\.all))
    }
}

/// Indices and models that are well-formed but do not fit together, or hold an extreme value.
@Suite struct UntrustedIndexTests {
    @Test func keysOfAnotherWidthAreRefused() throws {
        let model = try smallModel(seed: 1)
        var index = try sampleIndex(model: model)
        index.encoded = EncodedFrames(keys: Matrix(rows: 3, columns: 3), values: index.encoded.values)
        #expect(throws: FileError(path: "x.ffindex", reason: "index keys are 3 wide but the model's are 4")) {
            try index.check(model: model, modelName: "small", path: "x.ffindex")
        }
    }

    @Test func valuesOfAnotherWidthAreRefused() throws {
        let model = try smallModel(seed: 1)
        var index = try sampleIndex(model: model)
        index.encoded = EncodedFrames(keys: index.encoded.keys, values: Matrix(rows: 3, columns: 5))
        #expect(throws: FileError(path: "x.ffindex", reason: "index values are 5 wide but the model's are 2")) {
            try index.check(model: model, modelName: "small", path: "x.ffindex")
        }
    }

    /// One value turned huge (a flipped exponent bit) made every score NaN and the ranking
    /// empty; it is refused, naming the index.
    @Test func aHugeIndexValueIsRefused() throws {
        let model = try smallModel(seed: 1)
        var index = try sampleIndex(model: model)
        index.encoded.values[1, 0] = 3e38
        #expect { try index.check(model: model, modelName: "small", path: "x.ffindex") } throws: { error in
            "\(error)".hasPrefix("x.ffindex: scores are NaN or infinite")
        }
    }

    /// A huge weight on the audio side spoils the scores of every clip: the ranking fails
    /// naming the model instead of printing no frames.
    @Test func aHugeModelWeightFailsTheRanking() throws {
        var model = try frontEndModel(width: 4)
        let recipe = try FeatureRecipe(settings: model.settings)
        model.parameters["audio.encoder.fc1.weight"][0, 0] = 3e38
        var generator = SeededGenerator(seed: 2)
        let encoded = try model.encodeFrames(
            Matrix(rows: 3, columns: recipe.frames.settings.tokenWidth, uniformIn: -1...1, using: &generator))
        let index = FrameIndex(
            modelIdentity: model.identity, modelName: "m", fps: 1, source: "/frames",
            frames: (0..<3).map { FrameReference(path: "/f\($0).png", index: $0, time: Double($0)) },
            encoded: encoded)
        let clip = TestData.packageRoot.appendingPathComponent("samples/clips/3_gbf.wav")
        let retriever = try Retriever(model: model, name: "m")
        #expect { try retriever.timeline(of: clip, in: index, options: SearchOptions(segmentation: .whole)) } throws: {
            error in
            "\(error)".hasPrefix("m: scores ")
                && "\(error)".contains(" for \(clip.path) (a tensor of the model or index holds an extreme value)")
        }
    }
}

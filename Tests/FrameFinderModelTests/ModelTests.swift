import Foundation
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

/// A tiny model and batch on which every gradient can be checked by finite differences.
private func tinyModel(heads: Int = 2, pooling: Int = 0, share: Float = 0.5, hidden: Int = 7) throws -> Model {
    let settings = ModelSettings(
        audioTokenWidth: 5, frameTokenWidth: 6,
        architecture: ModelArchitecture(
            hidden: hidden, embedding: 4, dimension: 4, valueDimension: 4, heads: heads, poolingQueries: pooling,
            attendedShare: share))
    var model = try Model(settings: settings, seed: 7)
    var generator = SeededGenerator(seed: 11)
    // Non-trivial statistics and LayerNorm parameters so that their paths are exercised too.
    model.fitNormalization(
        audioTokens: Matrix(rows: 9, columns: 5, uniformIn: -2...2, using: &generator),
        frameTokens: Matrix(rows: 9, columns: 6, uniformIn: -2...2, using: &generator))
    for name in model.trainableNames where name.hasSuffix("norm.gain") || name.hasSuffix("norm.bias") {
        let m = model.parameters[name]
        model.parameters[name] = m + Matrix(rows: m.rows, columns: m.columns, uniformIn: -0.3...0.3, using: &generator)
    }
    return model
}

private func tinyBatch() -> TrainingBatch {
    var generator = SeededGenerator(seed: 3)
    let clips = [2, 3, 1].map { Matrix(rows: $0, columns: 5, uniformIn: -2...2, using: &generator) }
    let frames = Matrix(rows: 6, columns: 6, uniformIn: -2...2, using: &generator)
    return TrainingBatch(clips: clips, frames: frames, positives: [[0, 3], [1], [2, 4, 5]])
}

@Suite struct ModelGradientTests {
    /// Central differences in Double around each weight: `(L(θ + h) − L(θ − h)) / 2h`.
    private func checkGradients(_ model: Model) {
        let batch = tinyBatch()
        let (_, gradients) = model.loss(on: batch)
        let h: Float = 1e-2
        for name in model.trainableNames {
            var numeric = [Float]()
            for i in 0..<model.parameters[name].elements.count {
                var plus = model, minus = model
                plus.parameters[name].elements[i] += h
                minus.parameters[name].elements[i] -= h
                numeric.append((plus.loss(on: batch).loss - minus.loss(on: batch).loss) / (2 * h))
            }
            let analytic = gradients[name].elements
            let scale = max(analytic.map(abs).max() ?? 0, 1e-3)
            #expect(maxAbsoluteDifference(numeric, analytic) / scale < 2e-2, "gradient of \(name)")
        }
    }

    @Test func crossAttentionGradientsMatchFiniteDifferences() throws {
        checkGradients(try tinyModel())
    }

    @Test func poolingGradientsMatchFiniteDifferences() throws {
        checkGradients(try tinyModel(heads: 1, pooling: 2))
    }

    @Test func linearEncoderGradientsMatchFiniteDifferences() throws {
        checkGradients(try tinyModel(heads: 1, share: 0, hidden: 0))
    }
}

@Suite struct ModelScoringTests {
    @Test func scoresAreADistributionOverFrames() throws {
        let model = try tinyModel()
        var generator = SeededGenerator(seed: 5)
        let frames = try model.encodeFrames(Matrix(rows: 10, columns: 6, uniformIn: -1...1, using: &generator))
        let queries = try model.encodeClip(Matrix(rows: 4, columns: 5, uniformIn: -1...1, using: &generator))
        let result = model.scores(queries: queries, frames: frames)
        #expect(result.scores.count == 10)
        #expect(result.scores.allSatisfy { $0 >= 0 })
        #expect(abs(result.scores.reduce(0, +) - 1) < 1e-5)
        #expect(result.weights?.rows == 4 && result.weights?.columns == 10)
    }

    @Test func trainingScoreIsTheRankingScore() throws {
        // The loss of a batch with one clip and one positive is −log(score of that frame).
        let model = try tinyModel()
        let batch = tinyBatch()
        let single = TrainingBatch(clips: [batch.clips[1]], frames: batch.frames, positives: [[1]])
        let scores = model.scores(
            queries: try model.encodeClip(batch.clips[1]),
            frames: try model.encodeFrames(batch.frames)
        ).scores
        #expect(abs(model.loss(on: single).loss + log(scores[1])) < 1e-4)
    }

    @Test func anExcludedFrameIsAsIfItWereNotInTheBatch() throws {
        // Two clips; clip 0 excludes frame 3 (neither positive nor negative), clip 1 does not.
        // Clip 0's loss and gradients equal those of a batch without frame 3.
        let model = try tinyModel()
        let batch = tinyBatch()
        let excluding = TrainingBatch(
            clips: [batch.clips[0]], frames: batch.frames, positives: [[0, 4]], excluded: [[3]])
        let kept = [0, 1, 2, 4, 5]
        let without = TrainingBatch(
            clips: [batch.clips[0]], frames: batch.frames.gatheringRows(kept), positives: [[0, 3]])
        let (lossA, gradientsA) = model.loss(on: excluding)
        let (lossB, gradientsB) = model.loss(on: without)
        #expect(abs(lossA - lossB) < 1e-5)
        for name in model.trainableNames {
            #expect(maxAbsoluteDifference(gradientsA[name].elements, gradientsB[name].elements) < 1e-5, "\(name)")
        }
        // Excluding for one clip leaves the other clip's softmax over every frame.
        let mixed = TrainingBatch(
            clips: [batch.clips[0], batch.clips[1]], frames: batch.frames,
            positives: [[0, 4], [1]], excluded: [[3], []])
        let other = TrainingBatch(clips: [batch.clips[1]], frames: batch.frames, positives: [[1]])
        #expect(abs(model.loss(on: mixed).loss - (lossA + model.loss(on: other).loss) / 2) < 1e-5)
    }

    @Test func wrongTokenWidthIsRefused() throws {
        let model = try tinyModel()
        #expect(throws: ModelError.tokenWidth(kind: "audio", expected: 5, actual: 3)) {
            try model.encodeClip(Matrix(rows: 2, columns: 3))
        }
    }
}

@Suite struct ModelFileTests {
    @Test func saveAndLoadKeepEveryTensorAndSetting() throws {
        let model = try tinyModel(pooling: 2)
        let directory = try TestData.temporaryDirectory()
        let url = directory.appendingPathComponent("m.safetensors")
        try model.save(to: url)
        let loaded = try Model(contentsOf: url)
        #expect(loaded.settings == model.settings)
        #expect(loaded.parameters.names.sorted() == model.parameters.names.sorted())
        for name in model.parameters.names { #expect(loaded.parameters[name] == model.parameters[name]) }
    }

    @Test func truncatedFileIsRefusedWithItsPath() throws {
        let directory = try TestData.temporaryDirectory()
        let url = directory.appendingPathComponent("m.safetensors")
        try tinyModel().save(to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 10).write(to: url)
        #expect { try Model(contentsOf: url) } throws: { error in
            guard case ModelError.invalidFile(let path, _) = error else { return false }
            return path == url.path
        }
    }

    @Test func missingTensorIsRefused() throws {
        var file = try tinyModel().safeTensors
        file.tensors[Model.TensorName.crossKeyProjection] = nil
        #expect { try Model(safeTensors: file, path: "m") } throws: { error in
            "\(error)".contains(Model.TensorName.crossKeyProjection)
        }
    }

    @Test func wrongShapeIsRefused() throws {
        var file = try tinyModel().safeTensors
        file.tensors[Model.TensorName.crossQueryProjection] = NPYArray(
            shape: [3, 3], values: [Float](repeating: 0, count: 9))
        #expect { try Model(safeTensors: file, path: "m") } throws: { error in
            "\(error)".contains(Model.TensorName.crossQueryProjection)
        }
    }
}

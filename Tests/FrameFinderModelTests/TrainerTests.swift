import Foundation
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

/// Clips and frames in `groups` clusters: each item is its group's centre plus noise.
private func clusteredData(groups: Int, clipsPerGroup: Int, framesPerGroup: Int, seed: UInt64) -> TrainingData {
    var generator = SeededGenerator(seed: 99)
    let audioCentres = Matrix(rows: groups, columns: 6, uniformIn: -2...2, using: &generator)
    let frameCentres = Matrix(rows: groups, columns: 5, uniformIn: -2...2, using: &generator)
    generator = SeededGenerator(seed: seed)
    var clips: [[Matrix]] = [], clipGroups: [Int] = [], frameRows: [Float] = [], frameGroups: [Int] = []
    for g in 0..<groups {
        for _ in 0..<clipsPerGroup {
            var tokens = Matrix(rows: 3, columns: 6, uniformIn: -0.5...0.5, using: &generator)
            for r in 0..<3 { for c in 0..<6 { tokens[r, c] += audioCentres[g, c] } }
            clips.append([tokens])
            clipGroups.append(g)
        }
        for _ in 0..<framesPerGroup {
            let noise = Matrix(rows: 1, columns: 5, uniformIn: -0.5...0.5, using: &generator)
            frameRows += zip(frameCentres.row(g), noise.elements).map { $0 + $1 }
            frameGroups.append(g)
        }
    }
    return TrainingData(
        clips: clips, clipGroups: clipGroups,
        frames: Matrix(rows: frameGroups.count, columns: 5, elements: frameRows), frameGroups: frameGroups)
}

private func smallModel(seed: UInt64 = 1) throws -> Model {
    try Model(
        settings: ModelSettings(
            audioTokenWidth: 6, frameTokenWidth: 5,
            architecture: ModelArchitecture(
                hidden: 16, embedding: 8, dimension: 8, valueDimension: 8, heads: 2)), seed: seed)
}

@Suite struct TrainerTests {
    private let options = TrainingOptions(epochs: 8, clipsPerBatch: 8, framesPerBatch: 16, learningRate: 3e-3, seed: 4)

    @Test func trainingIsDeterministicForASeed() throws {
        let data = clusteredData(groups: 4, clipsPerGroup: 6, framesPerGroup: 6, seed: 1)
        let first = try Trainer.train(try smallModel(), on: data, options: options)
        let second = try Trainer.train(try smallModel(), on: data, options: options)
        #expect(first == second)
        var other = options
        other.seed = 5
        #expect(try Trainer.train(try smallModel(), on: data, options: other) != first)
    }

    @Test func trainingRanksHeldOutItemsOfTheSameGroupFirst() throws {
        let data = clusteredData(groups: 4, clipsPerGroup: 10, framesPerGroup: 10, seed: 1)
        let heldOut = clusteredData(groups: 4, clipsPerGroup: 5, framesPerGroup: 10, seed: 2)
        let untrained = Trainer.evaluate(try smallModel(), on: heldOut)
        var reports: [EpochReport] = []
        let model = try Trainer.train(
            try smallModel(), on: data, validation: heldOut,
            options: TrainingOptions(
                epochs: 30, clipsPerBatch: 8, framesPerBatch: 16,
                learningRate: 3e-3, patience: 30, seed: 4)
        ) {
            reports.append($0)
        }
        let trained = Trainer.evaluate(model, on: heldOut)
        #expect(trained.meanAveragePrecision > 0.95)
        #expect(trained.meanAveragePrecision > untrained.meanAveragePrecision)
        #expect(reports.first!.loss > reports.last!.loss)
        // The model returned is the best epoch's.
        let best = reports.filter(\.isBest).last!
        #expect(abs(best.validation!.meanAveragePrecision - trained.meanAveragePrecision) < 1e-9)
    }

    @Test func earlyStoppingEndsAfterPatienceEpochsWithoutImprovement() throws {
        let data = clusteredData(groups: 3, clipsPerGroup: 6, framesPerGroup: 6, seed: 1)
        var reports: [EpochReport] = []
        _ = try Trainer.train(
            try smallModel(), on: data, validation: data,
            options: TrainingOptions(
                epochs: 200, clipsPerBatch: 6, framesPerBatch: 12,
                learningRate: 1e-2, patience: 2, seed: 1)
        ) { reports.append($0) }
        #expect(reports.count < 200)
        let lastBest = reports.lastIndex(where: \.isBest)!
        #expect(reports.count - 1 - lastBest == 2)
    }

    @Test func alignedStreamsPairEachClipWithItsOwnFrame() {
        let clips = (0..<3).map { [Matrix(rows: 1, columns: 2, repeating: Float($0))] }
        let data = TrainingData.aligned(clips: clips, frames: Matrix(rows: 3, columns: 4))
        #expect(data.clipGroups == [0, 1, 2])
        #expect(data.frameGroups == [0, 1, 2])
    }

    @Test func clipsWithoutAnyFrameOfTheirLabelAreRefused() throws {
        let data = TrainingData.labelled(
            clips: [[Matrix(rows: 1, columns: 6)]], clipLabels: ["a"],
            frames: Matrix(rows: 1, columns: 5), frameLabels: ["b"])
        #expect(throws: TrainingError.self) { try Trainer.train(try smallModel(), on: data, options: options) }
    }
}

@Suite struct RetrievalMetricsTests {
    @Test func aPerfectRankingScoresOne() {
        let metrics = RetrievalMetrics(rankedRelevance: [true, true, false, false])
        #expect(metrics.meanAveragePrecision == 1)
        #expect(metrics.recallAt1 == 1 && metrics.meanReciprocalRank == 1)
    }

    @Test func noRelevantItemScoresZero() {
        let metrics = RetrievalMetrics(rankedRelevance: [false, false])
        #expect(metrics.meanAveragePrecision == 0 && metrics.recallAt10 == 0 && metrics.meanReciprocalRank == 0)
    }
}

import FrameFinderMath
import Testing

@testable import FrameFinderModel

/// SpecAugment-style token masks: which values they zero, and that they are seeded.
@Suite struct TokenMaskingTests {
    /// Two tokens of 5 blocks × 4 features with no zero value.
    private let tokens = Matrix(rows: 2, columns: 20, elements: (1...40).map(Float.init))

    private func masked(_ masking: TokenMasking, seed: UInt64) -> Matrix {
        var copy = tokens
        var generator = SeededGenerator(seed: seed)
        masking.apply(to: &copy, using: &generator)
        return copy
    }

    @Test func featureMasksZeroTheSameFeaturesInEveryBlockOfEveryToken() {
        let masking = TokenMasking(blockWidth: 4, featureMasks: 1, maxFeatureWidth: 2)
        var sawMask = false
        for seed in 0..<20 as Range<UInt64> {
            let result = masked(masking, seed: seed)
            let zeroFeatures = Set((0..<20).filter { result[0, $0] == 0 }.map { $0 % 4 })
            #expect(zeroFeatures.count <= 2)
            for row in 0..<2 {
                for column in 0..<20 {
                    let expectZero = zeroFeatures.contains(column % 4)
                    #expect((result[row, column] == 0) == expectZero)
                    if !expectZero { #expect(result[row, column] == tokens[row, column]) }
                }
            }
            sawMask = sawMask || !zeroFeatures.isEmpty
        }
        #expect(sawMask)
    }

    @Test func blockMasksZeroWholeConsecutiveBlocks() {
        let masking = TokenMasking(blockWidth: 4, blockMasks: 1, maxBlocks: 2)
        var sawMask = false
        for seed in 0..<20 as Range<UInt64> {
            let result = masked(masking, seed: seed)
            let zeroBlocks = (0..<5).filter { block in (0..<4).allSatisfy { result[0, block * 4 + $0] == 0 } }
            let zeros = (0..<2).flatMap { row in (0..<20).filter { result[row, $0] == 0 } }
            #expect(zeros.count == 2 * 4 * zeroBlocks.count)
            #expect(zeroBlocks.count <= 2)
            if let first = zeroBlocks.first { #expect(zeroBlocks == Array(first..<(first + zeroBlocks.count))) }
            sawMask = sawMask || !zeroBlocks.isEmpty
        }
        #expect(sawMask)
    }

    @Test func masksAreSeeded() {
        let masking = TokenMasking(blockWidth: 4, featureMasks: 2, maxFeatureWidth: 3, blockMasks: 1, maxBlocks: 1)
        #expect(masked(masking, seed: 3) == masked(masking, seed: 3))
        #expect((0..<10 as Range<UInt64>).contains { masked(masking, seed: $0) != masked(masking, seed: 3) })
    }

    @Test func aSingleBlockTokenGetsNoBlockMask() {
        let single = Matrix(rows: 1, columns: 4, elements: [1, 2, 3, 4])
        var copy = single
        var generator = SeededGenerator(seed: 1)
        TokenMasking(blockWidth: 4, blockMasks: 3, maxBlocks: 1).apply(to: &copy, using: &generator)
        #expect(copy == single)
    }

    @Test func stackingVariantsMakesOneQueryPerClip() {
        let variants = [Matrix(rows: 1, columns: 2, elements: [1, 2]), Matrix(rows: 1, columns: 2, elements: [3, 4])]
        let data = TrainingData(
            clips: [variants], clipGroups: [0], frames: Matrix(rows: 1, columns: 3, repeating: 0),
            frameGroups: [0])
        let stacked = data.stackingVariants()
        #expect(stacked.clips.count == 1 && stacked.clips[0].count == 1)
        #expect(stacked.clips[0][0] == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
    }
}

@Suite struct MaskRunsParsingTests {
    @Test func parsesCountAndWidth() {
        #expect(TokenMasking.Runs("2:3") == TokenMasking.Runs(count: 2, width: 3))
        #expect(TokenMasking.Runs(count: 2, width: 3).description == "2:3")
        let most = TokenMasking.Runs(count: TokenMasking.Runs.maximumCount, width: TokenMasking.Runs.maximumWidth)
        #expect(TokenMasking.Runs(most.description) == most)
    }

    @Test(arguments: ["2", "a:1", "2:", "-1:3", "17:1", "1:65", "1:2:3"])
    func refusesOtherText(text: String) {
        #expect(TokenMasking.Runs(text) == nil)
    }

    @Test func runsSetTheMasks() {
        let masking = TokenMasking(blockWidth: 20, features: TokenMasking.Runs(count: 2, width: 3), blocks: nil)
        #expect(masking == TokenMasking(blockWidth: 20, featureMasks: 2, maxFeatureWidth: 3))
    }
}

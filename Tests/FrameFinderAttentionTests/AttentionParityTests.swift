import FrameFinderAttention
import FrameFinderMath
import TestSupport
import Testing

/// The mechanism against numpy's `softmax(Q Kᵀ / √d + M) V` (tools/gen_attention_fixtures.py).
@Suite struct AttentionParityTests {
    static let cases = ["single", "basic", "causal", "padding", "additive", "heads"]

    @Test(arguments: cases)
    func weightsAndOutputMatchNumpy(name: String) throws {
        let file = try fixture(name)
        let heads = Int(file.metadata["heads"] ?? "1")!
        let mask = try file.tensors["mask"].map { _ in AttentionMask(bias: try file.matrix("mask")) }
        let result = Attention.scaledDotProduct(
            queries: try file.matrix("queries"), keys: try file.matrix("keys"), values: try file.matrix("values"),
            heads: heads, mask: mask
        )
        #expect(result.weights.count == heads)
        for h in 0..<heads {
            let expected = try file.matrix("weights\(h)")
            #expect(result.weights[h].shape == expected.shape)
            #expect(maxRelativeDifference(result.weights[h].elements, expected.elements) < 1e-5)
        }
        #expect(result.output.isFinite)
        #expect(scaledDifference(result.output, try file.matrix("output")) < 1e-5)
    }

    @Test func causalAndPaddingMasksAreThoseOfNumpy() throws {
        #expect(AttentionMask.causal(queries: 6, keys: 6).bias == (try fixture("causal").matrix("mask")))
        let valid = (0..<9).map { ![2, 7, 8].contains($0) }
        #expect(AttentionMask.keyPadding(validKeys: valid, queries: 5).bias == (try fixture("padding").matrix("mask")))
    }

    @Test func fullyMaskedQueryGetsZerosNotNaN() throws {
        let file = try fixture("additive")
        let result = Attention.scaledDotProduct(
            queries: try file.matrix("queries"), keys: try file.matrix("keys"), values: try file.matrix("values"),
            mask: AttentionMask(bias: try file.matrix("mask"))
        )
        #expect(result.weights[0].row(2).allSatisfy { $0 == 0 })
        #expect(result.output.row(2).allSatisfy { $0 == 0 })
    }

    @Test func projectionLayerMatchesNumpy() throws {
        let file = try fixture("layer")
        let layer = Attention(
            queryProjection: try file.matrix("wq"), keyProjection: try file.matrix("wk"),
            valueProjection: try file.matrix("wv"), outputProjection: try file.matrix("wo"), heads: 2
        )
        let forward = layer(
            queriesFrom: try file.matrix("queryTokens"), keysAndValuesFrom: try file.matrix("keyValueTokens"))
        for h in 0..<2 {
            #expect(maxRelativeDifference(forward.weights[h].elements, try file.tensor("weights\(h)").values) < 1e-5)
        }
        #expect(scaledDifference(forward.attended, try file.matrix("attended")) < 1e-5)
        #expect(scaledDifference(forward.output, try file.matrix("output")) < 1e-5)
    }

    /// 6,000 queries over 2,000 keys: numpy's samples and summaries against the full
    /// computation and the streamed one.
    @Test func largeShapeMatchesNumpyFullAndStreamed() throws {
        let file = try fixture("large")
        let q = hashed(70, 6000, 16, scale: 3), k = hashed(71, 2000, 16), v = hashed(72, 2000, 16)
        let rows = try file.tensor("sampleRows").values.map { Int($0) }
        let full = Attention.scaledDotProduct(queries: q, keys: k, values: v)
        #expect(scaledDifference(full.output.gatheringRows(rows), try file.matrix("output")) < 1e-5)
        #expect(
            maxRelativeDifference(
                full.weights[0].gatheringRows(Array(rows.prefix(8))).elements,
                try file.tensor("weights").values) < 1e-5)
        #expect(maxRelativeDifference(full.weights[0].columnMeans, try file.tensor("meanWeights").values) < 1e-5)

        let streamed = Attention.streamed(queries: q, keys: k, values: v)
        #expect(scaledDifference(streamed.output.gatheringRows(rows), try file.matrix("output")) < 1e-5)
        #expect(maxRelativeDifference(streamed.logSumExp.elements, try file.tensor("logSumExp").values) < 1e-5)
        let mean = Attention.meanWeights(queries: q, keys: k, logSumExp: streamed.logSumExp)
        #expect(maxRelativeDifference(mean, try file.tensor("meanWeights").values) < 1e-5)
    }
}

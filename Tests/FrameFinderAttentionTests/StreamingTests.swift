import FrameFinderAttention
import FrameFinderMath
import TestSupport
import Testing

/// Streamed attention equals the full computation; permuting keys permutes the weights.
@Suite struct StreamingTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let queries: Int, keys: Int, dimension: Int, heads: Int, keyBlock: Int, queryBlock: Int, threads: Int
        var testDescription: String {
            "\(queries)x\(keys) d=\(dimension) h=\(heads) blocks \(queryBlock)x\(keyBlock) threads \(threads)"
        }
    }

    static let shapes = [
        Shape(queries: 1, keys: 1, dimension: 1, heads: 1, keyBlock: 512, queryBlock: 128, threads: 2),
        Shape(queries: 7, keys: 13, dimension: 4, heads: 1, keyBlock: 5, queryBlock: 3, threads: 2),
        Shape(queries: 50, keys: 300, dimension: 8, heads: 2, keyBlock: 64, queryBlock: 16, threads: 2),
        Shape(queries: 129, keys: 1000, dimension: 16, heads: 4, keyBlock: 512, queryBlock: 128, threads: 1),
    ]

    @Test(arguments: shapes)
    func streamedEqualsFull(shape: Shape) {
        let q = hashed(200, shape.queries, shape.dimension, scale: 4)
        let k = hashed(201, shape.keys, shape.dimension), v = hashed(202, shape.keys, shape.dimension * 2)
        let valid = (0..<shape.keys).map { shape.keys == 1 || $0 % 7 != 3 }
        let streaming = Attention.Streaming(
            keyBlock: shape.keyBlock, queryBlock: shape.queryBlock, threads: shape.threads)
        let full = Attention.scaledDotProduct(
            queries: q, keys: k, values: v, heads: shape.heads,
            mask: .keyPadding(validKeys: valid, queries: shape.queries))
        let streamed = Attention.streamed(
            queries: q, keys: k, values: v, heads: shape.heads, validKeys: valid, streaming: streaming)
        #expect(scaledDifference(streamed.output, full.output) < 1e-5)

        let mean = Attention.meanWeights(
            queries: q, keys: k, heads: shape.heads, logSumExp: streamed.logSumExp,
            validKeys: valid, streaming: streaming)
        var expected = [Float](repeating: 0, count: shape.keys)
        for weights in full.weights {
            for (j, m) in weights.columnMeans.enumerated() { expected[j] += m / Float(shape.heads) }
        }
        #expect(maxRelativeDifference(mean, expected) < 1e-5)

        // The log-sum-exp recovers any weight: A_h[i, j] = exp(s_ij − lse[i, h]).
        let h = shape.heads - 1, dh = shape.dimension / shape.heads
        let i = shape.queries / 2, j = 0
        var score: Float = 0
        for c in h * dh..<(h + 1) * dh { score += q[i, c] * k[j, c] }
        let recovered = VectorKernels.exp(score / Float(dh).squareRoot() - streamed.logSumExp[i, h])
        #expect(abs(recovered - full.weights[h][i, j]) <= 1e-5 * max(full.weights[h][i, j], 1e-6))
    }

    @Test func queryThatSeesNoKeyGetsZerosNotNaN() {
        let q = hashed(210, 3, 4), k = hashed(211, 5, 4), v = hashed(212, 5, 2)
        let valid = [Bool](repeating: false, count: 5)
        let streamed = Attention.streamed(queries: q, keys: k, values: v, validKeys: valid)
        #expect(streamed.output == Matrix(rows: 3, columns: 2))
        #expect(streamed.logSumExp.elements.allSatisfy { $0 == -.infinity })
        let mean = Attention.meanWeights(queries: q, keys: k, logSumExp: streamed.logSumExp, validKeys: valid)
        #expect(mean == [0, 0, 0, 0, 0])
    }

    @Test func permutingKeysAndValuesPermutesWeightsAndKeepsOutput() {
        let q = hashed(220, 6, 8, scale: 3), k = hashed(221, 11, 8), v = hashed(222, 11, 6)
        var generator = SeededGenerator(seed: 3)
        let permutation = Array(0..<11).shuffled(using: &generator)
        let original = Attention.scaledDotProduct(queries: q, keys: k, values: v, heads: 2)
        let permuted = Attention.scaledDotProduct(
            queries: q, keys: k.gatheringRows(permutation), values: v.gatheringRows(permutation), heads: 2)
        for h in 0..<2 {
            let expected = original.weights[h].transposed.gatheringRows(permutation).transposed
            #expect(maxRelativeDifference(permuted.weights[h].elements, expected.elements) < 1e-5)
        }
        #expect(scaledDifference(permuted.output, original.output) < 1e-5)
        let streamed = Attention.streamed(
            queries: q, keys: k.gatheringRows(permutation),
            values: v.gatheringRows(permutation), heads: 2,
            streaming: .init(keyBlock: 4, queryBlock: 4, threads: 2))
        #expect(scaledDifference(streamed.output, original.output) < 1e-5)
    }
}

import Dispatch
import Foundation
import FrameFinderMath

extension Attention {
    /// The result of streamed attention: the output and, per query and head, the log-sum-exp
    /// of the scaled scores, from which any weight can be recomputed.
    public struct Streamed: Sendable, Equatable {
        /// `V'`, `T × d_v`, equal to `scaledDotProduct(...).output`.
        public var output: Matrix
        /// `lse[i, h] = log Σ_j exp(s_ij)` for head `h`'s scaled (and masked) scores `s`;
        /// `T × H`. `A_h[i, j] = exp(s_ij − lse[i, h])`; `−∞` for a query that sees no key.
        public var logSumExp: Matrix
    }

    /// The block sizes and core count of the streaming kernels.
    public struct Streaming: Sendable, Equatable {
        /// Keys per block: the kernels hold `queryBlock × keyBlock` scores at a time.
        public var keyBlock: Int
        /// Queries per tile; tiles are shared out among the threads.
        public var queryBlock: Int
        /// Worker threads (each calls single-threaded BLAS).
        public var threads: Int

        public init(
            keyBlock: Int = 512, queryBlock: Int = 128, threads: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            precondition(keyBlock >= 1 && queryBlock >= 1 && threads >= 1, "Block sizes and threads must be positive")
            self.keyBlock = keyBlock
            self.queryBlock = queryBlock
            self.threads = threads
        }
    }

    /// Scaled dot-product attention streamed over blocks of keys, as flash attention does:
    /// the `T × N` weights are never held, memory is `O((T + N) · d + threads · block²)`.
    ///
    /// Equals `scaledDotProduct(queries:keys:values:heads:mask:)` with a key-padding mask
    /// (up to float rounding). For each query `i` (per head) it keeps a running maximum `m`,
    /// a running denominator `ℓ` and an unnormalised output `o`, and for each key block `B`
    /// with scaled scores `s_ij = q_i·k_j / √d_h`:
    /// ```
    /// m' = max(m, max_{j∈B} s_ij)
    /// ℓ  = ℓ · exp(m − m') + Σ_{j∈B} exp(s_ij − m')
    /// o  = o · exp(m − m') + Σ_{j∈B} exp(s_ij − m') · v_j
    /// m  = m'
    /// ```
    /// and finally `V'_i = o / ℓ`, `lse_i = m + log ℓ`. Rescaling by `exp(m − m')` keeps every
    /// exponent ≤ 0, as the row maximum does in a plain softmax. Query tiles run on
    /// `streaming.threads` threads with OpenBLAS limited to one thread meanwhile.
    ///
    /// - Parameters:
    ///   - queries: `Q`, `T × d`; keys: `K`, `N × d`; values: `V`, `N × d_v`.
    ///   - heads: `H`, dividing `d` and `d_v`.
    ///   - validKeys: an optional key-padding mask (`false` keys get no weight).
    ///   - streaming: block sizes and thread count.
    public static func streamed(
        queries: Matrix, keys: Matrix, values: Matrix, heads: Int = 1,
        validKeys: [Bool]? = nil, streaming: Streaming = Streaming()
    ) -> Streamed {
        keys.withView { k in
            values.withView { v in
                streamed(queries: queries, keys: k, values: v, heads: heads, validKeys: validKeys, streaming: streaming)
            }
        }
    }

    /// `streamed(queries:keys:values:...)` reading the keys and values in place (a mapped index).
    public static func streamed(
        queries: Matrix, keys: MatrixView, values: MatrixView, heads: Int = 1,
        validKeys: [Bool]? = nil, streaming: Streaming = Streaming()
    ) -> Streamed {
        let split = HeadSplit(
            queryWidth: queries.columns, keys: (keys.rows, keys.columns),
            values: (values.rows, values.columns), heads: heads)
        precondition(validKeys.map { $0.count == keys.rows } ?? true, "validKeys needs one flag per key")
        let t = queries.rows
        var output = Matrix(rows: t, columns: values.columns)
        var lse = Matrix(rows: t, columns: heads, repeating: -.infinity)
        let tiles = (t + streaming.queryBlock - 1) / streaming.queryBlock
        let invalid = invalidKeyIndices(validKeys)
        queries.elements.withUnsafeBufferPointer { q in
            output.elements.withUnsafeMutableBufferPointer { o in
                lse.elements.withUnsafeMutableBufferPointer { l in
                    let kernel = StreamingKernel(
                        split: split, streaming: streaming, queryCount: t, keyCount: keys.rows,
                        q: q.baseAddress, k: keys.base, v: values.base, invalidKeys: invalid,
                        output: o.baseAddress, logSumExp: l.baseAddress
                    )
                    kernel.parallel(tasks: tiles) { tile, scratch in
                        for h in 0..<heads { kernel.attend(tile: tile, head: h, scratch: &scratch) }
                    }
                }
            }
        }
        return Streamed(output: output, logSumExp: lse)
    }

    /// The attention mass each key receives, averaged over queries and heads, streamed:
    /// `score_j = 1/(H·T) · Σ_h Σ_i A_h[i, j]` with `A_h[i, j] = exp(s_ij − lse[i, h])`.
    ///
    /// A second pass over the key blocks, after `streamed` gave the log-sum-exp; equals
    /// `mean over heads of scaledDotProduct(...).weights[h].columnMeans` without holding the
    /// `T × N` weights. This ranks huge frame sets: frame `j`'s score is the mean weight the
    /// clip's tokens give it. Key blocks are shared out among the threads.
    ///
    /// - Parameters: as for `streamed`, plus `logSumExp`, its `T × H` result.
    public static func meanWeights(
        queries: Matrix, keys: Matrix, heads: Int = 1, logSumExp: Matrix,
        validKeys: [Bool]? = nil, streaming: Streaming = Streaming()
    ) -> [Float] {
        let split = HeadSplit(queries: queries, keys: keys, values: keys, heads: heads)
        precondition(logSumExp.rows == queries.rows && logSumExp.columns == heads, "logSumExp must be T × H")
        precondition(validKeys.map { $0.count == keys.rows } ?? true, "validKeys needs one flag per key")
        var sums = [Float](repeating: 0, count: keys.rows)
        let blocks = (keys.rows + streaming.keyBlock - 1) / streaming.keyBlock
        let invalid = invalidKeyIndices(validKeys)
        queries.elements.withUnsafeBufferPointer { q in
            keys.elements.withUnsafeBufferPointer { k in
                logSumExp.elements.withUnsafeBufferPointer { l in
                    sums.withUnsafeMutableBufferPointer { s in
                        let kernel = StreamingKernel(
                            split: split, streaming: streaming, queryCount: queries.rows, keyCount: keys.rows,
                            q: q.baseAddress, k: k.baseAddress, v: nil, invalidKeys: invalid,
                            logSumExp: UnsafeMutablePointer(mutating: l.baseAddress), sums: s.baseAddress
                        )
                        kernel.parallel(tasks: blocks) { block, scratch in
                            for h in 0..<heads { kernel.accumulateWeights(keyBlock: block, head: h, scratch: &scratch) }
                        }
                    }
                }
            }
        }
        let scale = 1 / Float(queries.rows * heads)
        return sums.map { $0 * scale }
    }

    private static func invalidKeyIndices(_ validKeys: [Bool]?) -> [Int] {
        validKeys.map { flags in flags.indices.filter { !flags[$0] } } ?? []
    }
}

/// The blocked loops behind `Attention.streamed` and `Attention.meanWeights`, on raw
/// row-major buffers; head `h` reads its columns in place through the leading dimension.
struct StreamingKernel: @unchecked Sendable {
    let split: HeadSplit
    let streaming: Attention.Streaming
    let queryCount: Int, keyCount: Int
    let q: UnsafePointer<Float>?, k: UnsafePointer<Float>?, v: UnsafePointer<Float>?
    /// Indices of masked keys, sorted (usually empty).
    let invalidKeys: [Int]
    /// Where results go: `V'` (`T × d_v`) and the log-sum-exp (`T × H`) of `attend`, or the
    /// per-key weight sums of `accumulateWeights` (which reads the log-sum-exp).
    /// Threads write disjoint parts of them.
    var output: UnsafeMutablePointer<Float>? = nil
    var logSumExp: UnsafeMutablePointer<Float>? = nil
    var sums: UnsafeMutablePointer<Float>? = nil

    var width: Int { split.headDimension * split.heads }
    var valueWidth: Int { split.valueHeadDimension * split.heads }

    /// One thread's working memory: a tile of scores and the running statistics.
    struct Scratch {
        var scores: [Float]
        var runningMax: [Float]
        /// `o` per query of the tile: the unnormalised output.
        var accumulator: [Float]
        /// `ℓ` per query of the tile: the weight sum.
        var rowSums: [Float]
        var ones: [Float]
    }

    /// Runs `tasks` numbered tasks on the worker threads, task `i` on worker `i mod threads`.
    func parallel(tasks: Int, _ body: @escaping @Sendable (Int, inout Scratch) -> Void) {
        let workers = min(streaming.threads, max(tasks, 1))
        BLAS.withThreadCount(1) {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var scratch = Scratch(
                    scores: [Float](repeating: 0, count: streaming.queryBlock * streaming.keyBlock),
                    runningMax: [Float](repeating: 0, count: streaming.queryBlock),
                    accumulator: [Float](repeating: 0, count: streaming.queryBlock * split.valueHeadDimension),
                    rowSums: [Float](repeating: 0, count: streaming.queryBlock),
                    ones: [Float](repeating: 1, count: streaming.queryBlock)
                )
                for task in stride(from: worker, to: tasks, by: workers) { body(task, &scratch) }
            }
        }
    }

    /// The scaled scores of queries `rows` against keys `keys` for head `h` into `scores`
    /// (`rows.count × keys.count`, row-major), masked keys set to `−∞`.
    func scores(rows: Range<Int>, keys: Range<Int>, head h: Int, into scores: UnsafeMutablePointer<Float>) {
        let dh = split.headDimension
        BLAS.gemm(
            m: rows.count, n: keys.count, k: dh,
            a: q! + rows.lowerBound * width + h * dh, lda: width,
            b: k! + keys.lowerBound * width + h * dh, ldb: width, transposeB: true,
            c: scores, ldc: keys.count, alpha: split.scale, beta: 0
        )
        guard !invalidKeys.isEmpty else { return }
        let first = invalidKeys.firstIndex { $0 >= keys.lowerBound } ?? invalidKeys.endIndex
        for index in invalidKeys[first...].prefix(while: { $0 < keys.upperBound }) {
            for r in 0..<rows.count { scores[r * keys.count + index - keys.lowerBound] = -.infinity }
        }
    }

    /// Streams every key block through query tile `tile` of head `h` (the online softmax).
    ///
    /// Per block, one `sgemm` accumulates `o += P · V_h` (reading head `h`'s columns of `V`
    /// in place) and `ℓ` gains each row's sum of `P`.
    func attend(tile: Int, head h: Int, scratch: inout Scratch) {
        guard let output, let logSumExp, let v else { return }
        let rows = tile * streaming.queryBlock..<min((tile + 1) * streaming.queryBlock, queryCount)
        let dv = split.valueHeadDimension
        scratch.runningMax.withUnsafeMutableBufferPointer { m in
            scratch.accumulator.withUnsafeMutableBufferPointer { acc in
                scratch.rowSums.withUnsafeMutableBufferPointer { l in
                    scratch.scores.withUnsafeMutableBufferPointer { s in
                        m.update(repeating: -.infinity)
                        acc.update(repeating: 0)
                        l.update(repeating: 0)
                        for keyStart in stride(from: 0, to: keyCount, by: streaming.keyBlock) {
                            let keys = keyStart..<min(keyStart + streaming.keyBlock, keyCount)
                            let n = keys.count
                            self.scores(rows: rows, keys: keys, head: h, into: s.baseAddress!)
                            for r in 0..<rows.count {
                                let row = UnsafeMutableBufferPointer(start: s.baseAddress! + r * n, count: n)
                                let newMax = max(m[r], VectorKernels.maximum(UnsafeBufferPointer(row)))
                                guard newMax > -.infinity else {
                                    row.update(repeating: 0)
                                    continue
                                }
                                if newMax > m[r] {
                                    // exp(m − m') rescales o and ℓ; it is 0 while m is still −∞.
                                    let correction = VectorKernels.exp(m[r] - newMax)
                                    for c in r * dv..<(r + 1) * dv { acc[c] *= correction }
                                    l[r] *= correction
                                    m[r] = newMax
                                }
                                VectorKernels.exponentiate(row, subtracting: newMax)
                                l[r] += VectorKernels.sum(UnsafeBufferPointer(row))
                            }
                            BLAS.gemm(
                                m: rows.count, n: dv, k: n,
                                a: s.baseAddress, lda: n,
                                b: v + keyStart * valueWidth + h * dv, ldb: valueWidth,
                                c: acc.baseAddress, ldc: dv, beta: 1
                            )
                        }
                        for r in 0..<rows.count {
                            let i = rows.lowerBound + r
                            let total = l[r]
                            guard total > 0 else {
                                // No key seen: −∞; NaN scores (an extreme weight) stay NaN.
                                logSumExp[i * split.heads + h] = total.isNaN ? .nan : -.infinity
                                if total.isNaN { for c in 0..<dv { output[i * valueWidth + h * dv + c] = .nan } }
                                continue
                            }
                            let out = output + i * valueWidth + h * dv
                            for c in 0..<dv { out[c] = acc[r * dv + c] / total }
                            logSumExp[i * split.heads + h] = m[r] + log(total)
                        }
                    }
                }
            }
        }
    }

    /// Adds `Σ_i A_h[i, j]` over all queries into `sums[j]` for the keys of block `block`.
    func accumulateWeights(keyBlock block: Int, head h: Int, scratch: inout Scratch) {
        guard let logSumExp, let sums else { return }
        let keys = block * streaming.keyBlock..<min((block + 1) * streaming.keyBlock, keyCount)
        let n = keys.count
        scratch.scores.withUnsafeMutableBufferPointer { s in
            scratch.ones.withUnsafeBufferPointer { ones in
                for rowStart in stride(from: 0, to: queryCount, by: streaming.queryBlock) {
                    let rows = rowStart..<min(rowStart + streaming.queryBlock, queryCount)
                    self.scores(rows: rows, keys: keys, head: h, into: s.baseAddress!)
                    for r in 0..<rows.count {
                        let row = UnsafeMutableBufferPointer(start: s.baseAddress! + r * n, count: n)
                        let shift = logSumExp[(rows.lowerBound + r) * split.heads + h]
                        if shift == -.infinity {
                            row.update(repeating: 0)
                        } else {
                            VectorKernels.exponentiate(row, subtracting: shift)
                        }
                    }
                    // sums[keys] += 1ᵀ · P: the column sums of the tile's weights.
                    BLAS.gemm(
                        m: 1, n: n, k: rows.count, a: ones.baseAddress, lda: rows.count,
                        b: s.baseAddress, ldb: n, c: sums + keys.lowerBound, ldc: n, beta: 1
                    )
                }
            }
        }
    }
}

import Dispatch
import FrameFinderMath

extension Attention {
    /// One attention whose weights `groupedMeanWeights` averages: its queries, keys and head
    /// count, the log-sum-exp `streamed` gave for them, and the share its mean contributes.
    public struct WeightTerm: Sendable {
        public var queries: Matrix
        /// Read in place: a matrix's view (`Matrix.withView`) lives only as long as that call.
        public var keys: MatrixView
        public var heads: Int
        /// `T × H`, from `streamed(queries:keys:values:heads:...)`.
        public var logSumExp: Matrix
        public var share: Float

        public init(queries: Matrix, keys: MatrixView, heads: Int = 1, logSumExp: Matrix, share: Float = 1) {
            precondition(logSumExp.rows == queries.rows && logSumExp.columns == heads, "logSumExp must be T × H")
            self.queries = queries
            self.keys = keys
            self.heads = heads
            self.logSumExp = logSumExp
            self.share = share
        }
    }

    /// The mean attention weight each group of query rows gives each key, streamed block by
    /// block: many clips' queries stacked into one `Q`, each clip's scores kept apart.
    ///
    /// For group `g` (a range of query rows) and key `j`, summed over the terms `t`:
    /// ```
    /// mean[g, j] = Σ_t share_t / (H_t · |g|) · Σ_{i∈g} Σ_h exp(s^t_ij,h − lse^t_i,h)
    /// ```
    /// which is `meanWeights` of each group's rows alone (each row's softmax is its own), so
    /// one call equals one `meanWeights` call per group and term, up to float rounding. Each
    /// key block is one `sgemm` of all the rows against the block's keys (a matrix–matrix
    /// product however few rows a group has); the rows' weights are then added into their
    /// group's row. Key blocks run on `streaming.threads` threads (OpenBLAS on one thread
    /// meanwhile), and `consume` gets them in key order, one at a time, as
    /// `(keys, means)` with `means` the `groups.count × keys.count` row-major block: memory is
    /// `O(threads · (queryBlock + groups) · keyBlock)` beyond the inputs, whatever the key count.
    ///
    /// - Precondition: every term has the same query rows and key count; groups lie inside
    ///   the rows and do not overlap.
    public static func groupedMeanWeights(
        terms: [WeightTerm], groups: [Range<Int>], streaming: Streaming = Streaming(),
        consume: (_ keys: Range<Int>, _ means: UnsafeBufferPointer<Float>) -> Void
    ) {
        guard let first = terms.first, !groups.isEmpty else { return }
        let rowCount = first.queries.rows, keyCount = first.keys.rows
        precondition(
            terms.allSatisfy { $0.queries.rows == rowCount && $0.keys.rows == keyCount },
            "Every term needs the same queries rows and key count")
        var groupOfRow = [Int](repeating: -1, count: rowCount)
        for (g, rows) in groups.enumerated() {
            precondition(rows.lowerBound >= 0 && rows.upperBound <= rowCount, "Group \(rows) lies outside the rows")
            for i in rows {
                precondition(groupOfRow[i] < 0, "Groups overlap at row \(i)")
                groupOfRow[i] = g
            }
        }
        // weight[t][g] = share_t / (H_t · |g|)
        let weights = terms.map { term in groups.map { term.share / Float(term.heads * max($0.count, 1)) } }
        let blocks = (keyCount + streaming.keyBlock - 1) / streaming.keyBlock
        let workers = min(streaming.threads, max(blocks, 1))
        let chunkSize = groups.count * streaming.keyBlock, scoreSize = streaming.queryBlock * streaming.keyBlock
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: workers * (chunkSize + scoreSize))
        defer { buffer.deallocate() }
        withKernels(terms[...], streaming: streaming, []) { kernels in
            let work = GroupedBlocks(
                kernels: kernels, weights: weights, groupOfRow: groupOfRow, groups: groups.count,
                rowCount: rowCount, keyCount: keyCount, streaming: streaming, buffer: buffer,
                chunkSize: chunkSize, scoreSize: scoreSize)
            BLAS.withThreadCount(1) {
                for start in stride(from: 0, to: blocks, by: workers) {
                    let count = min(workers, blocks - start)
                    DispatchQueue.concurrentPerform(iterations: count) { w in work.compute(block: start + w, worker: w)
                    }
                    for w in 0..<count {
                        let keys = work.keys(of: start + w)
                        consume(keys, UnsafeBufferPointer(start: work.chunk(w), count: groups.count * keys.count))
                    }
                }
            }
        }
    }

    /// Calls `body` with one `StreamingKernel` per term, their query and log-sum-exp buffers pinned meanwhile.
    private static func withKernels(
        _ terms: ArraySlice<WeightTerm>, streaming: Streaming, _ kernels: [StreamingKernel],
        _ body: ([StreamingKernel]) -> Void
    ) {
        guard let term = terms.first else { return body(kernels) }
        term.queries.elements.withUnsafeBufferPointer { q in
            term.logSumExp.elements.withUnsafeBufferPointer { l in
                let shape = (term.keys.rows, term.keys.columns)
                let kernel = StreamingKernel(
                    split: HeadSplit(queryWidth: term.queries.columns, keys: shape, values: shape, heads: term.heads),
                    streaming: streaming, queryCount: term.queries.rows, keyCount: term.keys.rows,
                    q: q.baseAddress, k: term.keys.base, v: nil, invalidKeys: [],
                    logSumExp: UnsafeMutablePointer(mutating: l.baseAddress)
                )
                withKernels(terms.dropFirst(), streaming: streaming, kernels + [kernel], body)
            }
        }
    }
}

/// The work of one key block of `groupedMeanWeights`, on a worker's part of a shared buffer.
private struct GroupedBlocks: @unchecked Sendable {
    let kernels: [StreamingKernel]
    let weights: [[Float]]
    let groupOfRow: [Int]
    let groups: Int, rowCount: Int, keyCount: Int
    let streaming: Attention.Streaming
    let buffer: UnsafeMutableBufferPointer<Float>
    let chunkSize: Int, scoreSize: Int

    func keys(of block: Int) -> Range<Int> {
        block * streaming.keyBlock..<min((block + 1) * streaming.keyBlock, keyCount)
    }

    /// Worker `w`'s `groups × keyBlock` block of means.
    func chunk(_ w: Int) -> UnsafeMutablePointer<Float> { buffer.baseAddress! + w * (chunkSize + scoreSize) }

    /// Fills worker `w`'s chunk with the group means of key block `block`.
    func compute(block: Int, worker w: Int) {
        let keys = keys(of: block), n = keys.count
        let chunk = chunk(w), scores = chunk + chunkSize
        chunk.update(repeating: 0, count: groups * n)
        for (t, kernel) in kernels.enumerated() {
            let heads = kernel.split.heads
            for rowStart in stride(from: 0, to: rowCount, by: streaming.queryBlock) {
                let rows = rowStart..<min(rowStart + streaming.queryBlock, rowCount)
                for h in 0..<heads {
                    kernel.scores(rows: rows, keys: keys, head: h, into: scores)
                    for r in 0..<rows.count {
                        let i = rows.lowerBound + r, g = groupOfRow[i]
                        let shift = kernel.logSumExp![i * heads + h]
                        // A row that saw no key adds nothing; a NaN (an extreme weight) spreads to the means.
                        guard g >= 0, shift != -.infinity else { continue }
                        let row = UnsafeMutableBufferPointer(start: scores + r * n, count: n)
                        VectorKernels.exponentiate(row, subtracting: shift)
                        BLAS.axpy(count: n, alpha: weights[t][g], x: row.baseAddress, y: chunk + g * n)
                    }
                }
            }
        }
    }
}

// bench-batch: batch retrieval at archive scale with the shipped model.
//
//   bench-batch make-index --frames N --out F.ffindex
//       An index of N synthetic frames: frame tokens drawn from seeds (uniform in [0, 1]),
//       encoded by the real default model 2,048 at a time and streamed to the file
//       (FrameIndexWriter), as `framefinder index` does after decoding. Reports frames/s
//       and peak memory.
//   bench-batch score --index F.ffindex --clips DIR [--count C] [--block B] [--peer-dir D]
//       C real clips (DIR listed in natural order) ranked against the index: end to end
//       (front-ends + batched scoring, blocks of B), the scoring stage alone (GFLOP/s), the
//       machine's sgemm at the kernel's shapes, peak memory; with --peer-dir, writes the
//       first block's queries, keys, values and scores for bench/python/batch_peer.py.
import BenchSupport
import Dispatch
import Foundation
import FrameFinder

/// Peak resident memory of this process so far, in MiB (getrusage; Linux reports KiB).
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

struct Options {
    var command = ""
    var frames = 1_000_000, count = 1000, block = 256, repeats = 3
    var out = "", index = "", clips = "", peerDirectory: String?

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()[...]
        command = rest.popFirst() ?? ""
        while let flag = rest.popFirst() {
            func text() -> String {
                guard let value = rest.popFirst() else { fatalError("bench-batch: \(flag) needs a value") }
                return value
            }
            func number() -> Int {
                guard let value = Int(text()), value > 0 else {
                    fatalError("bench-batch: \(flag) needs a positive integer")
                }
                return value
            }
            switch flag {
            case "--frames": frames = number()
            case "--count": count = number()
            case "--block": block = number()
            case "--repeats": repeats = number()
            case "--out": out = text()
            case "--index": index = text()
            case "--clips": clips = text()
            case "--peer-dir": peerDirectory = text()
            default: fatalError("bench-batch: unknown option \(flag)")
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let model = try Model.default
let cores = ProcessInfo.processInfo.activeProcessorCount
switch options.command {
case "make-index": try makeIndex()
case "score": try score()
default: fatalError("bench-batch: make-index or score")
}

func makeIndex() throws {
    let rows = FrameIndex.encodingRows, width = model.settings.frameTokenWidth
    BLAS.setThreadCount(cores)
    let writer = try FrameIndexWriter(
        url: URL(fileURLWithPath: options.out), modelIdentity: model.identity, modelName: "default", fps: 25,
        source: "synthetic", keyWidth: model.settings.dimension, valueWidth: model.settings.valueDimension)
    var tokenSeconds = 0.0
    let start = now()
    for first in stride(from: 0, to: options.frames, by: rows) {
        let count = min(rows, options.frames - first)
        let t0 = now()
        let scaled = Matrix(hashedSeed: UInt64(1000 + first / rows), rows: rows, columns: width, scale: 0.5)
        let tokens = Matrix(rows: rows, columns: width, elements: scaled.elements.map { $0 + 0.5 })
        tokenSeconds += now() - t0
        let encoded = try model.encodeFrames(tokens)
        let references = (first..<first + count).map {
            FrameReference(path: String(format: "synthetic/frame%07d.png", $0 + 1), index: $0, time: Double($0) / 25)
        }
        try writer.append(
            references, EncodedFrames(keys: encoded.keys.rows(0..<count), values: encoded.values.rows(0..<count)))
    }
    try writer.finish()
    let seconds = now() - start
    let size = (try FileManager.default.attributesOfItem(atPath: options.out)[.size] as? NSNumber)?.doubleValue ?? 0
    print(
        String(
            format: "make-index: %d frames in %.2f s (%.2f s making tokens): %.0f frames/s encoded and written; "
                + "index %.1f MiB; peak memory %.1f MiB", options.frames, seconds, tokenSeconds,
            Double(options.frames) / (seconds - tokenSeconds), size / 1_048_576, peakMemoryMiB()))
}

func score() throws {
    let loadStart = now()
    let index = try FrameIndex(contentsOf: URL(fileURLWithPath: options.index))
    let loadSeconds = now() - loadStart
    let retriever = try Retriever(model: model, name: "default")
    try retriever.check(index, path: options.index)
    let recipe = retriever.recipe
    let folder = URL(fileURLWithPath: options.clips)
    let clips = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".wav") }
        .sorted(by: naturallyPrecedes).prefix(options.count).map { folder.appendingPathComponent($0) }
    let n = index.count, d = model.settings.dimension
    let streaming = Attention.Streaming(keyBlock: 512, queryBlock: 64, threads: cores)
    print(
        "bench-batch score: \(clips.count) clips, N = \(n) frames, d = \(d), blocks of \(options.block) clips, "
            + "\(cores) cores; index read in \(String(format: "%.2f", loadSeconds)) s")

    // End to end, as `framefinder batch` does: front-ends on every core, then one pass per block.
    BLAS.setThreadCount(1)
    var failed = 0
    let endToEnd = now()
    for start in stride(from: 0, to: clips.count, by: options.block) {
        let block = Array(clips[start..<min(start + options.block, clips.count)])
        let results = retriever.timelines(
            of: block, in: index, options: SearchOptions(segmentation: .whole), jobs: cores, streaming: streaming)
        failed += results.filter { if case .failure = $0 { true } else { false } }.count
    }
    let endSeconds = now() - endToEnd
    print(
        String(
            format: "end to end: %.2f s, %.1f clips/s (%d failed)", endSeconds, Double(clips.count) / endSeconds, failed
        ))

    // The stages apart: front-ends, then scoring alone on the same queries.
    let frontStart = now()
    let queries = try clips.map { try model.encodeClip(try recipe.clipTokens(contentsOf: $0)) }
    let frontSeconds = now() - frontStart
    let rows = queries.reduce(0) { $0 + $1.rows }
    let blocks = stride(from: 0, to: queries.count, by: options.block).map {
        QueryBatch(Array(queries[$0..<min($0 + options.block, queries.count)]))
    }
    let scoring = measure(warmup: 0, repeats: options.repeats) {
        for batch in blocks { _ = model.scores(batch, frames: index.encoded, top: 10, streaming: streaming) }
    }
    // The products the two attention steps need, 4 of 2·R·N·d each (QKᵀ, A·V, V'Vᵀ, B·V);
    // the kernel executes 6 (the last pass recomputes QKᵀ and V'Vᵀ).
    let flops = 8 * Double(rows) * Double(n) * Double(d)
    print(
        String(
            format: "front-ends alone (one thread): %.2f s, %.1f ms a clip; %d query rows", frontSeconds,
            1000 * frontSeconds / Double(clips.count), rows))
    print(
        String(
            format: "scoring: min %.3f s, median %.3f s: %.1f GFLOP/s needed (8·R·N·d), %.1f executed (12·R·N·d)",
            scoring.min, scoring.median, flops / scoring.min / 1e9, 1.5 * flops / scoring.min / 1e9))

    // sgemm at the kernel's shapes: per tile of 64 rows and block of 512 keys, S = Q·Kᵀ (NT)
    // and O += P·V, on the same threads with OpenBLAS on one thread each.
    let padded = blocks.reduce(0) { $0 + ($1.queries.rows + 63) / 64 * 64 }
    let gemm = sgemmAtKernelShapes(rows: padded, keys: index.encoded.keys, values: index.encoded.values, threads: cores)
    let gemmRate = 4 * Double(padded) * Double(n) * Double(d) / gemm.min / 1e9
    print(
        String(
            format: "sgemm at the kernel's shapes (%d rows padded to tiles): min %.3f s, %.1f GFLOP/s", padded,
            gemm.min, gemmRate))
    print(
        String(
            format: "scoring / sgemm rate: %.2fx (needed flops), %.2fx (executed)",
            flops / scoring.min / 1e9 / gemmRate, 1.5 * flops / scoring.min / 1e9 / gemmRate))
    print(
        String(
            format: "peak memory: %.1f MiB (index %.1f MiB of keys and values)", peakMemoryMiB(),
            Double(n * (d + model.settings.valueDimension) * 4) / 1_048_576))

    if let peer = options.peerDirectory {
        try writePeerInputs(to: URL(fileURLWithPath: peer), batch: blocks[0], index: index, streaming: streaming)
    }
}

/// Times the two products of every (query tile, key block) pair of one streamed pass.
func sgemmAtKernelShapes(rows: Int, keys: Matrix, values: Matrix, threads: Int) -> Timing {
    let n = keys.rows, d = keys.columns, dv = values.columns, tile = 64, keyBlock = 512
    let q = Matrix(hashedSeed: 7, rows: tile, columns: d)
    let tiles = rows / tile
    return measure(warmup: 1, repeats: options.repeats) {
        BLAS.withThreadCount(1) {
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                var s = [Float](repeating: 0, count: tile * keyBlock), o = [Float](repeating: 0, count: tile * dv)
                q.elements.withUnsafeBufferPointer { q in
                    keys.elements.withUnsafeBufferPointer { k in
                        values.elements.withUnsafeBufferPointer { v in
                            for t in stride(from: worker, to: tiles, by: threads) {
                                _ = t
                                for start in stride(from: 0, to: n, by: keyBlock) {
                                    let count = min(keyBlock, n - start)
                                    BLAS.gemm(
                                        m: tile, n: count, k: d, a: q.baseAddress, lda: d,
                                        b: k.baseAddress! + start * d,
                                        ldb: d, transposeB: true, c: &s, ldc: count, alpha: 0.125)
                                    BLAS.gemm(
                                        m: tile, n: dv, k: count, a: s, lda: count, b: v.baseAddress! + start * dv,
                                        ldb: dv, c: &o, ldc: dv, beta: 1)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The first block's queries, the keys and values, and its scores, for the numpy peer.
func writePeerInputs(to folder: URL, batch: QueryBatch, index: FrameIndex, streaming: Attention.Streaming) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let selections = model.scores(batch, frames: index.encoded, top: 10, streaming: streaming)
    let timing = measure(warmup: 0, repeats: options.repeats) {
        _ = model.scores(batch, frames: index.encoded, top: 10, streaming: streaming)
    }
    let flops = 8 * Double(batch.queries.rows) * Double(index.count) * Double(index.encoded.keys.columns)
    print(
        String(
            format: "peer block (%d clips): FrameFinder min %.3f s, median %.3f s, %.1f GFLOP/s",
            batch.count, timing.min, timing.median, flops / timing.min / 1e9))
    try batch.queries.npyArray.write(to: folder.appendingPathComponent("queries.npy"))
    try index.encoded.keys.npyArray.write(to: folder.appendingPathComponent("keys.npy"))
    try index.encoded.values.npyArray.write(to: folder.appendingPathComponent("values.npy"))
    let top = Matrix(rowVectors: selections.map { $0.best.map { Float($0.index) } })
    let scores = Matrix(rowVectors: selections.map { $0.best.map(\.score) })
    try top.npyArray.write(to: folder.appendingPathComponent("top_indices.npy"))
    try scores.npyArray.write(to: folder.appendingPathComponent("top_scores.npy"))
    print("peer inputs: \(folder.path) (\(batch.count) clips, share \(model.settings.attendedShare))")
}

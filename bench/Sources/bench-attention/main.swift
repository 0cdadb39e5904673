// bench-attention: FrameFinder's streamed attention of 6,000 query tokens over 100,000 frame
// keys at d = 64, against the machine's measured sgemm rate and a numpy peer in the same run.
//
// Usage: bench-attention [--queries T] [--keys N] [--dim d] [--repeats R] [--no-peer]
//                        [--sweep [--threads n]]   (--threads: the sweep's thread count)
import BenchSupport
import Foundation
import FrameFinder

struct Options {
    var queries = 6000, keys = 100_000, dim = 64, repeats = 3
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var sweep = false, peer = true

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()[...]
        while let flag = rest.popFirst() {
            func number() -> Int {
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                    fatalError("bench-attention: \(flag) needs a positive integer")
                }
                return value
            }
            switch flag {
            case "--queries": queries = number()
            case "--keys": keys = number()
            case "--dim": dim = number()
            case "--repeats": repeats = number()
            case "--threads": threads = number()
            case "--sweep": sweep = true
            case "--no-peer": peer = false
            default: fatalError("bench-attention: unknown option \(flag)")
            }
        }
    }
}

/// Peak resident memory of this process so far, in MiB (getrusage; Linux reports KiB).
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ label: String, _ timing: Timing, flops: Double) {
    let line = String(
        format: "%@: min %.3f s, median %.3f s, %.1f GFLOP/s (at min)",
        label, timing.min, timing.median, flops / timing.min / 1e9)
    print(line)
}

let options = Options(CommandLine.arguments)
let (t, n, d) = (options.queries, options.keys, options.dim)
let flops = 4 * Double(t) * Double(n) * Double(d)
print(
    "bench-attention: T = \(t) queries, N = \(n) keys, d = \(d), \(ProcessInfo.processInfo.activeProcessorCount) cores")

// Inputs numpy rebuilds bit for bit from the same seeds (bench/python/attention_peer.py).
let q = Matrix(hashedSeed: 1, rows: t, columns: d, scale: 3)
let k = Matrix(hashedSeed: 2, rows: n, columns: d)
let v = Matrix(hashedSeed: 3, rows: n, columns: d)

// MARK: - Correctness before timing

let streamed = Attention.streamed(queries: q, keys: k, values: v)
let few = q.rows(0..<min(16, t))
let reference = Attention.scaledDotProduct(queries: few, keys: k, values: v).output
let scale = reference.elements.reduce(0) { max($0, abs($1)) }
let error =
    zip(streamed.output.rows(0..<few.rows).elements, reference.elements)
    .reduce(Float(0)) { max($0, abs($1.0 - $1.1)) } / scale
guard error < 1e-5 else { fatalError("bench-attention: streamed differs from full attention by \(error)") }
print(
    String(
        format: "check: streamed vs full attention on %d queries, max error %.1e of the output scale", few.rows, error))

// MARK: - Streamed attention

if options.sweep {
    for keyBlock in [256, 512, 1024, 2048] {
        for queryBlock in [64, 128, 256, 512] {
            let streaming = Attention.Streaming(keyBlock: keyBlock, queryBlock: queryBlock, threads: options.threads)
            let timing = measure(warmup: 0, repeats: 1) {
                _ = Attention.streamed(queries: q, keys: k, values: v, streaming: streaming)
            }
            report(
                "  sweep keyBlock \(keyBlock) queryBlock \(queryBlock) threads \(options.threads)", timing, flops: flops
            )
        }
    }
}
let attention = measure(warmup: 1, repeats: options.repeats) {
    _ = Attention.streamed(queries: q, keys: k, values: v)
}
let defaults = Attention.Streaming()
report(
    "FrameFinder streamed attention (keyBlock \(defaults.keyBlock), queryBlock \(defaults.queryBlock), "
        + "\(defaults.threads) threads)",
    attention, flops: flops)
let attentionOne = measure(warmup: 0, repeats: options.repeats) {
    _ = Attention.streamed(queries: q, keys: k, values: v, streaming: .init(threads: 1))
}
report("FrameFinder streamed attention, 1 thread", attentionOne, flops: flops)
let attentionMemory = peakMemoryMiB()
let fullMatrixMiB = Double(t) * Double(n) * 4 / 1_048_576
print(
    String(
        format: "peak memory (maxrss): %.0f MiB; a full %d x %d float matrix alone: %.0f MiB",
        attentionMemory, t, n, fullMatrixMiB))

let mean = measure(warmup: 0, repeats: 1) {
    _ = Attention.meanWeights(queries: q, keys: k, logSumExp: streamed.logSumExp)
}
report("FrameFinder mean weight per key (second pass)", mean, flops: 2 * Double(t) * Double(n) * Double(d))

// MARK: - The machine's sgemm rate

let size = 2048
let a = Matrix(hashedSeed: 4, rows: size, columns: size), b = Matrix(hashedSeed: 5, rows: size, columns: size)
let gemmFlops = 2 * pow(Double(size), 3)
let gemm = measure(warmup: 1, repeats: options.repeats) { _ = Matrix.product(a, b) }
report("cblas_sgemm \(size)x\(size)x\(size), \(BLAS.threadCount) OpenBLAS threads", gemm, flops: gemmFlops)
let gemmOne = BLAS.withThreadCount(1) { measure(warmup: 1, repeats: options.repeats) { _ = Matrix.product(a, b) } }
report("cblas_sgemm \(size)x\(size)x\(size), 1 OpenBLAS thread", gemmOne, flops: gemmFlops)
print(
    String(
        format: "ratio to sgemm: %.2fx with all threads, %.2fx with 1 thread (target >= 0.7x)",
        gemm.min / gemmFlops * flops / attention.min, gemmOne.min / gemmFlops * flops / attentionOne.min))

// MARK: - numpy peer, same run

if options.peer {
    let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python/attention_peer.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", script.path, "--queries", "\(t)", "--keys", "\(n)", "--dim", "\(d)",
        "--repeats", "\(options.repeats)",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let seconds = json["seconds_min"] as? Double, let median = json["seconds_median"] as? Double,
        let rows = json["first_rows"] as? [Double]
    else { fatalError("bench-attention: the numpy peer failed") }
    let peerError =
        zip(rows, streamed.output.rows(0..<4).elements).reduce(0.0) { max($0, abs($1.0 - Double($1.1))) }
        / Double(streamed.output.rows(0..<4).elements.reduce(0) { max($0, abs($1)) })
    print(
        String(
            format:
                "numpy %@ blocked attention (block %@): min %.3f s, median %.3f s, %.1f GFLOP/s, maxrss %.0f MiB, "
                + "output vs FrameFinder %.1e",
            json["numpy"] as? String ?? "?", "\(json["block"] ?? "?")", seconds, median, flops / seconds / 1e9,
            json["maxrss_mb"] as? Double ?? .nan, peerError))
    print(String(format: "ratio to numpy: %.2fx (target >= 1.5x)", seconds / attention.min))
}

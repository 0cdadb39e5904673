// bench-audio: decode + resample + log-mel of a long clip, against its floor (libsndfile
// decode + libsoxr resample alone) and against the Python pipeline (soundfile + soxr +
// librosa), all in one run. Usage: bench-audio INPUT.wav PEER.py [REPEATS]
// (bench/run-audio.sh makes the input and runs this).
import BenchSupport
import Foundation
import FrameFinder

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-audio: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: bench-audio INPUT.wav PEER.py [REPEATS]") }
let input = URL(fileURLWithPath: arguments[1])
let peer = arguments[2]
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 7 : 7

/// The median of a non-empty list.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// CPU seconds used by the calling thread so far.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Runs the Python peer and returns its JSON answer.
func runPeer(_ extra: [String]) -> [String: Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", peer, "run", input.path, "--repeats", String(repeats)] + extra
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { fail("cannot run the Python peer: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double]
    else { fail("the Python peer failed") }
    return object
}

do {
    let extractor = try AudioFeatureExtractor()

    // Correctness first: the Swift log-mel must match the Python one before anything is timed.
    let reference = FileManager.default.temporaryDirectory.appendingPathComponent("bench-audio-\(getpid()).npy")
    defer { try? FileManager.default.removeItem(at: reference) }
    let python = runPeer(["--npy", reference.path])
    let swift = try extractor.features(contentsOf: input)
    let expected = try NPYArray(contentsOf: reference)
    guard expected.shape == [swift.logMel.rows, swift.logMel.columns] else {
        fail("shape \(swift.logMel.shape) differs from Python's \(expected.shape)")
    }
    let difference = zip(swift.logMel.elements, expected.values).map { abs($0 - $1) }.max() ?? .infinity
    guard difference <= 2e-2 else { fail("max |Δ log-mel| \(difference) against Python exceeds 2e-2") }

    // Pipeline and floor alternate, one run each per round, so that load from other work on
    // the machine falls on both alike. Wall time is the figure; this thread's CPU time is
    // recorded too, being steadier when other processes share the cores.
    var pipelineSeconds: [Double] = [], floorSeconds: [Double] = []
    var pipelineCPU: [Double] = [], floorCPU: [Double] = []
    var sink: Float = 0
    _ = try measure(warmup: 0, repeats: 1) { _ = try extractor.resampledBlocks(contentsOf: input) { sink += $0[0] } }
    for _ in 0..<repeats {
        var cpu = threadCPUSeconds()
        pipelineSeconds += try measure(warmup: 0, repeats: 1) { _ = try extractor.features(contentsOf: input) }.seconds
        pipelineCPU.append(threadCPUSeconds() - cpu)
        cpu = threadCPUSeconds()
        floorSeconds += try measure(warmup: 0, repeats: 1) {
            _ = try extractor.resampledBlocks(contentsOf: input) { block in sink += block[0] }
        }.seconds
        floorCPU.append(threadCPUSeconds() - cpu)
    }
    let pipeline = (min: pipelineSeconds.min()!, median: median(pipelineSeconds))
    let floor = (min: floorSeconds.min()!, median: median(floorSeconds))
    let duration = swift.clip.duration

    func row(_ name: String, _ min: Double, _ median: Double) {
        let label = name.padding(toLength: 46, withPad: " ", startingAt: 0)
        print(label + String(format: "%9.2f ms %9.2f ms %9.0fx", min * 1e3, median * 1e3, duration / median))
    }
    print(
        "input: \(input.lastPathComponent), \(String(format: "%.1f", duration)) s, \(swift.clip.sampleRate) Hz, "
            + "\(swift.clip.channels) channels; log-mel \(swift.logMel.rows) x \(swift.logMel.columns)"
    )
    print("check: max |Δ log-mel| vs Python = \(difference)  (sink \(sink.isFinite ? "ok" : "nan"))")
    print("stage".padding(toLength: 46, withPad: " ", startingAt: 0) + "      min       median   real time")
    row("Swift decode+resample+log-mel", pipeline.min, pipeline.median)
    row("Swift floor: libsndfile decode+soxr resample", floor.min, floor.median)
    row("Python soundfile+soxr+librosa", python["min"]!, python["median"]!)
    row("CPU time: Swift pipeline", pipelineCPU.min()!, median(pipelineCPU))
    row("CPU time: Swift floor", floorCPU.min()!, median(floorCPU))
    row("CPU time: Python pipeline", python["cpu_min"]!, python["cpu_median"]!)
    print(
        String(
            format: "speed-up over Python (median): %.1fx   (target >= 3x; min/min %.1fx)",
            python["median"]! / pipeline.median, python["min"]! / pipeline.min))
    print(String(format: "real time (median):           %.0fx   (target >= 1000x)", duration / pipeline.median))
    print(
        String(
            format: "pipeline / floor (median):    %.2fx  (target <= 1.5x; min/min %.2fx)",
            pipeline.median / floor.median, pipeline.min / floor.min))
    print(
        String(
            format: "CPU time, median: %.1fx Python, %.0fx real time, %.2fx the floor",
            python["cpu_median"]! / median(pipelineCPU), duration / median(pipelineCPU),
            median(pipelineCPU) / median(floorCPU)))
} catch {
    fail("\(error)")
}

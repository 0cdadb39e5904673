// bench-frames: decode + describe a directory of PNG frames, with both cores and with one.
//
// Usage: bench-frames DIR [--repeats N] [--check PEER_TOKENS.npy]
// Before timing, it checks that parallel and serial results agree and, with --check, that the
// global tokens of the first frames match the Python peer's (within 1e-4).
import BenchSupport
import Foundation
import FrameFinder

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-frames: \(message)\n".utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var repeats = 5
var checkPath: String?
var directoryPath: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--repeats": repeats = Int(arguments.removeFirst()) ?? 5
    case "--check": checkPath = arguments.removeFirst()
    default: directoryPath = argument
    }
}
guard let directoryPath else { fail("usage: bench-frames DIR [--repeats N] [--check PEER_TOKENS.npy]") }

let sequence: FrameSequence
let descriptor: FrameDescriptor
do {
    sequence = try FrameSequence(directory: URL(fileURLWithPath: directoryPath))
    descriptor = try FrameDescriptor()
} catch { fail("\(error)") }
let count = sequence.entries.count
let cores = ProcessInfo.processInfo.activeProcessorCount

// MARK: - Correctness before timing

let parallel: DescribedFrames
do { parallel = try await sequence.describe(with: descriptor) } catch { fail("\(error)") }
let firstSerial = sequence.entries.prefix(50).map { try? descriptor.tokens(forPNG: $0.url) }
guard parallel.failures.isEmpty, parallel.tokens.count == count,
    zip(parallel.tokens, firstSerial).allSatisfy({ $0 == $1 })
else {
    fail("parallel results differ from serial ones")
}
if let checkPath {
    do {
        let peer = try NPYArray(contentsOf: URL(fileURLWithPath: checkPath))
        let rows = peer.shape[0], width = peer.shape[1]
        let ours = parallel.globalTokens.elements.prefix(rows * width)
        let worst = zip(ours, peer.values).map { abs($0 - $1) }.max() ?? .infinity
        guard width == descriptor.settings.tokenWidth, worst <= 1e-4 else {
            fail("tokens differ from the Python peer's (max |diff| \(worst))")
        }
        print(
            "check: global tokens of \(rows) frames match the Python peer (max |diff| \(String(format: "%.1e", worst)))"
        )
    } catch { fail("\(error)") }
}

// MARK: - Timing

/// One result line: frames per second from the median and the best run.
func report(_ label: String, _ timing: Timing, clock: String) {
    let padded = label.padding(toLength: 40, withPad: " ", startingAt: 0)
    print(
        padded
            + String(
                format: "%8.1f frames/s median %8.1f best  (%@ time, median %.3f s)",
                Double(count) / timing.median, Double(count) / timing.min, clock, timing.median))
}

print("frames: \(count) in \(directoryPath), cores: \(cores), repeats: \(repeats) (+1 warm-up)")
let both = await measure(repeats: repeats) { _ = try? await sequence.describe(with: descriptor) }
report("Swift decode+describe, \(cores) cores", both, clock: "wall")
// One frame at a time, timed by this process's CPU time: robust when other jobs share the cores.
let one = await measure(repeats: repeats, clock: processCPUTime) {
    _ = try? await sequence.describe(with: descriptor, framesInFlight: 1)
}
report("Swift decode+describe, 1 core", one, clock: "CPU")
let decodeOnly = measure(repeats: repeats, clock: processCPUTime) {
    for entry in sequence.entries { _ = try? RGBImage(contentsOfPNG: entry.url) }
}
report("Swift decode only, 1 core", decodeOnly, clock: "CPU")
// Descriptors alone, on decoded frames held in memory (the first 200, to bound memory).
let decoded = sequence.entries.prefix(200).compactMap { try? RGBImage(contentsOfPNG: $0.url) }
let describeOnly = measure(repeats: repeats, clock: processCPUTime) {
    for image in decoded { _ = descriptor.tokens(for: image) }
}
print(
    "Swift describe only, 1 core".padding(toLength: 40, withPad: " ", startingAt: 0)
        + String(
            format: "%8.1f frames/s median %8.1f best  (CPU time, %d decoded frames)",
            Double(decoded.count) / describeOnly.median, Double(decoded.count) / describeOnly.min, decoded.count))

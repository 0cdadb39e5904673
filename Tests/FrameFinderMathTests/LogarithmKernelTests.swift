import Foundation
import FrameFinderMath
import Testing

@Suite struct LogarithmKernelTests {
    /// Glibc's `log` in double precision is the reference.
    @Test func logarithmMatchesTheCLibrary() {
        var x: Float = 1e-30
        while x < 1e30 {
            let reference = Foundation.log(Double(x))
            #expect(abs(Double(VectorKernels.logarithm(x)) - reference) <= 4e-7 * max(1, abs(reference)))
            x *= 1.37
        }
    }

    @Test func sumOfXLogXMatchesTheCLibrary() {
        var generator = SeededGenerator(seed: 3)
        let values = (0..<1500).map { i in i % 7 == 0 ? 0 : Float.random(in: 0..<1e-3, using: &generator) }
        let reference = values.reduce(0.0) { $0 + ($1 > 0 ? Double($1) * Foundation.log(Double($1)) : 0) }
        var scratch = [Float](repeating: 0, count: 512)
        let sum = values.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { VectorKernels.sumOfXLogX(v, scratch: $0.baseAddress!) }
        }
        #expect(abs(sum - reference) <= 1e-6 * abs(reference))
    }
}

import Foundation
import FrameFinderMath
import TestSupport

/// Inputs shared with `tools/gen_attention_fixtures.py`: values in `[-scale, scale)` from a
/// 32-bit multiply-xorshift hash of `(seed, flat index)`, identical in Swift and numpy.
func hashed(_ seed: UInt64, _ rows: Int, _ columns: Int, scale: Double = 1) -> Matrix {
    let elements = (0 ..< UInt64(rows * columns)).map { i -> Float in
        var h = (i &* 2_654_435_761 &+ seed &* 97_531) & 0xFFFF_FFFF
        h ^= h >> 16
        h = (h &* 0x45D_9F3B) & 0xFFFF_FFFF
        h ^= h >> 16
        return Float((Double(h) / 4_294_967_296 * 2 - 1) * scale)
    }
    return Matrix(rows: rows, columns: columns, elements: elements)
}

/// A committed reference file of `Tests/FrameFinderAttentionTests/Fixtures`.
func fixture(_ name: String) throws -> SafeTensors {
    try SafeTensors(contentsOf: TestData.fixture("\(name).safetensors", in: .module))
}

/// The largest error relative to the reference's largest magnitude, `max|a − b| / max|b|`:
/// how far two attention outputs differ on the scale of the values they average.
func scaledDifference(_ a: Matrix, _ reference: Matrix) -> Float {
    guard a.shape == reference.shape else { return .infinity }
    let scale = reference.elements.reduce(Float(0)) { max($0, abs($1)) }
    return maxAbsoluteDifference(a.elements, reference.elements) / max(scale, .leastNormalMagnitude)
}

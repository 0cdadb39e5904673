import Foundation
import FrameFinderMath
import TestSupport

/// Inputs shared with `tools/gen_attention_fixtures.py` (see `Matrix(hashedSeed:rows:columns:scale:)`).
func hashed(_ seed: UInt64, _ rows: Int, _ columns: Int, scale: Double = 1) -> Matrix {
    Matrix(hashedSeed: seed, rows: rows, columns: columns, scale: scale)
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

import Foundation
import FrameFinderAudio
import FrameFinderMath
import TestSupport

/// The committed fixtures of this test target (made by tools/gen_audio_fixtures.py).
enum Fixture {
    static func url(_ name: String) -> URL { TestData.fixture(name, in: .module) }

    /// An expected matrix from a `.npy` fixture (a 1-D array becomes one row).
    static func matrix(_ name: String) throws -> Matrix {
        let array = try TestData.npy(name, in: .module)
        guard let matrix = array.matrix else { throw FileError(path: name, reason: "not 1-D or 2-D") }
        return matrix
    }

    /// The default-settings features of a fixture file.
    static func features(_ name: String, settings: AudioFeatureSettings = AudioFeatureSettings()) throws
        -> AudioFeatures
    {
        try AudioFeatureExtractor(settings: settings).features(contentsOf: url(name))
    }
}

/// Tolerances, each fixed by the issue or derived from one; never loosened to pass.
enum Tolerance {
    /// |Δ log-mel| on 16 kHz input (issue 2).
    static let logMel: Float = 1e-3
    /// |Δ log-mel| after resampling from another rate (issue 2).
    static let resampledLogMel: Float = 2e-2
    /// |Δ MFCC| end to end: the orthonormal DCT of 64 bands maps a max log-mel error e to at
    /// most √64·e in any coefficient.
    static let mfccEndToEnd: Float = 8 * logMel
    /// float32 arithmetic on the same input (DCT, normalisation, pooling) against float64.
    static let float32Arithmetic: Float = 1e-4
}

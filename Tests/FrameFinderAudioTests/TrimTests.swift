import Foundation
import FrameFinderAudio
import FrameFinderMath
import Testing
import TestSupport

/// `Matrix.trimmedQuietEdges`: quiet leading and trailing frames go, the rest stays.
@Suite struct TrimTests {
    /// A log-mel matrix whose frames have the given levels in dB (power spread over 4 bands).
    private func logMel(levels: [Double], offset: Double = 1e-6) -> Matrix {
        Matrix(rowVectors: levels.map { level in
            let perBand = pow(10, level / 10) / 4
            return [Float](repeating: Float(log(perBand + offset)), count: 4)
        })
    }

    @Test func quietEdgesAreCutAndQuietMiddlesKept() {
        let levels: [Double] = [-60, -55, 0, -3, -50, -1, -58, -70]
        let trimmed = logMel(levels: levels).trimmedQuietEdges(decibels: 30, logOffset: 1e-6)
        #expect(trimmed == logMel(levels: Array(levels[2...5])))
    }

    @Test func aWiderMarginKeepsMore() {
        let levels: [Double] = [-60, -25, 0, -25, -60]
        #expect(logMel(levels: levels).trimmedQuietEdges(decibels: 30, logOffset: 1e-6).rows == 3)
        #expect(logMel(levels: levels).trimmedQuietEdges(decibels: 70, logOffset: 1e-6).rows == 5)
    }

    @Test func silenceIsKeptWhole() {
        let silent = Matrix(rows: 6, columns: 4, repeating: Float(log(1e-6)))
        #expect(silent.trimmedQuietEdges(decibels: 20, logOffset: 1e-6) == silent)
    }

    @Test func trimmingChangesTheFeaturesOnlyWhenAsked() throws {
        let url = TestData.fixture("long_16k.flac", in: .module)
        var settings = AudioFeatureSettings()
        let plain = try AudioFeatureExtractor(settings: settings).features(contentsOf: url)
        settings.trimDecibels = 20
        let trimmed = try AudioFeatureExtractor(settings: settings).features(contentsOf: url)
        // Two extractions agree to float32 rounding (OpenBLAS may split a product differently).
        #expect(trimmed.logMel.shape == plain.logMel.shape)
        #expect(maxAbsoluteDifference(trimmed.logMel.elements, plain.logMel.elements) <= Tolerance.float32Arithmetic)
        #expect(trimmed.features.rows <= plain.features.rows)
        let expected = plain.logMel.trimmedQuietEdges(decibels: 20, logOffset: settings.logOffset)
        #expect(trimmed.features.shape == expected.shape)
        #expect(maxAbsoluteDifference(trimmed.features.elements, expected.elements) <= Tolerance.float32Arithmetic)
    }
}

import Foundation
import FrameFinderFrames
import FrameFinderMath
import TestSupport

/// Fixture access shared by the frame tests.
enum FrameFixtures {
    /// A committed fixture file, e.g. `url("decode/rgb8.png")`.
    static func url(_ name: String) -> URL { TestData.fixture(name, in: Bundle.module) }

    /// A committed uint8 image `.npy` (H × W × 3) as an `RGBImage`.
    static func expectedImage(_ name: String) throws -> RGBImage {
        let array = try TestData.npy(name, in: Bundle.module)
        precondition(array.shape.count == 3 && array.shape[2] == 3, "\(name) is not H x W x 3")
        return RGBImage(width: array.shape[1], height: array.shape[0], samples: array.values.map { UInt8($0) })
    }

    /// The source image of the resize fixtures, decoded by FrameFinder.
    static func resizeSource() throws -> RGBImage {
        try RGBImage(contentsOfPNG: url("resize/source.png"))
    }
}

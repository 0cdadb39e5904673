import FrameFinderFrames
import TestSupport
import Testing

@Suite("Resize (Pillow BOX)")
struct ResizeTests {
    @Test(
        "bit-exact with Pillow when shrinking, enlarging and at non-integer ratios",
        arguments: [
            (28, 28), (10, 7), (64, 50), (13, 23), (37, 11), (17, 9), (5, 3), (1, 1), (74, 46), (37, 23),
        ])
    func matchesPillow(width: Int, height: Int) throws {
        let source = try FrameFixtures.resizeSource()
        let resized = source.resized(width: width, height: height)
        let expected = try FrameFixtures.expectedImage("resize/\(width)x\(height).npy")
        #expect(resized.width == width && resized.height == height)
        #expect(resized.samples == expected.samples)
    }

    @Test(
        "bit-exact with Pillow's resize(box=...) of a region",
        arguments: [
            ("7x5_box_3_2_20_17", 7, 5, ImageBox(left: 3, top: 2, right: 20, bottom: 17)),
            ("14x14_box_9_0_16_7", 14, 14, ImageBox(left: 9, top: 0, right: 16, bottom: 7)),
            ("6x4_box_0.5_1.25_30.75_22", 6, 4, ImageBox(left: 0.5, top: 1.25, right: 30.75, bottom: 22)),
        ])
    func matchesPillowWithBox(name: String, width: Int, height: Int, box: ImageBox) throws {
        let source = try FrameFixtures.resizeSource()
        let resized = source.resized(width: width, height: height, box: box)
        #expect(resized.samples == (try FrameFixtures.expectedImage("resize/\(name).npy")).samples)
    }
}

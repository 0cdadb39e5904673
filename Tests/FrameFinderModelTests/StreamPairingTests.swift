import Foundation
import FrameFinderMath
import FrameFinderModel
import Testing

/// Pairing a stream as video works, on synthetic streams whose frame and sound times are known.
@Suite struct StreamPairingTests {
    private func times(_ count: Int, fps: Double) -> [Double] { (0..<count).map { Double($0) / fps } }

    @Test func aFramesAudioIsWhatIsHeardWhileItIsOnScreenWidenedByTheContext() {
        let pairs = StreamPairing(context: 0.25, exclusion: 0.5).pairsByFrame(frameTimes: times(4, fps: 2), fps: 2)
        #expect(pairs.map(\.audio) == [-0.25..<0.75, 0.25..<1.25, 0.75..<1.75, 1.25..<2.25])
        #expect(pairs.map(\.positives) == [[0], [1], [2], [3]])
        // At 2 fps the neighbours are 0.5 s away: not within 0.5 s, so nothing is excluded.
        #expect(pairs.allSatisfy { $0.excluded.isEmpty })
    }

    @Test func neighboursWithinTheExclusionAreNeitherPositivesNorNegatives() {
        let pairs = StreamPairing(context: 0, exclusion: 0.1).pairsByFrame(frameTimes: times(10, fps: 25), fps: 25)
        #expect(pairs[0].excluded == [1, 2])  // 0.04 and 0.08 s away; 0.12 s is not within 0.1 s
        #expect(pairs[5].excluded == [3, 4, 6, 7])
        #expect(pairs[9].excluded == [7, 8])
        #expect(
            StreamPairing(context: 0, exclusion: 0).pairsByFrame(frameTimes: times(10, fps: 25), fps: 25)
                .allSatisfy { $0.excluded.isEmpty })
    }

    @Test func aSoundPairsWithTheFramesOnScreenWhileItIsHeard() {
        let pairing = StreamPairing(context: 0.125, exclusion: 0.5, minimumShare: 0.25)
        let pairs = pairing.pairsBySound(
            frameTimes: times(6, fps: 1), fps: 1,
            sounds: [0.5..<1.625, 2.25..<3.125, 7..<8])
        // 0.5-1.625 s: frame 0 hears 0.5 s of it and frame 1 0.625 s, both over a quarter of 1.125 s.
        #expect(pairs.count == 2)  // no frame is on screen at 7-8 s
        #expect(pairs[0].audio == 0.375..<1.75)
        #expect(pairs[0].positives == [0, 1])
        #expect(pairs[0].excluded == [])
        // 2.25-3.125 s: frame 2 hears 0.75 s, frame 3 only the last 0.125 s (under a quarter): frame 3
        // is on screen while it is heard, so it is excluded rather than a negative.
        #expect(pairs[1].positives == [2])
        #expect(pairs[1].excluded == [3])
    }

    @Test func atVideoRatesEveryFrameInsideTheSoundIsAPositive() {
        let pairs = StreamPairing(context: 0, exclusion: 0.1).pairsBySound(
            frameTimes: times(75, fps: 25), fps: 25, sounds: [1.0..<1.5])
        #expect(pairs.count == 1)
        // Frames at 1.00 ... 1.44 s are on screen only while it is heard; the frame at 1.48 s
        // hears its last 0.02 s (under a quarter of it) and is excluded, as are the frames
        // within 0.1 s of a positive (0.92, 0.96 and 1.52 s; not 0.88 or 1.56 s).
        #expect(pairs[0].positives == Array(25...36))
        #expect(pairs[0].excluded == [23, 24, 37, 38])
    }
}

import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderReport
import FrameFinderSearch
import TestSupport

/// Real rankings for the picture tests: a small seeded model scores random tokens.
enum RankingInputs {
    /// A ranking of `frames` frames for a clip of `tokens` query tokens, from a seeded model.
    ///
    /// `scores` replaces the model's scores when given (to fix the order); `keepWeights: false`
    /// drops the weight matrix, as scoring does for frame sets too large to hold it. Frame `j`
    /// is at `paths[j]` when given.
    static func ranking(
        frames: Int, tokens: Int = 5, scores: [Float]? = nil, keepWeights: Bool = true,
        top: Int = 3, paths: [String]? = nil, fps: Double = 1
    ) throws -> Ranking {
        let settings = ModelSettings(
            audioTokenWidth: 5, frameTokenWidth: 6,
            architecture: ModelArchitecture(
                hidden: 8, embedding: 4, dimension: 4, valueDimension: 4, heads: 2))
        let model = try Model(settings: settings, seed: 5)
        var generator = SeededGenerator(seed: UInt64(frames * 31 + tokens))
        let clip = Matrix(rows: tokens, columns: 5, uniformIn: -2...2, using: &generator)
        let frameTokens = Matrix(rows: frames, columns: 6, uniformIn: -2...2, using: &generator)
        var frameScores = model.scores(queries: try model.encodeClip(clip), frames: try model.encodeFrames(frameTokens))
        if let scores { frameScores.scores = scores }
        if !keepWeights { frameScores.weights = nil }
        let references = (0..<frames).map {
            FrameReference(path: paths?[$0] ?? "frame\($0).png", index: $0, time: Double($0) / fps)
        }
        return Ranking(query: "clip.wav", model: "seeded", scores: frameScores, frames: references, top: top)
    }

    /// A timeline of `frames` frames whose segments are `(start, end, tokens)`, each ranked by
    /// the seeded model for a clip of that many tokens (top 3); the recording is the first.
    static func timeline(
        segments: [(Double, Double, Int)], frames: Int, paths: [String]? = nil,
        fps: Double = 1
    ) throws -> Timeline {
        let rankings = try segments.map { try ranking(frames: frames, tokens: $0.2, paths: paths, fps: fps) }
        let references = (0..<frames).map {
            FrameReference(path: paths?[$0] ?? "frame\($0).png", index: $0, time: Double($0) / fps)
        }
        return Timeline(
            recording: rankings[0],
            segments: zip(segments, rankings).map {
                Timeline.Segment(start: $0.0, end: $0.1, ranking: $1)
            }, frames: references, fps: fps)
    }

    /// `count` distinct solid colours, far enough apart to tell tiles apart.
    static func distinctColours(_ count: Int) -> [RGBColour] {
        (0..<count).map {
            RGBColour(UInt8(30 + 200 * $0 / max(count - 1, 1)), UInt8((255 - 37 * $0) & 255), UInt8((97 * $0) & 255))
        }
    }

    /// A solid image.
    static func solid(_ colour: RGBColour, width: Int, height: Int) -> RGBImage {
        RGBImage(width: width, height: height, red: colour.red, green: colour.green, blue: colour.blue)
    }

    /// Draws and writes the picture twice, reading the first file back: the decoded image and
    /// both files' bytes.
    static func roundTrip(_ picture: some ReportPicture) throws -> (decoded: RGBImage, first: Data, second: Data) {
        let folder = try TestData.temporaryDirectory("framefinder-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.png"), b = folder.appendingPathComponent("b.png")
        try picture.writePNG(to: a)
        try picture.writePNG(to: b)
        return (try RGBImage(contentsOfPNG: a), try Data(contentsOf: a), try Data(contentsOf: b))
    }
}

import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder query CLIP FRAMES`: the frames that match one clip, best first.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the frames of a video by how well they match an audio clip.",
        discussion: """
            FRAMES is a directory of PNG frames (frame i is at i/fps seconds), an index made by \
            `framefinder index`, or a video file (frames extracted with ffmpeg at --fps). \
            The confidence is 1 − H(p)/log N of the scores p over the N frames: 0 when no frame \
            stands out, 1 when one frame takes all the weight. A recording of several sounds is \
            also cut into segments (--segments), each a query row of the same cross-attention: \
            the output gives the whole recording's ranking, then each segment's start, end and \
            ranking (a timeline). Times print as m:ss.s.
            """
    )

    @Argument(help: "The audio clip (WAV, FLAC, Ogg, AIFF, … anything libsndfile reads).")
    var clip: String
    @Argument(help: "A directory of PNG frames, an index file, or a video file.")
    var frames: String

    @OptionGroup var model: ModelOptions
    @OptionGroup var ranking: RankingOptions
    @OptionGroup var frameRate: FrameRateOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var pictures: PictureOptions
    @OptionGroup var overwrite: OverwriteOptions
    @OptionGroup var threading: ThreadingOptions

    func run() async throws {
        try await reportingFailures {
            let policy = threading.policy(jobs: 1).apply()
            let retriever = try model.retriever()
            try pictures.check(retriever, overwrite: overwrite)
            let (clip, options, streaming) = (URL(fileURLWithPath: clip), ranking.options, policy.streaming)
            try await retriever.withFrames(try frameRate.source(frames), events: Terminal.show) { index in
                let timeline = try retriever.timeline(of: clip, in: index, options: options, streaming: streaming)
                // The timeline is printed first: a picture that fails does not take it away.
                print(format.pick(table: timeline.table, json: timeline.json.text, csv: timeline.csv))
                guard !pictures.pictures.isEmpty else { return }
                // Pictures need every score and the weights, which the batched timeline does not keep.
                let detailed = try retriever.detailedTimeline(of: clip, in: index, options: options)
                let skipped = try pictures.pictures.write(detailed, retriever: retriever)
                for line in skipped { Terminal.warn("\(line)") }
            }
        }
    }
}

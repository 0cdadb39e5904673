// Ranks the frames of a video for an audio clip: `RankFrames CLIP FRAMES` prints
// `rank frame score` lines, best first, as `framefinder query --top 0` ranks them.
import Foundation
import FrameFinder

let arguments = CommandLine.arguments
let clip = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "samples/clips/3_gbf.wav")
let frames = try FrameSource(path: arguments.count > 2 ? arguments[2] : "samples/video")
let retriever = try Retriever()  // the model that ships with FrameFinder
let timeline = try await retriever.withFrames(frames) { index in
    try retriever.timeline(of: clip, in: index, options: SearchOptions(top: 0))
}
for result in timeline.recording.results {
    print(result.rank, result.frame.path, result.score)
}

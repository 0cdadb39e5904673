import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

/// One stream read: its frames' tokens and times, its pairs, and each pair's clip tokens.
struct LoadedStream {
    var frames: Matrix
    var times: [Double]
    /// The stream's length in seconds: the shorter of the soundtrack and the frames.
    var span: Double
    var pairs: [StreamPairing.Pair]
    /// Each pair's token variants, or nil when its audio could not be made into a clip.
    var clips: [[Matrix]?]
    var notes: [LoadFailure]

    static func load(
        _ stream: TrainingStream, pairing: StreamPairing, recipe: FeatureRecipe, speeds: [Double]
    ) async throws(FileError) -> LoadedStream {
        let (audio, described) = try await read(stream, recipe: recipe)
        guard described.tokens.rows > 0 else { throw FileError(path: stream.path, reason: "no frame could be read") }
        var notes: [LoadFailure] = []
        if let first = described.failures.first {
            notes.append(
                LoadFailure(
                    path: stream.path,
                    reason: "\(described.failures.count) frame(s) could not be read and were left out (first: \(first))"
                ))
        }
        let duration = audio.clip.duration, period = 1 / stream.fps
        let frameSpan = Double(described.entries.last!.index + 1) * period
        let keptRows = described.entries.indices.filter { described.entries[$0].time < duration }
        if abs(frameSpan - duration) >= max(2 * period, 1) || keptRows.count < described.entries.count {
            notes.append(
                LoadFailure(
                    path: stream.path,
                    reason: mismatch(
                        duration: duration, frames: described.entries.count, fps: stream.fps, span: frameSpan,
                        past: described.entries.count - keptRows.count)))
        }
        guard !keptRows.isEmpty else {
            throw FileError(path: stream.path, reason: "no frame lies within the soundtrack")
        }
        let frames = described.tokens.gatheringRows(keptRows)
        let times = keptRows.map { described.entries[$0].time }
        let pairs: [StreamPairing.Pair]
        if recipe.audio.settings.sound != nil {
            let sounds: DetectedSound
            do {
                sounds = try recipe.audio.features(
                    samples: audio.samples, sampleRate: audio.clip.sampleRate, name: stream.path
                ).sound
            } catch {
                throw FileError(path: stream.path, reason: "no sound to pair frames with (\(error))")
            }
            let seconds = sounds.intervals.map {
                Double($0.lowerBound) / sounds.framesPerSecond..<Double($0.upperBound) / sounds.framesPerSecond
            }
            pairs = pairing.pairsBySound(frameTimes: times, fps: stream.fps, sounds: seconds)
        } else {
            pairs = pairing.pairsByFrame(frameTimes: times, fps: stream.fps)
        }
        let rate = Double(audio.clip.sampleRate)
        let results = concurrentMap(pairs) { pair -> Result<[Matrix], Error> in
            Result {
                let start = max(0, Int(pair.audio.lowerBound * rate)),
                    end = min(audio.samples.count, Int(pair.audio.upperBound * rate))
                let slice = end > start ? Array(audio.samples[start..<end]) : []
                return try recipe.audio.features(
                    monoSamples: slice, sampleRate: audio.clip.sampleRate, speeds: speeds,
                    name: "\(stream.path)@\(seconds(pair.audio.lowerBound))s"
                ).map(\.queryTokens)
            }
        }
        let failed = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        if let first = failed.first {
            notes.append(
                LoadFailure(
                    path: stream.path,
                    reason: "\(failed.count) of \(pairs.count) clip(s) were left out (first: \(first))"))
        }
        return LoadedStream(
            frames: frames, times: times, span: min(duration, frameSpan), pairs: pairs,
            clips: results.map { try? $0.get() }, notes: notes)
    }

    /// The one line that says a stream's frames and soundtrack disagree in length.
    static func mismatch(duration: Double, frames: Int, fps: Double, span: Double, past: Int) -> String {
        "the soundtrack lasts \(seconds(duration)) s but \(frames) frames at \(fps) fps span \(seconds(span)) s "
            + "(is the fps right?)" + (past > 0 ? "; \(past) frame(s) past the soundtrack's end were left out" : "")
    }

    /// Seconds with two decimals.
    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }

    /// The soundtrack, decoded, and the frames, described.
    private static func read(
        _ stream: TrainingStream, recipe: FeatureRecipe
    ) async throws(FileError) -> (
        DecodedAudio, (tokens: Matrix, entries: [FrameSequence.Entry], failures: [FrameError])
    ) {
        switch stream.source {
        case .soundtrack(let sound, let directory):
            let audio = try decodeSoundtrack(sound, recipe: recipe)
            let sequence: FrameSequence
            do { sequence = try FrameSequence(directory: directory, fps: stream.fps) } catch {
                throw FileError(path: directory.path, reason: "\(error)")
            }
            return (audio, await recipe.frameTokens(of: sequence))
        case .video(let url):
            let video = try Video(url: url)
            let audio = try decodeSoundtrack(url, through: video, recipe: recipe)
            do {
                return (audio, try await video.withFrames(fps: stream.fps) { await recipe.frameTokens(of: $0) })
            } catch let error as FileError { throw error } catch {
                throw FileError(path: url.path, reason: "\(error)")
            }
        }
    }

    /// A soundtrack decoded by libsndfile, or through ffmpeg when libsndfile cannot read it
    /// (`FeatureRecipe.readingThroughFFmpeg`), or a video's soundtrack (`Video.withSoundtrack`).
    static func decodeSoundtrack(_ url: URL, through video: Video? = nil, recipe: FeatureRecipe) throws(FileError)
        -> DecodedAudio
    {
        do {
            guard let video else { return try recipe.readingThroughFFmpeg(url) { try DecodedAudio(contentsOf: $0) } }
            return try video.withSoundtrack(
                sampleRate: recipe.audio.settings.sampleRate,
                maximumSeconds: AudioClip.maximumDuration + 1
            ) { try DecodedAudio(contentsOf: $0) }
        } catch let error as FileError {
            throw error
        } catch let error as AudioError {
            throw FileError(path: url.path, reason: "\(error.reason)")
        } catch {
            throw FileError(path: url.path, reason: "\(error)")
        }
    }
}

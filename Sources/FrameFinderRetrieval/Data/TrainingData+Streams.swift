import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

/// Training (and validation) data made from aligned streams, with what went wrong on the way.
public struct StreamTrainingSet: Sendable {
    /// The pairs of every stream, frames of all streams together (a clip's negatives may come
    /// from any stream).
    public var data: TrainingData
    /// The pairs of the end of every stream (`validateLast`), or nil when nothing is held out.
    public var validation: TrainingData?
    /// One line per problem per stream (a frame-count / duration mismatch, clips or frames
    /// left out), never one per frame.
    public var notes: [LoadFailure]

    public init(data: TrainingData, validation: TrainingData?, notes: [LoadFailure]) {
        self.data = data
        self.validation = validation
        self.notes = notes
    }
}

extension TrainingData {
    /// Loads aligned streams and pairs them by `pairing` (`StreamPairing`): by sound when the
    /// recipe detects sound (`recipe.audio.settings.sound`), by frame otherwise.
    ///
    /// Each pair's audio is cut from the soundtrack and goes through the recipe as a query does
    /// (sound cut, features, tokens) at each of `speeds`. With `validateLast = f > 0`, the
    /// last fraction `f` of every stream's time is held out: its frames, and the pairs whose
    /// positives lie there, are the validation data; a pair with positives on both sides of
    /// the cut is left out. Frames past the soundtrack's end get no clip.
    ///
    /// - Throws: `DataError` when a stream's soundtrack or every one of its frames is
    ///   unreadable, or no pair could be made.
    public static func loadStreams(
        _ streams: [TrainingStream], pairing: StreamPairing, recipe: FeatureRecipe, speeds: [Double] = [1],
        validateLast: Double = 0
    ) async throws(DataError) -> StreamTrainingSet {
        precondition((0..<1).contains(validateLast), "validateLast must lie in [0, 1)")
        var training = PairedFrames(), validation = PairedFrames()
        var notes: [LoadFailure] = []
        for stream in streams {
            let loaded = try await LoadedStream.load(stream, pairing: pairing, recipe: recipe, speeds: speeds)
            notes += loaded.notes
            let cut = validateLast > 0 ? loaded.span * (1 - validateLast) : .infinity
            let held = loaded.times.map { $0 >= cut }
            training.append(loaded, keeping: held.map { !$0 })
            validation.append(loaded, keeping: held)
        }
        guard !training.clips.isEmpty else {
            throw DataError(path: streams.first?.path ?? "streams", reason: "no frame has audio to pair it with")
        }
        return StreamTrainingSet(data: training.data, validation: validation.clips.isEmpty ? nil : validation.data,
                                 notes: notes)
    }
}

/// Frames and the clips paired with them, gathered from several streams.
struct PairedFrames {
    var clips: [[Matrix]] = []
    var positives: [[Int]] = []
    var excluded: [[Int]] = []
    var frameRows: [[Float]] = []
    var width = 0

    /// Adds the frames of `stream` marked `keep`, and the pairs whose positives are all kept.
    mutating func append(_ stream: LoadedStream, keeping keep: [Bool]) {
        var row: [Int: Int] = [:]
        for j in keep.indices where keep[j] {
            row[j] = frameRows.count
            frameRows.append(Array(stream.frames.row(j)))
        }
        width = stream.frames.columns
        for (pair, tokens) in zip(stream.pairs, stream.clips) {
            guard let tokens, pair.positives.allSatisfy({ keep[$0] }) else { continue }
            clips.append(tokens)
            positives.append(pair.positives.map { row[$0]! })
            excluded.append(pair.excluded.compactMap { row[$0] })
        }
    }

    var data: TrainingData {
        TrainingData(clips: clips, frames: Matrix(rows: frameRows.count, columns: width, elements: Array(frameRows.joined())),
                     positives: positives, excluded: excluded)
    }
}

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
    ) async throws(DataError) -> LoadedStream {
        let (audio, described) = try await read(stream, recipe: recipe)
        guard described.tokens.rows > 0 else { throw DataError(path: stream.path, reason: "no frame could be read") }
        var notes: [LoadFailure] = []
        if let first = described.failures.first {
            notes.append(LoadFailure(path: stream.path, reason: "\(described.failures.count) frame(s) could not be read and were left out (first: \(first))"))
        }
        let duration = audio.clip.duration, period = 1 / stream.fps
        let frameSpan = Double(described.entries.last!.index + 1) * period
        let keptRows = described.entries.indices.filter { described.entries[$0].time < duration }
        if abs(frameSpan - duration) >= max(2 * period, 1) || keptRows.count < described.entries.count {
            notes.append(LoadFailure(path: stream.path, reason: mismatch(
                duration: duration, frames: described.entries.count, fps: stream.fps, span: frameSpan,
                past: described.entries.count - keptRows.count)))
        }
        guard !keptRows.isEmpty else { throw DataError(path: stream.path, reason: "no frame lies within the soundtrack") }
        let frames = described.tokens.gatheringRows(keptRows)
        let times = keptRows.map { described.entries[$0].time }
        let pairs: [StreamPairing.Pair]
        if recipe.audio.settings.sound != nil {
            let sounds: DetectedSound
            do { sounds = try recipe.audio.features(samples: audio.samples, sampleRate: audio.clip.sampleRate, name: stream.path).sound } catch {
                throw DataError(path: stream.path, reason: "no sound to pair frames with (\(error))")
            }
            let seconds = sounds.intervals.map { Double($0.lowerBound) / sounds.framesPerSecond ..< Double($0.upperBound) / sounds.framesPerSecond }
            pairs = pairing.pairsBySound(frameTimes: times, fps: stream.fps, sounds: seconds)
        } else {
            pairs = pairing.pairsByFrame(frameTimes: times, fps: stream.fps)
        }
        let rate = Double(audio.clip.sampleRate)
        let results = concurrentMap(pairs) { pair -> Result<[Matrix], Error> in
            Result {
                let start = max(0, Int(pair.audio.lowerBound * rate)), end = min(audio.samples.count, Int(pair.audio.upperBound * rate))
                let slice = end > start ? Array(audio.samples[start..<end]) : []
                return try recipe.audio.features(monoSamples: slice, sampleRate: audio.clip.sampleRate, speeds: speeds,
                                                 name: "\(stream.path)@\(seconds(pair.audio.lowerBound))s").map(\.queryTokens)
            }
        }
        let failed = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        if let first = failed.first {
            notes.append(LoadFailure(path: stream.path, reason: "\(failed.count) of \(pairs.count) clip(s) were left out (first: \(first))"))
        }
        return LoadedStream(frames: frames, times: times, span: min(duration, frameSpan), pairs: pairs,
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
    ) async throws(DataError) -> (DecodedAudio, (tokens: Matrix, entries: [FrameSequence.Entry], failures: [FrameError])) {
        switch stream.source {
        case .soundtrack(let sound, let directory):
            let audio = try decodeSoundtrack(sound)
            let sequence: FrameSequence
            do { sequence = try FrameSequence(directory: directory, fps: stream.fps) } catch {
                throw DataError(path: directory.path, reason: "\(error)")
            }
            return (audio, await recipe.frameTokens(of: sequence))
        case .video(let url):
            let video = try Video(url: url)
            let audio = try decodeSoundtrack(url, through: video)
            do {
                return (audio, try await video.withFrames(fps: stream.fps) { await recipe.frameTokens(of: $0) })
            } catch let error as DataError { throw error } catch {
                throw DataError(path: url.path, reason: "\(error)")
            }
        }
    }

    /// A soundtrack decoded by libsndfile, or, when libsndfile cannot read it (MP3, M4A, a
    /// video's sound), extracted by ffmpeg into a temporary 16 kHz WAV file first.
    static func decodeSoundtrack(_ url: URL, through video: Video? = nil) throws(DataError) -> DecodedAudio {
        if video == nil, let decoded = try? DecodedAudio(contentsOf: url) { return decoded }
        let reader: Video
        do { reader = try video ?? Video(url: url) } catch {
            // No ffmpeg: report what libsndfile said.
            do { return try DecodedAudio(contentsOf: url) } catch {
                throw DataError(path: url.path, reason: (error as? AudioError).map { "\($0.reason)" } ?? "\(error)")
            }
        }
        let wav = FileManager.default.temporaryDirectory.appendingPathComponent("framefinder-sound-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: wav) }
        try reader.extractSoundtrack(to: wav)
        do { return try DecodedAudio(contentsOf: wav) } catch {
            throw DataError(path: url.path, reason: "the soundtrack ffmpeg extracted is unreadable (\(error))")
        }
    }
}

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
    /// - Throws: `FileError` when a stream's soundtrack or every one of its frames is
    ///   unreadable, or no pair could be made.
    public static func loadStreams(
        _ streams: [TrainingStream], pairing: StreamPairing, recipe: FeatureRecipe, speeds: [Double] = [1],
        validateLast: Double = 0
    ) async throws(FileError) -> StreamTrainingSet {
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
            throw FileError(path: streams.first?.path ?? "streams", reason: "no frame has audio to pair it with")
        }
        return StreamTrainingSet(
            data: training.data, validation: validation.clips.isEmpty ? nil : validation.data,
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
        TrainingData(
            clips: clips, frames: Matrix(rows: frameRows.count, columns: width, elements: Array(frameRows.joined())),
            positives: positives, excluded: excluded)
    }
}

import Dispatch
import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

/// An item that could not be loaded for training, and why.
public struct LoadFailure: Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

extension TrainingData {
    /// Loads labelled clips and images: a clip and an image with equal labels are a pair.
    ///
    /// Each clip becomes one token matrix per speed of `augmentation` (the first should be 1,
    /// the clip as recorded), then one per recording made from it; clip `i`'s recordings are
    /// drawn with seed `seed + i`. Unreadable files are returned as failures and left out.
    ///
    /// - Throws: `FileError` when no clip or no image could be read, or a clip's label has
    ///   no image.
    public static func load(
        audio audioLabels: LabelledFiles, images imageLabels: LabelledFiles, recipe: FeatureRecipe,
        augmentation: ClipAugmentation = ClipAugmentation(), seed: UInt64 = 0
    ) async throws(FileError) -> (data: TrainingData, failures: [LoadFailure]) {
        let clipResults = concurrentMap(Array(audioLabels.entries.enumerated())) { number, entry in
            Result {
                try recipe.clipTokens(
                    contentsOf: entry.url, augmentation: augmentation,
                    seed: seed &+ UInt64(number))
            }
        }
        var clips: [[Matrix]] = [], clipLabels: [String] = [], failures: [LoadFailure] = []
        for (entry, result) in zip(audioLabels.entries, clipResults) {
            switch result {
            case .success(let variants):
                clips.append(variants)
                clipLabels.append(entry.label)
            case .failure(let error): failures.append(LoadFailure(path: entry.url.path, reason: "\(error)"))
            }
        }
        let (frames, frameLabels, frameFailures) = try await loadImages(imageLabels, recipe: recipe)
        failures += frameFailures
        guard !clips.isEmpty else { throw FileError(path: "audio labels", reason: "no clip could be read") }
        let data = TrainingData.labelled(clips: clips, clipLabels: clipLabels, frames: frames, frameLabels: frameLabels)
        guard data.everyClipHasAPositive else {
            let missing = Set(clipLabels).subtracting(frameLabels).sorted()
            throw FileError(path: "image labels", reason: "no image has label(s) \(missing.joined(separator: ", "))")
        }
        return (data, failures)
    }

    /// Loads the global tokens of labelled images, in CSV order, leaving out unreadable ones.
    static func loadImages(
        _ labels: LabelledFiles, recipe: FeatureRecipe
    ) async throws(FileError) -> (frames: Matrix, labels: [String], failures: [LoadFailure]) {
        let sequence: FrameSequence
        do { sequence = try FrameSequence(files: labels.entries.map(\.url)) } catch {
            throw FileError(path: "image labels", reason: "\(error)")
        }
        let described = await recipe.frameTokens(of: sequence)
        guard described.tokens.rows > 0 else { throw FileError(path: "image labels", reason: "no image could be read") }
        let frameLabels = described.entries.map { labels.entries[$0.index].label }
        return (described.tokens, frameLabels, described.failures.map { LoadFailure(path: $0.path, reason: $0.reason) })
    }
}

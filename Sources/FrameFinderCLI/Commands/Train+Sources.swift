import ArgumentParser
import Foundation
import FrameFinder

/// Where `train` starts from (a fresh model of the flags' recipe, or `--init`) and where its
/// pairs come from (labels or footage).
extension Train {
    /// The feature and architecture flags given on the command line (they conflict with `--init`).
    var recipeFlagsGiven: [String] {
        let given: [(String, Bool)] = [
            ("--features", features != nil), ("--mfcc", mfcc != nil), ("--normalize", normalize != nil),
            ("--tokens", tokens != nil), ("--sound-top-db", soundTopDb != nil), ("--floor-db", floorDb != nil),
            ("--max-input-rate", maxInputRate != nil),
            ("--patch-grid", patchGrid != nil), ("--query-speeds", !querySpeeds.isEmpty), ("--dim", dim != nil),
            ("--value-dim", valueDim != nil), ("--heads", heads != nil), ("--hidden", hidden != nil),
            ("--embedding", embedding != nil), ("--pooling", pooling != nil), ("--attended-share", attendedShare != nil),
        ]
        return given.filter(\.1).map(\.0)
    }

    /// The model training starts from, and its feature recipe: the `--init` model as it is, or
    /// a fresh model of the recipe and architecture the flags describe.
    func startingModel() throws -> (Model, FeatureRecipe) {
        if let initial {
            var options = ModelOptions()
            options.path = initial == Model.defaultName ? nil : initial
            let loaded = try LoadedModel(options)
            return (loaded.model, loaded.recipe)
        }
        var audioSettings = AudioFeatureSettings()
        audioSettings.kind = features ?? .mfcc
        audioSettings.mfccCount = mfcc ?? 20
        audioSettings.normalization = normalize ?? .perClip
        audioSettings.tokens = tokens ?? .segmentProfile(count: 8)
        let topDb = soundTopDb ?? SoundDetection().topDecibels
        if topDb > 0 {
            var sound = SoundDetection()
            sound.topDecibels = topDb
            audioSettings.sound = sound
        }
        audioSettings.floorDecibels = floorDb ?? 0
        audioSettings.maxInputRate = maxInputRate ?? 0
        audioSettings.querySpeeds = querySpeeds.isEmpty ? [1] : querySpeeds
        let recipe: FeatureRecipe
        var frameSettings = FrameDescriptorSettings.default
        frameSettings.patchGrid = patchGrid
        do { recipe = try FeatureRecipe(audio: audioSettings, frames: frameSettings) } catch {
            throw ValidationError("\(error)")
        }
        let stored = recipe.storedSettings
        let d = dim ?? 64
        let settings = ModelSettings(
            audioFeatures: stored.audio, frameDescriptors: stored.frames,
            audioTokenWidth: recipe.tokenWidths.audio, frameTokenWidth: recipe.tokenWidths.frames,
            hidden: hidden ?? 256, embedding: embedding ?? 64, dimension: d, valueDimension: valueDim ?? d,
            heads: heads ?? 1, poolingQueries: pooling ?? 0, attendedShare: attendedShare ?? 0.5)
        do { return (try Model(settings: settings, seed: seed), recipe) } catch { throw ValidationError("\(error)") }
    }

    func loadTrainingData(recipe: FeatureRecipe) async throws -> StreamTrainingSet {
        if let audioLabels, let imageLabels {
            let clips = try LabelledFiles(csv: URL(fileURLWithPath: audioLabels))
            let images = try LabelledFiles(csv: URL(fileURLWithPath: imageLabels))
            let loaded = try await TrainingData.load(
                audio: clips, images: images, recipe: recipe,
                augmentation: ClipAugmentation(speeds: speeds, recordingCount: recordings), seed: seed)
            return StreamTrainingSet(data: loaded.data, validation: nil,
                                     notes: loaded.failures.map { LoadFailure(path: $0.path, reason: "skipped: \($0.reason)") })
        }
        let rate = fps ?? 1
        var sources = video.map { TrainingStream(.video(URL(fileURLWithPath: $0)), fps: rate) }
        if let soundtrack, let frames {
            sources.append(TrainingStream(.soundtrack(URL(fileURLWithPath: soundtrack), frames: URL(fileURLWithPath: frames)), fps: rate))
        }
        if let streams { sources += try TrainingStream.manifest(contentsOf: URL(fileURLWithPath: streams), defaultFPS: rate) }
        return try await TrainingData.loadStreams(
            sources, pairing: StreamPairing(context: context, exclusion: exclude), recipe: recipe, speeds: speeds,
            validateLast: validateLast ?? 0)
    }

    func loadValidationData(recipe: FeatureRecipe) async throws -> TrainingData? {
        guard let validateAudio, let validateImages else { return nil }
        let loaded = try await TrainingData.load(
            audio: try LabelledFiles(csv: URL(fileURLWithPath: validateAudio)),
            images: try LabelledFiles(csv: URL(fileURLWithPath: validateImages)), recipe: recipe,
            augmentation: ClipAugmentation(speeds: recipe.audio.settings.querySpeeds))
        for failure in loaded.failures { Terminal.warn("skipped \(failure)") }
        // Validation clips are heard as queries are: at every query speed at once.
        return loaded.data.stackingVariants()
    }
}

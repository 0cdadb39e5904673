import FrameFinderAudio
import FrameFinderFrames
import FrameFinderModel

/// A model with random weights over the default front-ends (`audio` for the audio side),
/// every encoder and attention width `width`: small, fast, and with the real recipe.
func frontEndModel(width: Int, audio: AudioFeatureSettings = AudioFeatureSettings(), seed: UInt64 = 3) throws -> Model {
    let architecture = ModelArchitecture(hidden: width, embedding: width, dimension: width, valueDimension: width)
    return try Model(settings: ModelSettings(audio: audio, frames: .default, architecture: architecture), seed: seed)
}

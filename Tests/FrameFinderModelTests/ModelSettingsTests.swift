import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import Testing

/// The typed settings and their model-file coding: the shipped model reads and writes back
/// byte for byte, and every setting round-trips.
@Suite struct ModelSettingsTests {
    /// The shipped model's file, as it is on disk.
    private func defaultFile() throws -> (bytes: Data, file: SafeTensors) {
        let url = try #require(Model.defaultURL)
        let bytes = try Data(contentsOf: url)
        return (bytes, try SafeTensors(data: bytes, source: url.path))
    }

    @Test func theDefaultModelWritesBackTheSameBytes() throws {
        let (bytes, _) = try defaultFile()
        let model = try Model.default
        #expect(model.safeTensors.serialized == bytes)
        let fresh = try Model(safeTensors: SafeTensors(data: bytes), path: "default")
        #expect(fresh.identity == model.identity)
    }

    @Test func theDefaultModelsMetadataRoundTripsKeyForKey() throws {
        let (_, file) = try defaultFile()
        let settings = try ModelSettings(metadata: file.metadata)
        #expect(settings.metadata == file.metadata)
    }

    /// The typed settings say what the file's strings say, and the widths follow from them.
    @Test func theDefaultModelsSettingsAreTyped() throws {
        let (_, file) = try defaultFile()
        let settings = try Model.default.settings
        let audio = try #require(settings.audio)
        #expect(audio == (try AudioFeatureSettings(metadata: file.metadata)))
        #expect(settings.frames == (try FrameDescriptorSettings(metadata: file.metadata)))
        let tokens = [file.metadata["audio.tokens"], file.metadata["audio.token_segments"]].compactMap { $0 }
        #expect(audio.tokens.description == tokens.joined(separator: ":"))
        #expect(String(settings.audioTokenWidth) == file.metadata["model.audio_token_width"])
        #expect(String(settings.frameTokenWidth) == file.metadata["model.frame_token_width"])
        #expect(String(settings.heads) == file.metadata["model.heads"])
    }

    /// tools/train_default_model.py trains with `--tokens profile:8 --max-input-rate 8000` and
    /// the rest of train's defaults: they give the shipped model's recipe and architecture.
    @Test func trainsDefaultsWithTheDefaultModelsFlagsGiveItsSettings() throws {
        let audio = AudioFeatureSettings.training(tokens: AudioTokenKind("profile:8"), maxInputRate: 8000)
        let settings = ModelSettings(audio: audio, frames: .default, architecture: ModelArchitecture())
        #expect(settings == (try Model.default.settings))
    }

    @Test func settingsWithARecipeRoundTrip() throws {
        var audio = AudioFeatureSettings()
        audio.tokens = .stackedFrames(context: 1, hop: 3)
        audio.querySpeeds = [0.9, 1, 1.1]
        let frames = FrameDescriptorSettings(patchGrid: Size2D(width: 2, height: 2))
        let settings = ModelSettings(
            audio: audio, frames: frames,
            architecture: ModelArchitecture(
                hidden: 0, embedding: 8, dimension: 6, heads: 3, poolingQueries: 2, attendedShare: 0.25))
        #expect(settings.valueDimension == 6)
        #expect(settings.audioTokenWidth == audio.tokenWidth && settings.frameTokenWidth == frames.tokenWidth)
        #expect(try ModelSettings(metadata: settings.metadata) == settings)
    }

    @Test func aModelOfBareTokensKeepsItsWidthsAndHasNoRecipe() throws {
        let settings = ModelSettings(audioTokenWidth: 5, frameTokenWidth: 6, architecture: ModelArchitecture(hidden: 4))
        #expect(settings.metadata.keys.allSatisfy { $0.hasPrefix("model.") || $0.hasPrefix("format") })
        let read = try ModelSettings(metadata: settings.metadata)
        #expect(read == settings && read.audio == nil && read.frames == nil)
        #expect(throws: ModelError.self) { try FeatureRecipe(settings: read) }
    }

    /// A file whose recorded widths disagree with its recipe, or whose recipe is malformed, is
    /// refused naming the file and the key.
    @Test func aFileThatContradictsItselfIsRefusedNamingTheKey() throws {
        var (_, file) = try defaultFile()
        file.metadata["model.audio_token_width"] = "7"
        #expect { try Model(safeTensors: file, path: "m.safetensors") } throws: { error in
            "\(error)".hasPrefix("m.safetensors: model.audio_token_width 7 does not match the feature settings")
        }
        (_, file) = try defaultFile()
        file.metadata["audio.n_fft"] = "five hundred"
        #expect(
            throws: ModelError.invalidFile(
                path: "m.safetensors",
                reason: "audio.n_fft is not an integer: \"five hundred\"")
        ) {
            try Model(safeTensors: file, path: "m.safetensors")
        }
    }

    @Test func settingsErrorsNameTheKeyWhenThereIsNoFile() {
        var settings = ModelSettings(audioTokenWidth: 5, frameTokenWidth: 6, architecture: ModelArchitecture(heads: 3))
        #expect { try settings.validate() } throws: { error in
            (error as? ModelError)?.path == "model.dimension"
        }
        settings.heads = 1
        settings.attendedShare = 2
        #expect { try settings.validate() } throws: { error in
            (error as? ModelError)?.path == "model.attended_share"
        }
    }

    @Test func tensorNamesAreTheFilesNames() throws {
        let (_, file) = try defaultFile()
        let names: [String] = [
            Model.TensorName.audioMean, Model.TensorName.audioStd, Model.TensorName.frameMean,
            Model.TensorName.frameStd, Model.TensorName.crossQueryProjection,
            Model.TensorName.crossKeyProjection, Model.TensorName.crossValueProjection,
        ]
        let encoders = [Model.TensorName.audioEncoder, Model.TensorName.frameEncoder].flatMap { prefix in
            Model.TensorName.EncoderPart.allCases.map { "\(prefix).\($0.rawValue)" }
        }
        #expect(Set(names + encoders) == Set(file.tensors.keys))
    }
}

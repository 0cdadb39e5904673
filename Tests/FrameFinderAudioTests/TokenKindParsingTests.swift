import FrameFinderAudio
import Testing

/// The one parser of token kinds: the command line's `profile:8` and the model file's
/// `audio.tokens` with its numbers are the same name and parameters.
@Suite struct TokenKindParsingTests {
    static let kinds: [AudioTokenKind] = [
        .stackedFrames(context: 2, hop: 3), .segmentMeans(count: 5), .segmentProfile(count: 8), .clipMean,
    ]

    @Test(arguments: [("stacked:2:3", kinds[0]), ("segments:5", kinds[1]), ("profile:8", kinds[2]), ("clip", kinds[3])])
    func parsesEachKind(text: String, kind: AudioTokenKind) {
        #expect(AudioTokenKind(text) == kind)
        #expect(kind.description == text)
    }

    @Test(arguments: [
        "", "random", "profile", "profile:", "profile:x", "profile:8:1", "stacked:2", "clip:1",
        ":8", "Profile:8",
    ])
    func refusesOtherText(text: String) {
        #expect(AudioTokenKind(text) == nil)
    }

    /// The model file stores the name under `audio.tokens` and the parameters under their own
    /// keys; reading it back gives the kind the command line names the same way.
    @Test(arguments: kinds)
    func theMetadataStoresTheSameNameAndNumbers(kind: AudioTokenKind) throws {
        var settings = AudioFeatureSettings()
        settings.tokens = kind
        let metadata = settings.metadata
        #expect(metadata["audio.tokens"] == kind.name)
        let numbers = ["audio.token_context", "audio.token_hop", "audio.token_segments"].compactMap { metadata[$0] }
        #expect(numbers == kind.parameters.map(String.init))
        #expect(try AudioFeatureSettings(metadata: metadata).tokens == kind)
        #expect(AudioTokenKind(name: kind.name, parameters: kind.parameters) == kind)
    }

    /// Ranges are the settings' to check, so a parsed kind out of range is refused by `validate()`.
    @Test func rangesAreCheckedByTheSettings() {
        var settings = AudioFeatureSettings()
        settings.tokens = AudioTokenKind("stacked:-1:1")!
        #expect { try settings.validate() } throws: { error in "\(error)".hasPrefix("audio.token_context: ") }
    }
}

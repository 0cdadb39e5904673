import ArgumentParser

extension Features {
    /// Prints the audio features of `input` (filled in by the audio front-end work).
    func runAudio() throws {
        throw ValidationError("audio features are not available yet")
    }
}

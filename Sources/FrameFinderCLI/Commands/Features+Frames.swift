import ArgumentParser

extension Features {
    /// Prints the frame features of `input` (filled in by the image front-end work).
    func runFrames() async throws {
        throw ValidationError("frame features are not available yet")
    }
}

import Foundation
import FrameFinderMath

/// Where the tests find their inputs.
public enum TestData {
    /// The root of the FrameFinder package (the folder holding `Package.swift`).
    public static let packageRoot: URL = {
        // This file is Tests/TestSupport/TestData.swift.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// The shared real data set (`../shared/data` beside the package), or nil when absent,
    /// as on a user's machine: tests that need it are then disabled with a clear reason.
    public static let sharedData: URL? = {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// True when `../shared/data` is present.
    public static var hasSharedData: Bool { sharedData != nil }

    /// A file of `../shared/data`, e.g. `sharedFile("fsdd/0_jackson_0.wav")`.
    public static func sharedFile(_ relativePath: String) -> URL {
        (sharedData ?? packageRoot.appendingPathComponent("../shared/data"))
            .appendingPathComponent(relativePath)
    }

    /// A fresh empty temporary directory for one test.
    public static func temporaryDirectory(_ name: String = "framefinder-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Reads a committed `.npy` fixture from a test bundle's `Fixtures` folder.
    public static func npy(_ name: String, in bundle: Bundle) throws -> NPYArray {
        try NPYArray(contentsOf: fixture(name, in: bundle))
    }

    /// The URL of a committed fixture file in a test bundle's `Fixtures` folder.
    public static func fixture(_ name: String, in bundle: Bundle) -> URL {
        bundle.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }
}

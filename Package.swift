// swift-tools-version: 6.0
//
// FrameFinder: find the frames of a video that match an audio clip with cross-attention.
//
// Data flows one way through the modules:
//   decode → features (FrameFinderAudio, FrameFinderFrames) → tokens → attention
//   (FrameFinderAttention) → model, training and ranking (FrameFinderRetrieval) → pictures
//   (FrameFinderReport) → the `framefinder` CLI.
// FrameFinderMath holds the shared dense matrix (OpenBLAS) and the tensor file formats.
import PackageDescription

/// A C library found through pkg-config, installed on Debian/Ubuntu from `debianPackage`.
func systemLibrary(_ name: String, pkgConfig: String, debianPackage: String) -> Target {
    .systemLibrary(
        name: name,
        path: "Sources/\(name)",
        pkgConfig: pkgConfig,
        providers: [.apt([debianPackage])]
    )
}

let package = Package(
    name: "FrameFinder",
    products: [
        .executable(name: "framefinder", targets: ["FrameFinderCLI"]),
        .library(
            name: "FrameFinder",
            targets: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames",
                "FrameFinderAttention", "FrameFinderRetrieval", "FrameFinderReport",
            ]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries
        systemLibrary("CSndfile", pkgConfig: "sndfile", debianPackage: "libsndfile1-dev"),
        systemLibrary("CSoxr", pkgConfig: "soxr", debianPackage: "libsoxr-dev"),
        systemLibrary("CFFTW", pkgConfig: "fftw3f", debianPackage: "libfftw3-dev"),
        systemLibrary("COpenBLAS", pkgConfig: "openblas", debianPackage: "libopenblas-dev"),
        systemLibrary("CPNG", pkgConfig: "libpng16", debianPackage: "libpng-dev"),

        // MARK: - Modules, in the order data flows through them
        .target(name: "FrameFinderMath", dependencies: ["COpenBLAS"]),
        .target(
            name: "FrameFinderAudio",
            dependencies: ["FrameFinderMath", "CSndfile", "CSoxr", "CFFTW"]
        ),
        .target(name: "FrameFinderFrames", dependencies: ["FrameFinderMath", "CPNG"]),
        .target(name: "FrameFinderAttention", dependencies: ["FrameFinderMath"]),
        .target(
            name: "FrameFinderRetrieval",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderAttention",
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "FrameFinderReport",
            dependencies: ["FrameFinderMath", "FrameFinderFrames", "FrameFinderRetrieval"]
        ),
        .executableTarget(
            name: "FrameFinderCLI",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames",
                "FrameFinderAttention", "FrameFinderRetrieval", "FrameFinderReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests, mirroring the modules
        .target(name: "TestSupport", dependencies: ["FrameFinderMath"], path: "Tests/TestSupport"),
        .testTarget(
            name: "FrameFinderMathTests",
            dependencies: ["FrameFinderMath", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderAudioTests",
            dependencies: ["FrameFinderAudio", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderFramesTests",
            dependencies: ["FrameFinderFrames", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderAttentionTests",
            dependencies: ["FrameFinderAttention", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderRetrievalTests",
            dependencies: [
                "FrameFinderRetrieval", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderMath", "TestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderReportTests",
            dependencies: ["FrameFinderReport", "TestSupport"]
        ),
        .testTarget(
            name: "FrameFinderCLITests",
            dependencies: [
                "FrameFinderCLI", "FrameFinderRetrieval", "FrameFinderAudio", "FrameFinderFrames", "TestSupport",
            ]
        ),
    ]
)

// swift-tools-version: 6.0
//
// FrameFinder: find the frames of a video that match an audio clip with cross-attention.
//
// Data flows one way through the modules:
//   decode → features (FrameFinderAudio, FrameFinderFrames) → tokens → attention
//   (FrameFinderAttention) → the model and its training (FrameFinderModel) → search: frame
//   sources, index, ranking, timeline, batch (FrameFinderSearch) → pictures
//   (FrameFinderReport) → the `framefinder` CLI.
// FrameFinderMath holds the shared dense matrix (OpenBLAS), the tensor file formats and the
// error shape every module throws. `FrameFinder` re-exports the library: `import FrameFinder`.
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
        .library(name: "FrameFinder", targets: ["FrameFinder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
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
            name: "FrameFinderModel",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderAttention",
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "FrameFinderSearch",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderAttention",
                "FrameFinderModel",
            ]
        ),
        .target(
            name: "FrameFinderReport",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderModel", "FrameFinderSearch",
            ]
        ),
        // The library as one module: `import FrameFinder`.
        .target(
            name: "FrameFinder",
            dependencies: [
                "FrameFinderMath", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderAttention",
                "FrameFinderModel", "FrameFinderSearch", "FrameFinderReport",
            ]
        ),
        .executableTarget(
            name: "FrameFinderCLI",
            dependencies: [
                "FrameFinder",
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
            name: "FrameFinderModelTests",
            dependencies: [
                "FrameFinderModel", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderMath", "TestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FrameFinderSearchTests",
            dependencies: [
                "FrameFinderSearch", "FrameFinderModel", "FrameFinderAudio", "FrameFinderFrames", "FrameFinderMath",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "FrameFinderReportTests",
            dependencies: ["FrameFinderReport", "FrameFinderModel", "FrameFinderSearch", "TestSupport"]
        ),
        .testTarget(
            name: "FrameFinderCLITests",
            dependencies: [
                "FrameFinderCLI", "FrameFinder", "TestSupport",
            ]
        ),
    ]
)

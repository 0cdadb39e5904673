// swift-tools-version: 6.0
//
// FrameFinder's benchmarks, kept in their own package so that benchmark-only code never
// enters the main build or CI. Build in release: `swift build -c release --package-path bench`.
import PackageDescription

let package = Package(
    name: "FrameFinderBenchmarks",
    dependencies: [.package(name: "FrameFinder", path: "..")],
    targets: [
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "bench-audio",
            dependencies: ["BenchSupport", .product(name: "FrameFinder", package: "FrameFinder")]
        ),
        .executableTarget(
            name: "bench-frames",
            dependencies: ["BenchSupport", .product(name: "FrameFinder", package: "FrameFinder")]
        ),
        .executableTarget(
            name: "bench-batch",
            dependencies: ["BenchSupport", .product(name: "FrameFinder", package: "FrameFinder")]
        ),
        .executableTarget(
            name: "bench-attention",
            dependencies: ["BenchSupport", .product(name: "FrameFinder", package: "FrameFinder")]
        ),
    ]
)

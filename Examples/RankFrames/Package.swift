// swift-tools-version: 6.0
//
// A program that uses FrameFinder as a library: `import FrameFinder` and rank a video's
// frames for an audio clip. Built and checked against the CLI by tools/check_example.sh.
import PackageDescription

let package = Package(
    name: "RankFrames",
    dependencies: [.package(name: "FrameFinder", path: "../..")],
    targets: [
        .executableTarget(name: "RankFrames", dependencies: [.product(name: "FrameFinder", package: "FrameFinder")])
    ]
)

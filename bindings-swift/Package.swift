// swift-tools-version:5.7
// The CallLog Swift package: the generated Swift API (Sources/CallLog, from generate.sh) over the
// Rust core, linked as a static library in CallLogFFI.xcframework (from build-xcframework.sh, on
// a Mac). See README.md.
import PackageDescription

let package = Package(
    name: "CallLog",
    platforms: [
        .iOS(.v13),
        .macOS(.v10_15),
    ],
    products: [
        .library(name: "CallLog", targets: ["CallLog"]),
    ],
    targets: [
        // The Rust static library for each Apple platform, with CallLogFFI.h and the
        // `CallLogFFI` module map. Built by ./build-xcframework.sh.
        .binaryTarget(name: "CallLogFFI", path: "CallLogFFI.xcframework"),
        // The generated Swift API (do not edit: run ./generate.sh).
        .target(name: "CallLog", dependencies: ["CallLogFFI"], path: "Sources/CallLog"),
    ]
)

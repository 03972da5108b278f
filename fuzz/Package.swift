// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses for RuminateParse (see README.md; build and run with `fuzz/run`).
// A package of its own, so the main package never builds it: the modules under test are the main
// package's sources, reached through the symlinks in Sources/ (SwiftPM refuses target paths outside the
// package root). Settings copied from ../Package.swift. `fuzz/run` builds it with libFuzzer and
// AddressSanitizer (the flags and why are in fuzz/README.md); libFuzzer provides `main`.
let package = Package(
    name: "RuminateFuzz",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ruminate-fuzz", targets: ["ruminate-fuzz"])
    ],
    targets: [
        .target(name: "RuminateCore", path: "Sources/RuminateCore"),
        .target(
            name: "CICU", path: "Sources/CICU",
            linkerSettings: [
                .linkedLibrary("_FoundationICU"),
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(
            name: "RuminateText", dependencies: ["RuminateCore", "CICU"], path: "Sources/RuminateText",
            exclude: ["NORMALISATION.md"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "RuminateParse", dependencies: ["RuminateCore", "RuminateText", "CLibXML2", "CZlib"],
            path: "Sources/RuminateParse"),
        // One binary for every target: `RUMINATE_FUZZ_TARGET` picks the parser (libFuzzer owns argv).
        .executableTarget(
            name: "ruminate-fuzz", dependencies: ["RuminateCore", "RuminateParse", "CZlib"],
            path: "Sources/RuminateFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)

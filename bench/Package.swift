// swift-tools-version: 6.1
import PackageDescription

// Benchmark executables (see README.md; the scripts in the folders beside this file build and run them).
// A package of its own, so the main package never builds them: they use the main package's library
// products through a path dependency, and only their public API, as any client would.
let package = Package(
    name: "RuminateBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Ruminate", path: "..")],
    targets: [
        .executableTarget(
            name: "ruminate-bench-vector", dependencies: [.product(name: "RuminateVector", package: "Ruminate")],
            path: "vector/Sources"),
        .executableTarget(
            name: "ruminate-bench-embed", dependencies: [.product(name: "RuminateEmbed", package: "Ruminate")],
            path: "embed/ruminate-bench-embed"),
        .executableTarget(
            name: "ruminate-bench-vector-index", dependencies: [.product(name: "RuminateEngine", package: "Ruminate")],
            path: "vector-index/Sources"),
    ]
)

// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: crawl → parse → chunk → index → retrieve → compose → render.
// Every module depends inward on RuminateCore; see ARCHITECTURE.md for what each may import.

// Numeric kernels need AVX2/FMA code generation: for baseline x86-64, `SIMD*<Float>.addingProduct` becomes one
// `fmaf` call per lane (~0.8 GFLOP/s against ~115 with haswell). The vector width flag lets LLVM use full
// 256-bit registers for the int8 multiply-add of the vector scan.
let vectorKernelFlags: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "haswell", "-Xllvm", "-force-vector-width=16"])
]

let package = Package(
    name: "Ruminate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ruminate", targets: ["ruminate"]),
        .library(
            name: "RuminateEngine",
            targets: [
                "RuminateCore", "RuminateIndex", "RuminateIngest", "RuminateRetrieve", "RuminateEval",
                "RuminateCompose", "RuminateResearch",
            ]),
        // The kernels on their own, for the benchmarks in bench/ (a package of its own).
        .library(name: "RuminateVector", targets: ["RuminateVector"]),
        .library(name: "RuminateEmbed", targets: ["RuminateEmbed"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Hummingbird's own transport, named only for the channel handler that answers HTTP parser errors.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    ],
    targets: [
        // The dependency-free core: value types and the seams between stages.
        .target(name: "RuminateCore"),

        // The only wrapper of ICU. A C target because Swift cannot call ICU's versioned macros (`ubrk_open` is
        // `ubrk_open_72`) and its headers clash with Foundation's own ICU (see Sources/CICU/include/CICU.h).
        // `_FoundationICU` links first: it and libicuuc export a few identical symbols, and link order decides.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("_FoundationICU"),
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(name: "RuminateText", dependencies: ["RuminateCore", "CICU"], exclude: ["NORMALISATION.md"]),

        // The only wrapper of zlib (gzip'd files; the zip containers EPUB, DOCX and ODT).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The only wrapper of libxml2.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "RuminateParse", dependencies: ["RuminateCore", "RuminateText", "CLibXML2", "CZlib"]),

        // Folders: the walk (globs, hidden names, symlink loops) and the inotify watcher.
        .target(name: "RuminateWalk", dependencies: ["RuminateCore"]),
        // Web sites: the crawler, its mirror, robots.txt and sitemaps (pages become the walk's `DiscoveredFile`s).
        .target(name: "RuminateCrawl", dependencies: ["RuminateCore", "RuminateWalk"]),
        // Operating-system utilities written once: the worker pool, `Locked`, read-only file mappings, SHA-256 hex.
        // Not in RuminateCore, which stays free of Foundation, Dispatch and libc.
        .target(
            name: "RuminateSystem", dependencies: ["RuminateCore", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "RuminateVector", dependencies: ["RuminateCore", "RuminateSystem"], swiftSettings: vectorKernelFlags),
        // The sentence embedder: optimised even in debug builds, so tests that run the real model stay quick.
        .target(
            name: "RuminateEmbed", dependencies: ["RuminateCore", "RuminateSystem"],
            swiftSettings: [
                .unsafeFlags(["-target-cpu", "haswell"]), .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]),
        .target(name: "RuminateChunk", dependencies: ["RuminateCore"]),

        // The only module that touches SQLite.
        .target(
            name: "RuminateIndex",
            dependencies: [
                "RuminateCore", "RuminateText", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RuminateRetrieve",
            dependencies: ["RuminateCore", "RuminateText", "RuminateIndex", "RuminateVector", "RuminateSystem"],
            exclude: ["RERANK.md"]),
        .target(
            name: "RuminateIngest",
            dependencies: [
                "RuminateCore", "RuminateText", "RuminateParse", "RuminateWalk", "RuminateCrawl", "RuminateChunk",
                "RuminateIndex", "RuminateVector", "RuminateSystem",
            ]
        ),
        .target(
            name: "RuminateEval",
            dependencies: [
                "RuminateCore", "RuminateIndex", "RuminateIngest", "RuminateRetrieve", "RuminateCompose",
                "RuminateSystem", "RuminateText",
            ]),
        // Cited answers built from verified sentences of the corpus.
        .target(
            name: "RuminateCompose", dependencies: ["RuminateCore", "RuminateText", "RuminateRetrieve"],
            exclude: ["ANSWERS.md"]),
        // The operations every front end offers (search, ask, research, open) and their JSON shapes.
        .target(
            name: "RuminateService",
            dependencies: [
                "RuminateCore", "RuminateIndex", "RuminateRetrieve", "RuminateCompose", "RuminateResearch",
                "RuminateWalk",
                "RuminateIngest",
            ]),
        // `ruminate serve`: the JSON API and the offline web UI (the only module that imports Hummingbird).
        .target(
            name: "RuminateServe",
            dependencies: [
                "RuminateCore", "RuminateService", "RuminateRetrieve", "RuminateCompose", "RuminateResearch",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.embedInCode("WebUI/index.html"), .embedInCode("openapi.json")]),
        // `ruminate mcp`: the Model Context Protocol server (stdio); the only module that imports the MCP SDK.
        .target(
            name: "RuminateMCP",
            dependencies: [
                "RuminateCore", "RuminateRetrieve", "RuminateCompose", "RuminateResearch", "RuminateService",
                .product(name: "MCP", package: "swift-sdk"),
            ]),
        .executableTarget(
            name: "ruminate",
            dependencies: [
                "RuminateCore", "RuminateCrawl", "RuminateChunk", "RuminateIngest", "RuminateRetrieve", "RuminateEval",
                "RuminateIndex", "RuminateEmbed", "RuminateCompose", "RuminateResearch", "RuminateService",
                "RuminateServe",
                "RuminateMCP", "RuminateWalk",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "RuminateCoreTests", dependencies: ["RuminateCore"]),
        .testTarget(name: "RuminateSystemTests", dependencies: ["RuminateSystem"]),
        .testTarget(name: "RuminateVectorTests", dependencies: ["RuminateVector", "RuminateCore"]),
        .testTarget(
            name: "RuminateEmbedTests", dependencies: ["RuminateEmbed", "RuminateCore", "RuminateSystem"],
            exclude: ["Fixtures"]),
        .testTarget(name: "RuminateTextTests", dependencies: ["RuminateText", "RuminateCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RuminateParseTests", dependencies: ["RuminateParse", "RuminateCore", "CLibXML2"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "RuminateWalkTests", dependencies: ["RuminateWalk", "RuminateCore", "RuminateTestSupport"]),
        .testTarget(name: "RuminateCrawlTests", dependencies: ["RuminateCrawl", "RuminateTestSupport"]),
        .testTarget(name: "RuminateChunkTests", dependencies: ["RuminateChunk", "RuminateCore"]),
        .testTarget(
            name: "RuminateIndexTests",
            dependencies: [
                "RuminateIndex", "RuminateText", "RuminateCore", "RuminateSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "RuminateRetrieveTests",
            dependencies: ["RuminateRetrieve", "RuminateIndex", "RuminateText", "RuminateCore"]),
        .testTarget(
            name: "RuminateIngestTests",
            dependencies: [
                "RuminateIngest", "RuminateIndex", "RuminateCore", "RuminateText", "RuminateRetrieve", "RuminateWalk",
                "RuminateSystem", "RuminateChunk", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Multi-round research reports over the collection, built from cited sentences.
        .target(
            name: "RuminateResearch",
            dependencies: ["RuminateCore", "RuminateText", "RuminateRetrieve", "RuminateCompose"],
            exclude: ["RESEARCH.md"]),
        .testTarget(
            name: "RuminateEvalTests",
            dependencies: [
                "RuminateEval", "RuminateCore", "RuminateIndex", "RuminateIngest", "RuminateCompose", "RuminateWalk",
                "RuminateRetrieve",
            ]),
        .testTarget(
            name: "RuminateResearchTests",
            dependencies: [
                "RuminateResearch", "RuminateCompose", "RuminateCore", "RuminateIndex", "RuminateIngest",
                "RuminateWalk",
                "RuminateService", "RuminateRetrieve", "RuminateText",
            ]),
        .testTarget(
            name: "RuminateComposeTests",
            dependencies: [
                "RuminateCompose", "RuminateCore", "RuminateText", "RuminateIndex", "RuminateIngest", "RuminateWalk",
                "RuminateRetrieve",
            ]),
        .testTarget(
            name: "RuminateServiceTests",
            dependencies: [
                "RuminateService", "RuminateCore", "RuminateIndex", "RuminateIngest", "RuminateWalk", "RuminateCompose",
            ]),
        .testTarget(
            name: "RuminateServeTests",
            dependencies: [
                "RuminateServe", "RuminateService", "RuminateRetrieve", "RuminateCore", "RuminateIndex",
                "RuminateIngest", "RuminateWalk",
            ]),
        // Process runners shared by the end-to-end tests (the real binary, `ruminate serve`).
        .target(name: "RuminateTestSupport", path: "Tests/RuminateTestSupport"),
        .testTarget(
            name: "RuminateCLITests", dependencies: ["ruminate", "RuminateTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RuminateMCPTests",
            dependencies: ["ruminate", "RuminateTestSupport", .product(name: "MCP", package: "swift-sdk")],
            exclude: ["python"]),
    ]
)

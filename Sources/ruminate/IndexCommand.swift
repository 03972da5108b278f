import ArgumentParser
import Foundation
import RuminateChunk
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateIngest

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract:
            "Index files, folders and web sites (text, Markdown, HTML, XML, BEIR JSONL); re-runs update only what changed.",
        discussion: """
            An http:// or https:// argument is crawled: its pages are fetched (same host unless --allow widens it,
            robots.txt honoured, one request per --request-interval-ms per host), mirrored next to the index in
            INDEX.site/, and indexed with their URL as path. Re-runs ask the server what changed. Nothing is fetched
            for files and folders. When nothing could be fetched from any web site named (the server unreachable,
            the start page missing), the command exits with status 2, as --strict does for files.
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Argument(help: "Files, folders or web sites (http:// and https:// URLs) to index.")
    var paths: [String]

    @OptionGroup var ingest: IngestOptionsGroup

    @Option(name: .customLong("commit-every"), help: ArgumentHelp("Passages per transaction.", visibility: .hidden))
    var commitEvery: Int = 4000

    @Option(name: .customLong("max-depth"), help: "Web: follow links at most this many steps from a start URL.")
    var maxDepth: Int = SiteCrawlOptions().maxDepth

    @Option(name: .customLong("max-pages"), help: "Web: fetch at most this many pages per start URL.")
    var maxPages: Int = SiteCrawlOptions().maxPages

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Web: also crawl this host or URL prefix (repeatable); the start URL's host is always allowed.",
            valueName: "host-or-url"))
    var allow: [String] = []

    @Option(
        name: .customLong("request-interval-ms"),
        help: "Web: milliseconds between two requests to one host (a longer robots.txt Crawl-delay wins).")
    var requestIntervalMS: Int = 200

    @Option(name: .long, help: "Web: seconds one request may take.")
    var timeout: Double = SiteCrawlOptions().timeout

    @Option(
        name: .customLong("max-page-mb"), help: "Web: refuse pages larger than this many MB (the download stops there)."
    )
    var maxPageMB: Int = SiteCrawlOptions().maxPageBytes >> 20

    @Flag(name: .long, help: "Exit with status 2 when any file could not be indexed.")
    var strict = false

    @Flag(help: "Print the run's report as JSON.")
    var json = false

    func validate() throws {
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
        guard maxDepth >= 0 else { throw ValidationError("--max-depth must not be negative") }
        guard maxPages >= 1 else { throw ValidationError("--max-pages must be at least 1") }
        guard requestIntervalMS >= 0 else { throw ValidationError("--request-interval-ms must not be negative") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard maxPageMB > 0 else { throw ValidationError("--max-page-mb must be positive") }
    }

    func run() throws {
        var failed = false
        var sites: [SiteCrawlSummary] = []
        try reportingErrors {
            let index = try SQLiteIndex(
                path: indexOptions.resolve().path, create: true, readOnly: indexOptions.readOnly)
            var options = ingest.ingestOptions(
                roots: paths.filter { !SiteCrawlOptions.isWebAddress($0) }, commitPassages: commitEvery)
            options.web = SiteCrawlOptions(
                startURLs: paths.filter(SiteCrawlOptions.isWebAddress), allow: allow, maxDepth: maxDepth,
                maxPages: maxPages,
                requestInterval: Double(requestIntervalMS) / 1000, timeout: timeout, maxPageBytes: maxPageMB << 20)
            let report = try IndexingRun(index: index, options: options, embedder: embedding.loadEmbedder()).run()
            try index.flush()
            try Output.indexingReport(report, indexPath: index.path, json: json)
            failed = !report.problems.isEmpty
            sites = report.sites ?? []
        }
        if !sites.isEmpty, sites.allSatisfy(\.reachedNothing) {
            Output.report(
                RuminateError(
                    .fileUnreadable, "nothing could be fetched from " + sites.map(\.start).joined(separator: ", "),
                    hint: "the lines above say why; check the address and that the server is up, then run it again"))
            throw ExitCode(2)
        }
        if strict && failed { throw ExitCode(2) }
    }
}

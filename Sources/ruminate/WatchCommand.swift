import ArgumentParser
import Foundation
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateIngest

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Index files and folders, then keep the index current as they change.",
        discussion: """
            Runs `index` once, then watches every folder under the PATHs (Linux inotify; hidden and excluded \
            folders are left alone) and, once changes have settled for --debounce-ms (at most 10 s under constant \
            churn), runs the same incremental indexing again over the roots that changed: unchanged files are not \
            read. Searches work throughout. With the embedding model present, new passages are embedded after each \
            run (the model is loaded once). Prints one summary line per run (--json: one JSON object per line). \
            If the inotify watch limit is reached, the command says so and re-scans every --rescan-seconds.

            Ctrl-C or SIGTERM stops it with status 0, after the run in progress (a second signal abandons that run; \
            the index stays consistent and the next run completes it).
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Argument(help: "Files and folders to index and watch.")
    var paths: [String]

    @OptionGroup var ingest: IngestOptionsGroup

    @Option(name: .customLong("debounce-ms"), help: "Index once no change has come for this many milliseconds.")
    var debounceMS: Int = 500

    @Option(
        name: .customLong("rescan-seconds"),
        help: "Re-scan this often when changes cannot be watched (watch limit reached, a root missing).")
    var rescanSeconds: Double = 60

    @Option(
        name: .customLong("max-watches"),
        help: ArgumentHelp(
            "Watch at most this many folders, as if the kernel's limit were that low.", visibility: .hidden))
    var maxWatches: Int?

    @Flag(help: "Print each run's report as one line of JSON.")
    var json = false

    func validate() throws {
        if let web = paths.first(where: SiteCrawlOptions.isWebAddress) {
            throw ValidationError(
                "watch takes files and folders, not web sites (\(web)); crawl sites with `ruminate index URL`")
        }
        guard debounceMS >= 0 else { throw ValidationError("--debounce-ms must not be negative") }
        guard rescanSeconds > 0 else { throw ValidationError("--rescan-seconds must be positive") }
        if let maxWatches, maxWatches < 0 { throw ValidationError("--max-watches must not be negative") }
    }

    func run() throws {
        try reportingErrors {
            let index = try SQLiteIndex(
                path: indexOptions.resolve().path, create: true, readOnly: indexOptions.readOnly)
            let base = FileManager.default.currentDirectoryPath
            let roots = paths.map {
                URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: base)).standardizedFileURL.path
            }
            let settings = IndexWatcher.Settings(
                quietPeriod: Double(debounceMS) / 1000, rescanSeconds: rescanSeconds, watchLimit: maxWatches ?? .max)
            let embedder = embedding.loadEmbedder()
            let signals = StopSignals(say: Output.diagnostic)
            var watcher = IndexWatcher(
                index: index, roots: roots, options: ingest.ingestOptions(roots: roots), embedder: embedder,
                settings: settings, stop: signals.stop
            ) { event in try say(event, indexPath: index.path) }
            try withExtendedLifetime(signals) { try watcher.run() }
        }
    }

    /// Words what the watcher says: reports on stdout, everything else as diagnostics on stderr.
    private func say(_ event: IndexWatcher.Event, indexPath: String) throws {
        switch event {
        case .watcherUnavailable(let error):
            Output.report(error)
        case .indexed(let report):
            try Output.indexingReport(report, indexPath: indexPath, json: json, compactJSON: true)
        case .watching(let folders):
            Output.diagnostic("watching \(folders) folder\(folders == 1 ? "" : "s") for changes (Ctrl-C stops)")
        case .overflow:
            Output.diagnostic("note: the kernel's event queue overflowed; re-scanning every root")
        case .runFailed(let error, let retryIn):
            if let error = error as? RuminateError {
                Output.report(error)
            } else {
                Output.diagnostic("error: \(error)")
            }
            Output.diagnostic("retrying in \(Self.seconds(retryIn))")
        case .watchProblem(let error):
            Output.diagnostic("warning: \(error.message)")
        case .watchLimitReached(let error, let every):
            Output.diagnostic("warning: \(error.message); re-scanning every \(Self.seconds(every))")
            if let hint = error.hint { Output.diagnostic("hint: \(hint)") }
        case .rootUnwatchable(let root, let every):
            Output.diagnostic(
                "note: \(Output.displayPath(root)) is not a folder or file to watch now; re-scanning every \(Self.seconds(every))"
            )
        case .cannotWatch(let every):
            Output.diagnostic("note: changes cannot be watched; re-scanning every \(Self.seconds(every))")
        case .stopped:
            Output.diagnostic("stopped watching")
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

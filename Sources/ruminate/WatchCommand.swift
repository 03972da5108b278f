import ArgumentParser
import Foundation
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateIngest
import RuminateWalk

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

    @Option(name: .customLong("rescan-seconds"), help: "Re-scan this often when changes cannot be watched (watch limit reached, a root missing).")
    var rescanSeconds: Double = 60

    @Option(name: .customLong("max-watches"), help: ArgumentHelp("Watch at most this many folders, as if the kernel's limit were that low.", visibility: .hidden))
    var maxWatches: Int?

    @Flag(help: "Print each run's report as one line of JSON.")
    var json = false

    /// Under constant churn a run starts at the latest this long after the first change.
    static let maximumDelay = 10.0
    /// A run that failed (the disk full, the index locked too long) is tried again after this long.
    static let retryDelay = 10.0

    func validate() throws {
        if let web = paths.first(where: SiteCrawlOptions.isWebAddress) {
            throw ValidationError("watch takes files and folders, not web sites (\(web)); crawl sites with `ruminate index URL`")
        }
        guard debounceMS >= 0 else { throw ValidationError("--debounce-ms must not be negative") }
        guard rescanSeconds > 0 else { throw ValidationError("--rescan-seconds must be positive") }
        if let maxWatches, maxWatches < 0 { throw ValidationError("--max-watches must not be negative") }
    }

    func run() throws {
        try reportingErrors {
            let index = try KnowledgeIndex(path: indexOptions.resolve().path, create: true)
            let base = FileManager.default.currentDirectoryPath
            let roots = paths.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: base)).standardizedFileURL.path }
            var loop = WatchLoop(command: self, index: index, roots: roots, embedder: embedding.loadEmbedder())
            try loop.run()
        }
    }
}

/// The life of one `ruminate watch`: an initial run, then a run whenever the debouncer says a burst of
/// changes is over (or a re-scan is due), until a stop signal.
struct WatchLoop {
    let command: WatchCommand
    let index: KnowledgeIndex
    /// Absolute and standardized, so the watcher reports exactly these strings as its events' roots.
    let roots: [String]
    let embedder: ModelEmbedder?
    private let signals = StopSignals()
    private var watcher: FolderWatcher?
    private var debouncer: ChangeDebouncer
    /// When the next re-scan of every root is due (only while changes cannot all be watched).
    private var nextRescan: Double?
    /// When a failed run is retried.
    private var retryAt: Double?
    private var fallbackExplained = false
    private var problemsShown = 0

    init(command: WatchCommand, index: KnowledgeIndex, roots: [String], embedder: ModelEmbedder?) {
        self.command = command
        self.index = index
        self.roots = roots
        self.embedder = embedder
        let quiet = Double(command.debounceMS) / 1000
        debouncer = ChangeDebouncer(quietPeriod: quiet, maximumDelay: max(quiet, WatchCommand.maximumDelay))
    }

    private static var now: Double { ProcessInfo.processInfo.systemUptime }

    mutating func run() throws {
        // Watching starts before the initial run, so nothing changed during it goes unseen.
        do {
            watcher = try FolderWatcher(
                options: command.ingest.crawlOptions(roots: roots), ignoring: ["", "-wal", "-shm", "-journal", ".site"].map { index.path + $0 },
                watchLimit: command.maxWatches ?? .max)
            signals.watcher = watcher
        } catch let error as RuminateError {
            Output.report(error)
        }
        reportWatchState()
        try runIndexing(roots: nil, initial: true)
        if !signals.stopRequested {
            let count = watcher?.watchCount ?? 0
            Output.diagnostic("watching \(count) folder\(count == 1 ? "" : "s") for changes (Ctrl-C stops)")
        }
        while !signals.stopRequested {
            let deadline = [debouncer.dueTime, nextRescan, retryAt].compactMap { $0 }.min()
            let wait = deadline.map { max(0, $0 - Self.now) }
            let events = watcher.map { $0.events(waitingUpTo: wait) } ?? signals.sleep(wait)
            if signals.stopRequested { break }
            let time = Self.now
            for event in events { debouncer.note(event, at: time) }
            if events.contains(where: { $0.kind == .overflow }) {
                Output.diagnostic("note: the kernel's event queue overflowed; re-scanning every root")
            }
            if let due = nextRescan, time >= due {
                watcher?.watchRoots()  // roots that came back, folders that fit under the limit now
                debouncer.note(root: nil, at: time - debouncer.quietPeriod)
            }
            if let due = retryAt, time >= due {
                debouncer.note(root: nil, at: time - debouncer.quietPeriod)
            }
            if debouncer.isDue(at: time) {
                try runIndexing(roots: debouncer.take(), initial: false)
            }
        }
        try? index.checkpoint()  // the file alone holds everything again (best effort: searches may hold it)
        Output.diagnostic("stopped watching")
    }

    /// One incremental run over `roots` (nil: every root), embedding afterwards when the model is present.
    /// The initial run's failure ends the command; a later one is reported and retried.
    private mutating func runIndexing(roots changed: Set<String>?, initial: Bool) throws {
        let selected = changed.map { set in roots.filter(set.contains) } ?? roots
        retryAt = nil
        guard !selected.isEmpty else { return }
        signals.running = true
        defer { signals.running = false }
        do {
            var report = try IndexingRun(index: index, options: command.ingest.ingestOptions(roots: selected)).run()
            if let embedder { report.vectors = try VectorBackfill(index: index, embedder: embedder).run() }
            if initial { try? index.checkpoint() }
            try Output.indexingReport(report, indexPath: index.path, json: command.json, compactJSON: true)
        } catch where !initial {
            // Watching goes on: what the run did not finish, the next one does.
            if let error = error as? RuminateError { Output.report(error) } else { Output.diagnostic("error: \(error)") }
            Output.diagnostic("retrying in \(Self.seconds(WatchCommand.retryDelay))")
            retryAt = Self.now + WatchCommand.retryDelay
        }
        reportWatchState()
    }

    /// Says once why changes are re-scanned rather than watched, and arms (or disarms) the periodic re-scan.
    private mutating func reportWatchState() {
        if let watcher {
            for problem in watcher.problems.dropFirst(problemsShown) { Output.diagnostic("warning: \(problem.error.message)") }
            problemsShown = watcher.problems.count
        }
        let needsRescans = watcher.map { $0.limitReached || !$0.unwatchedRoots.isEmpty } ?? true
        guard needsRescans else {
            nextRescan = nil
            fallbackExplained = false
            return
        }
        if nextRescan == nil || Self.now >= nextRescan! { nextRescan = Self.now + command.rescanSeconds }
        guard !fallbackExplained else { return }
        fallbackExplained = true
        let every = "re-scanning every \(Self.seconds(command.rescanSeconds))"
        if let watcher, watcher.limitReached {
            Output.diagnostic("warning: \(watcher.limitError.message); \(every)")
            if let hint = watcher.limitError.hint { Output.diagnostic("hint: \(hint)") }
        }
        for root in watcher?.unwatchedRoots ?? [] {
            Output.diagnostic("note: \(Output.displayPath(root)) is not a folder or file to watch now; \(every)")
        }
        if watcher == nil { Output.diagnostic("note: changes cannot be watched; \(every)") }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// SIGINT and SIGTERM, taken on a dispatch queue: the first asks the loop to stop (a run in progress is
/// finished first), a second during a run abandons it at once, which the index is built to survive.
final class StopSignals: @unchecked Sendable {  // `lock` guards the flags and `watcher`
    private let lock = NSLock()
    private var requested = false
    private var busy = false
    private var watched: FolderWatcher?
    private let wakeUp = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    init() {
        // A queue of its own: the global queues may all be busy with an indexing run's workers.
        let queue = DispatchQueue(label: "ruminate.watch.signals", qos: .userInteractive)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // the dispatch source sees it; the default action would end the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            // `data` counts the signals since the last call: two at once are a first and a second. (The handler
            // holds its source: both live as long as the process.)
            source.setEventHandler { [weak self] in self?.received(count: Int(source.data)) }
            source.resume()
            sources.append(source)
        }
    }

    var watcher: FolderWatcher? {
        get { locked { watched } }
        set { locked { watched = newValue } }
    }

    var stopRequested: Bool { locked { requested } }

    var running: Bool {
        get { locked { busy } }
        set { locked { busy = newValue } }
    }

    /// Without a watcher, the loop sleeps here; a signal ends the sleep.
    func sleep(_ seconds: Double?) -> [FolderEvent] {
        if let seconds { _ = wakeUp.wait(timeout: .now() + seconds) } else { wakeUp.wait() }
        return []
    }

    private func received(count: Int) {
        let (again, inRun, watcher) = locked { () -> (Bool, Bool, FolderWatcher?) in
            defer { requested = true }
            return (requested || count > 1, busy, watched)
        }
        if inRun && again {
            Output.diagnostic("stopping now; the interrupted run is completed by the next one")
            _exit(0)
        }
        if inRun { Output.diagnostic("stopping after this run (signal again to stop at once)") }
        watcher?.wake()
        wakeUp.signal()
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

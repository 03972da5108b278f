import Foundation
import RuminateCore
import RuminateIndex
import RuminateWalk

/// Keeps an index current as files change (`ruminate watch`): an initial indexing run over the roots, then a run
/// over the roots that changed whenever the debouncer says a burst of changes is over (or a re-scan is due), until
/// `stop` is requested. Runs are the same incremental `IndexingRun` as `ruminate index`, embedding
/// what is new when an embedder is given. What happens is told through `events`, in order; the caller words it.
public struct IndexWatcher {
    public struct Settings: Sendable {
        /// A run starts once no change has come for this many seconds...
        public var quietPeriod: Double
        /// ...and at the latest this long after the first change, under constant churn.
        public var maximumDelay: Double
        /// How often every root is re-scanned while changes cannot all be watched (watch limit, a missing root).
        public var rescanSeconds: Double
        /// A run that failed (the disk full, the index locked too long) is tried again after this long.
        public var retryDelay: Double
        /// Watch at most this many folders, as if the kernel's limit were that low.
        public var watchLimit: Int

        public init(
            quietPeriod: Double = 0.5, maximumDelay: Double = 10, rescanSeconds: Double = 60, retryDelay: Double = 10,
            watchLimit: Int = .max
        ) {
            self.quietPeriod = quietPeriod
            self.maximumDelay = maximumDelay
            self.rescanSeconds = rescanSeconds
            self.retryDelay = retryDelay
            self.watchLimit = watchLimit
        }
    }

    public enum Event {
        /// Changes cannot be watched at all (no inotify, say); the roots are re-scanned instead.
        case watcherUnavailable(RuminateError)
        /// A run finished; `vectors` is filled when an embedder is set.
        case indexed(IngestReport)
        /// The initial run is done and this many folders are watched.
        case watching(folders: Int)
        /// The kernel's event queue overflowed: every root is re-scanned.
        case overflow
        /// A run after the initial one failed; watching goes on and the run is tried again after `retryIn` seconds.
        case runFailed(any Error, retryIn: Double)
        /// A folder the watcher could not watch.
        case watchProblem(RuminateError)
        /// The watch limit is reached: changes beyond it are found by re-scans every `rescanEvery` seconds.
        case watchLimitReached(RuminateError, rescanEvery: Double)
        /// A root that is not a folder or file to watch now, re-scanned every `rescanEvery` seconds.
        case rootUnwatchable(String, rescanEvery: Double)
        /// Nothing can be watched; every root is re-scanned every `rescanEvery` seconds.
        case cannotWatch(rescanEvery: Double)
        /// The loop has ended after a stop request.
        case stopped
    }

    let index: any IndexStore
    /// Absolute and standardized, so the watcher reports exactly these strings as its events' roots.
    let roots: [String]
    let options: IngestOptions
    let embedder: (any TextEmbedder)?
    let settings: Settings
    let stop: WatchStop
    let events: (Event) throws -> Void
    private var watcher: FolderWatcher?
    private var debouncer: ChangeDebouncer
    /// When the next re-scan of every root is due (only while changes cannot all be watched).
    private var nextRescan: Double?
    /// When a failed run is retried.
    private var retryAt: Double?
    private var fallbackExplained = false
    private var problemsShown = 0

    /// `roots` must be absolute and standardized; `options` says how to walk and index them (its roots are
    /// replaced by the roots each run covers).
    public init(
        index: any IndexStore, roots: [String], options: IngestOptions, embedder: (any TextEmbedder)?,
        settings: Settings, stop: WatchStop, events: @escaping (Event) throws -> Void
    ) {
        self.index = index
        self.roots = roots
        self.options = options
        self.embedder = embedder
        self.settings = settings
        self.stop = stop
        self.events = events
        debouncer = ChangeDebouncer(
            quietPeriod: settings.quietPeriod, maximumDelay: max(settings.quietPeriod, settings.maximumDelay))
    }

    private static var now: Double { ProcessInfo.processInfo.systemUptime }

    /// Runs until `stop` is requested. The initial run's failure ends it (thrown); a later one is reported and retried.
    public mutating func run() throws {
        // Watching starts before the initial run, so nothing changed during it goes unseen.
        do {
            var crawl = options.crawl
            crawl.roots = roots
            watcher = try FolderWatcher(
                options: crawl, ignoring: index.files.all, watchLimit: settings.watchLimit)
            stop.watcher = watcher
        } catch let error as RuminateError {
            try events(.watcherUnavailable(error))
        }
        try reportWatchState()
        try runIndexing(roots: nil, initial: true)
        if !stop.isRequested { try events(.watching(folders: watcher?.watchCount ?? 0)) }
        while !stop.isRequested {
            let deadline = [debouncer.dueTime, nextRescan, retryAt].compactMap { $0 }.min()
            let wait = deadline.map { max(0, $0 - Self.now) }
            let changes = watcher.map { $0.events(waitingUpTo: wait) } ?? stop.sleep(wait)
            if stop.isRequested { break }
            let time = Self.now
            for change in changes { debouncer.note(change, at: time) }
            if changes.contains(where: { $0.kind == .overflow }) { try events(.overflow) }
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
        try? index.flush()  // the file alone holds everything again (best effort: searches may hold it)
        try events(.stopped)
    }

    /// One incremental run over `changed` (nil: every root), embedding afterwards when an embedder is set.
    private mutating func runIndexing(roots changed: Set<String>?, initial: Bool) throws {
        let selected = changed.map { set in roots.filter(set.contains) } ?? roots
        retryAt = nil
        guard !selected.isEmpty else { return }
        stop.running = true
        defer { stop.running = false }
        do {
            var runOptions = options
            runOptions.crawl.roots = selected
            let report = try IndexingRun(index: index, options: runOptions, embedder: embedder).run()
            if initial { try? index.flush() }
            try events(.indexed(report))
        } catch  where !initial {
            // Watching goes on: what the run did not finish, the next one does.
            retryAt = Self.now + settings.retryDelay
            try events(.runFailed(error, retryIn: settings.retryDelay))
        }
        try reportWatchState()
    }

    /// Says once why changes are re-scanned rather than watched, and arms (or disarms) the periodic re-scan.
    private mutating func reportWatchState() throws {
        if let watcher {
            for problem in watcher.problems.dropFirst(problemsShown) { try events(.watchProblem(problem.error)) }
            problemsShown = watcher.problems.count
        }
        let needsRescans = watcher.map { $0.limitReached || !$0.unwatchedRoots.isEmpty } ?? true
        guard needsRescans else {
            nextRescan = nil
            fallbackExplained = false
            return
        }
        if nextRescan == nil || Self.now >= nextRescan! { nextRescan = Self.now + settings.rescanSeconds }
        guard !fallbackExplained else { return }
        fallbackExplained = true
        let every = settings.rescanSeconds
        if let watcher, watcher.limitReached { try events(.watchLimitReached(watcher.limitError, rescanEvery: every)) }
        for root in watcher?.unwatchedRoots ?? [] { try events(.rootUnwatchable(root, rescanEvery: every)) }
        if watcher == nil { try events(.cannotWatch(rescanEvery: every)) }
    }
}

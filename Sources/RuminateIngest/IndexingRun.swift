import Foundation
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateParse
import RuminateSystem
import RuminateText
import RuminateWalk

/// One `ruminate index` run: crawl, decide what changed, prepare changed files on worker threads, and
/// write them in small transactions, so a kill at any point leaves a consistent index that the next run
/// completes. Unchanged files are not read; renamed files are moved, not re-analysed; exact duplicates
/// are recorded, not indexed twice. With an embedder, the run then embeds every passage that has no vector
/// yet (`VectorBackfill`): "index, then embed" is this one call.
public final class IndexingRun {
    public let index: any IndexStore
    public let options: IngestOptions
    /// Embeds new passages after indexing; nil leaves them without vectors (lexical search only).
    public let embedder: (any TextEmbedder)?
    private let analyzer = TextAnalyzer()
    private let progress: ProgressReporter

    public init(
        index: any IndexStore, options: IngestOptions, embedder: (any TextEmbedder)? = nil,
        progress: ProgressReporter = ProgressReporter()
    ) {
        self.index = index
        self.options = options
        self.embedder = embedder
        self.progress = progress
    }

    /// Runs holding the index's writer lock (`IndexWriterLock`): a second run on the same index, in this process or
    /// another, waits until this one has finished (or fails at once without `IngestOptions.waitForOtherWriter`), so
    /// it plans against everything this one stored.
    public func run() throws -> IngestReport {
        let progress = progress
        let contention: IndexWriterLock.Contention =
            options.waitForOtherWriter ? .wait(notice: { progress.notice($0) }) : .fail
        return try IndexWriterLock.holding(index.files, contention: contention) { try runLocked() }
    }

    private func runLocked() throws -> IngestReport {
        var report = IngestReport()
        let started = Date()
        report.startedAt = started.timeIntervalSince1970
        var clock = Date()
        func phase(_ name: String) {
            report.phases[name, default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        let crawl = FolderWalker(options: options.crawl).walk()
        for problem in crawl.problems { report.problem(problem.path, problem.error) }
        var files = crawl.files
        let sites = crawlSites(into: &files, report: &report)
        phase("crawl")
        report.filesSeen = files.count

        var planner = ChangePlanner(index: index, roots: crawl.roots(from: options.crawl), workers: options.workers)
        planner.sites = sites
        // Files stored with other chunking settings or by an older extraction are done again, unchanged or not,
        // so one index never mixes two ways of cutting its documents.
        if let stored = try index.status().chunking, stored != chunkingDescriptor {
            planner.redoUnchanged = true
            report.warnings.append(
                IngestReport.Problem(
                    path: index.path, code: "reextracted",
                    message: "every file is extracted again: the index was built with \"\(stored)\", this run uses "
                        + "\"\(chunkingDescriptor)\""))
        }
        let plan = try planner.plan(files, report: &report)
        try index.write { session in
            try plan.applyMetadataChanges(session, indexedAt: started.timeIntervalSince1970)
        }
        phase("plan")
        try writeContent(plan.toIndex, redoUnchanged: planner.redoUnchanged, report: &report)
        // Recorded once every file is written: a run interrupted before then is redone in full by the next.
        try index.write { try $0.recordChunking(chunkingDescriptor) }
        clock = Date()
        // Tiered merging keeps the segment count (blocks read per query term) small.
        try index.mergeSegments(maxSegments: options.maxSegments)
        phase("merge")
        report.seconds = Date().timeIntervalSince(started)
        if let json = try? JSONEncoder().encode(report) {
            try index.write { try $0.recordLastRun(String(decoding: json, as: UTF8.self)) }
        }
        progress.finish()
        if let embedder {
            report.vectors = try VectorBackfill(index: index, embedder: embedder, progress: progress).run()
        }
        return report
    }

    /// Crawls the web sites the run names into their mirror (`IndexFiles.siteMirror`); their pages join the files to
    /// plan, known by their URLs. Nothing is fetched when no start URL is named.
    private func crawlSites(into files: inout [DiscoveredFile], report: inout IngestReport) -> [SiteScope] {
        guard !options.web.startURLs.isEmpty else { return [] }
        var web = options.web
        // Only content types some parser reads are downloaded; the rest are skipped with a note.
        web.acceptedTypes = web.acceptedTypes.filter {
            FormatDetector.detect(path: "page." + $0.value, head: []) != nil
        }
        let mirror = options.webMirror ?? index.files.siteMirror
        var seen = Set(files.map(\.path))
        var scopes: [SiteScope] = []
        var summaries: [SiteCrawlSummary] = []
        for start in web.startURLs {
            let result = SiteCrawler(startURL: start, options: web, mirrorRoot: mirror).crawl()
            for problem in result.problems { report.problem(problem.path, problem.error) }
            for note in result.notes {
                report.warnings.append(.init(path: note.path, code: "note", message: note.error.description))
            }
            for file in result.files where seen.insert(file.path).inserted { files.append(file) }
            if let scope = result.scope { scopes.append(scope) }
            summaries.append(result.summary)
        }
        report.sites = summaries
        return scopes
    }

    private var chunkingDescriptor: String {
        let c = options.chunking
        return
            "max=\(c.maxTokens) min=\(c.minTokens) overlap=\(c.overlapTokens) extraction=\(ParserRegistry.extractionVersion)"
    }

    // MARK: Parse, prepare and write

    /// One transaction's worth of work, prepared off the writer's thread: source slices, the passage ids
    /// they will get (assigned in the writer's insertion order) and their lexicon segment, already built.
    struct WriteBatch: Sendable {
        var slices: [PreparedSource] = []
        var firstPassageID: Int64
        var passages = 0
        var segment: LexiconSegmentDraft?
    }

    /// Files are parsed and analysed on a background thread (itself using the worker threads) while the
    /// calling thread writes the previous batch.
    private func writeContent(_ work: [PlannedFile], redoUnchanged: Bool, report: inout IngestReport) throws {
        guard !work.isEmpty else { return }
        let preparer = SourcePreparer(options: options, analyzer: analyzer)
        let queue = BlockingQueue<WriteBatch>(capacity: 2)
        let index = self.index
        let workers = options.workers
        let commitPassages = options.commitPassages
        let sliceMembers = max(16, min(1024, options.commitPassages / 4))
        let firstPassageID = try index.write { try $0.nextPassageID() }
        // Three stages: prepare (the worker threads) → batch (assign passage ids, build the lexicon
        // segment) → write (this thread). Each runs while the next is busy with earlier work.
        let slices = BlockingQueue<[PreparedSource]>(capacity: 2)
        let producer = Thread {
            var start = 0
            while start < work.count {
                // Groups of files: small enough to bound memory, large enough to keep both cores busy.
                var end = start
                var bytes = 0
                while end < work.count, end - start < 256, bytes < 32 << 20 {
                    bytes += work[end].file.byteSize
                    end += 1
                }
                let parsed = WorkerPool(threads: workers).map(Array(work[start..<end])) { preparer.parse($0.file) }
                Self.prepare(
                    parsed, index: index, preparer: preparer, workers: workers, sliceMembers: sliceMembers,
                    redoUnchanged: redoUnchanged
                ) {
                    slices.push($0)
                }
                start = end
            }
            slices.close()
        }
        let batching = Thread {
            var batcher = Batcher(firstPassageID: firstPassageID, commitPassages: commitPassages) { queue.push($0) }
            while let group = slices.pop() {
                for slice in group { batcher.add(slice) }
            }
            batcher.flush()
            queue.close()
        }
        batching.start()
        producer.stackSize = 8 << 20
        producer.start()

        var filesDone = 0
        var documentsWritten = 0
        var failure: (any Error)?
        var clock = Date()
        while let batch = queue.pop() {
            report.phases["waiting", default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
            defer {
                report.phases["write", default: 0] += Date().timeIntervalSince(clock)
                clock = Date()
            }
            if failure != nil { continue }  // drain so the producer can finish
            do {
                try write(batch, report: &report, documentsWritten: &documentsWritten)
            } catch {
                failure = error
            }
            filesDone += batch.slices.filter(\.isLastSlice).count
            progress.update(filesDone: filesDone, filesTotal: work.count, documents: documentsWritten)
        }
        if let failure { throw failure }
    }

    /// Cuts the stream of slices into transactions and builds each one's lexicon segment. The first
    /// batch is small so the writer starts early; later ones hold about `commitPassages` passages.
    struct Batcher {
        var batch: WriteBatch
        var builder = LexiconSegmentBuilder()
        var nextPassageID: Int64
        var limit: Int
        let commitPassages: Int
        let emit: (WriteBatch) -> Void

        init(firstPassageID: Int64, commitPassages: Int, emit: @escaping (WriteBatch) -> Void) {
            batch = WriteBatch(firstPassageID: firstPassageID)
            nextPassageID = firstPassageID
            self.commitPassages = commitPassages
            limit = max(1, min(commitPassages, 256))
            self.emit = emit
        }

        mutating func add(_ slice: PreparedSource) {
            for document in slice.documents {
                for passage in document.passages {
                    builder.add(passage, id: nextPassageID)
                    nextPassageID += 1
                }
                batch.passages += document.passages.count
            }
            batch.slices.append(slice)
            if batch.passages >= limit { flush() }
        }

        mutating func flush() {
            guard !batch.slices.isEmpty else { return }
            if !builder.isEmpty { batch.segment = builder.finish() }
            emit(batch)
            batch = WriteBatch(firstPassageID: nextPassageID)
            builder = LexiconSegmentBuilder()
            limit = commitPassages
        }
    }

    /// Drops members that are stored unchanged (unless `redoUnchanged`), then chunks and analyses the rest in
    /// parallel, handing on slices of about `sliceMembers` documents so writing overlaps with analysis even for
    /// one big file.
    private static func prepare(
        _ parsed: [ParsedSource], index: any IndexStore, preparer: SourcePreparer, workers: Int, sliceMembers: Int,
        redoUnchanged: Bool, emit: ([PreparedSource]) -> Void
    ) {
        var storedHashes: [String: [String: String]] = [:]
        _ = try? index.read { session in
            for source in parsed where source.error == nil {
                storedHashes[source.file.path] = try session.storedMemberHashes(path: source.file.path)
            }
        }
        struct Job: Sendable { var source: Int; var member: Int }
        var slices: [PreparedSource] = []
        var sliceJobs: [[Job]] = []
        func flush() {
            guard !slices.isEmpty else { return }
            let jobs = sliceJobs.flatMap { $0 }
            let documents = WorkerPool(threads: workers).map(jobs) { job in
                let source = parsed[job.source]
                let member = source.members[job.member]
                return preparer.prepare(member.document, hash: member.hash, file: source.file, format: source.format!)
            }
            var next = 0
            for i in slices.indices {
                slices[i].documents = Array(documents[next..<(next + sliceJobs[i].count)])
                next += sliceJobs[i].count
            }
            emit(slices)
            slices = []
            sliceJobs = []
        }
        var pendingJobs = 0
        for (s, source) in parsed.enumerated() {
            var current: [String: String] = [:]
            var jobs: [Job] = []
            if source.error == nil {
                let stored = storedHashes[source.file.path] ?? [:]
                for (m, member) in source.members.enumerated() {
                    let key = DocumentKey.make(path: source.file.path, memberID: member.document.memberID)
                    current[key] = member.hash
                    if redoUnchanged || stored[key] != member.hash { jobs.append(Job(source: s, member: m)) }
                }
            }
            var taken = 0
            repeat {
                let take = min(max(1, sliceMembers - pendingJobs), jobs.count - taken)
                slices.append(
                    PreparedSource(
                        parsed: source, currentMembers: current, replacesAllMembers: redoUnchanged, documents: [],
                        isFirstSlice: taken == 0, isLastSlice: taken + take == jobs.count,
                        changedMembers: jobs.count))
                sliceJobs.append(Array(jobs[taken..<(taken + take)]))
                taken += take
                pendingJobs += take
                if pendingJobs >= sliceMembers {
                    flush()
                    pendingJobs = 0
                }
            } while taken < jobs.count
        }
        flush()
    }

    /// Writes one batch in one transaction. A source's stale members go with its first slice and its record
    /// (the new content hash) with its last, so an interrupted source is redone on the next run, minus the
    /// members already stored.
    private func write(_ batch: WriteBatch, report: inout IngestReport, documentsWritten: inout Int) throws {
        let now = Date().timeIntervalSince1970
        for slice in batch.slices {
            for warning in slice.parsed.warnings where slice.isFirstSlice {
                report.warnings.append(.init(path: slice.parsed.file.path, code: "warning", message: warning))
            }
            if let error = slice.parsed.error {
                report.failed += 1
                report.problem(slice.parsed.file.path, error)
            }
        }
        let outcome = try index.write { session in
            var outcome = (added: 0, removed: 0, kept: 0, passages: 0, newFiles: 0, changedFiles: 0)
            var nextPassageID = batch.firstPassageID
            for slice in batch.slices {
                let parsed = slice.parsed
                let file = parsed.file
                let existing = try session.source(path: file.path)
                if let error = parsed.error {
                    // A file that was indexed before keeps its documents; a new one is recorded as failed.
                    if existing == nil {
                        try session.saveSource(
                            SourceRecord(
                                path: file.path, format: parsed.format, contentHash: parsed.contentHash,
                                byteSize: file.byteSize,
                                modified: file.modified, indexedAt: now, status: .failed, error: error.description))
                    }
                    continue
                }
                let sourceID =
                    try existing?.id
                    ?? session.saveSource(
                        SourceRecord(
                            path: file.path, format: parsed.format, contentHash: "", byteSize: file.byteSize,
                            modified: file.modified, indexedAt: now, status: .indexed))
                if slice.isFirstSlice {
                    for member in try session.members(ofSource: sourceID)
                    where slice.replacesAllMembers || slice.currentMembers[member.key] != member.contentHash {
                        try session.deleteDocument(id: member.documentID)
                        outcome.removed += 1
                    }
                }
                for document in slice.documents {
                    let ids = (0..<Int64(document.passages.count)).map { nextPassageID + $0 }
                    nextPassageID += Int64(document.passages.count)
                    try session.insert(document, sourceID: sourceID, indexedAt: now, passageIDs: ids)
                    outcome.added += 1
                    outcome.passages += document.passages.count
                }
                if slice.isLastSlice {
                    if existing == nil || existing!.contentHash.isEmpty || existing!.status != .indexed {
                        outcome.newFiles += 1
                    } else {
                        outcome.changedFiles += 1
                    }
                    outcome.kept += slice.currentMembers.count - slice.changedMembers
                    try session.saveSource(
                        SourceRecord(
                            path: file.path, format: parsed.format, contentHash: parsed.contentHash,
                            byteSize: file.byteSize, modified: file.modified, indexedAt: now, status: .indexed))
                }
            }
            if let segment = batch.segment { session.storePrebuiltSegment(segment) }
            return outcome
        }
        report.added += outcome.newFiles
        report.updated += outcome.changedFiles
        report.documentsAdded += outcome.added
        report.documentsRemoved += outcome.removed
        report.documentsKept += outcome.kept
        report.passagesAdded += outcome.passages
        documentsWritten += outcome.added
    }
}

import Foundation
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateText

/// One `ruminate index` run: crawl, decide what changed, prepare changed files on worker threads, and
/// write them in small transactions, so a kill at any point leaves a consistent index that the next run
/// completes. Unchanged files are not read; renamed files are moved, not re-analysed; exact duplicates
/// are recorded, not indexed twice.
public final class IndexingRun {
    public let index: KnowledgeIndex
    public let options: IngestOptions
    private let analyzer = TextAnalyzer()
    private let progress: ProgressReporter

    public init(index: KnowledgeIndex, options: IngestOptions, progress: ProgressReporter = ProgressReporter()) {
        self.index = index
        self.options = options
        self.progress = progress
    }

    public func run() throws -> IngestReport {
        var report = IngestReport()
        let started = Date()
        report.startedAt = started.timeIntervalSince1970
        let crawl = FolderWalker(options: options.crawl).walk()
        for problem in crawl.problems { report.problem(problem.path, problem.error) }
        report.filesSeen = crawl.files.count

        let plan = try ChangePlanner(index: index, roots: crawl.roots(from: options.crawl), workers: options.workers)
            .plan(crawl.files, report: &report)
        try index.write { session in
            try session.recordChunking(chunkingDescriptor)
            try plan.applyMetadataChanges(session, indexedAt: started.timeIntervalSince1970)
        }
        try writeContent(plan.toIndex, report: &report)
        try index.mergeSegments(maxSegments: options.maxSegments)
        report.seconds = Date().timeIntervalSince(started)
        if let json = try? JSONEncoder().encode(report) {
            try index.write { try $0.recordLastRun(String(decoding: json, as: UTF8.self)) }
        }
        progress.finish()
        return report
    }

    private var chunkingDescriptor: String {
        let c = options.chunking
        return "max=\(c.maxTokens) min=\(c.minTokens) overlap=\(c.overlapTokens)"
    }

    // MARK: Parse, prepare and write

    /// Files are parsed and analysed on a background thread (itself using the worker threads) while the
    /// calling thread writes the previous group.
    private func writeContent(_ work: [PlannedFile], report: inout IngestReport) throws {
        guard !work.isEmpty else { return }
        let preparer = SourcePreparer(options: options, analyzer: analyzer)
        let queue = BlockingQueue<[PreparedSource]>(capacity: 2)
        let index = self.index
        let workers = options.workers
        let sliceMembers = max(64, options.commitPassages / 4)
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
                let parsed = parallelMap(Array(work[start..<end]), workers: workers) { preparer.parse($0.file) }
                Self.prepare(parsed, index: index, preparer: preparer, workers: workers, sliceMembers: sliceMembers) { queue.push($0) }
                start = end
            }
            queue.close()
        }
        producer.stackSize = 8 << 20
        producer.start()

        var filesDone = 0
        var documentsWritten = 0
        var failure: (any Error)?
        while let group = queue.pop() {
            if failure != nil { continue }  // drain so the producer can finish
            do {
                try write(group, report: &report, documentsWritten: &documentsWritten)
            } catch {
                failure = error
            }
            filesDone += group.filter(\.isLastSlice).count
            progress.update(filesDone: filesDone, filesTotal: work.count, documents: documentsWritten)
        }
        if let failure { throw failure }
    }

    /// Drops members that are stored unchanged, then chunks and analyses the rest in parallel, handing
    /// the writer slices of about `sliceMembers` documents so writing overlaps with analysis even for one
    /// big file.
    private static func prepare(
        _ parsed: [ParsedSource], index: KnowledgeIndex, preparer: SourcePreparer, workers: Int, sliceMembers: Int,
        emit: ([PreparedSource]) -> Void
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
            let documents = parallelMap(jobs, workers: workers) { job in
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
                    let key = SourcePreparer.identity(of: member.document, in: source.file).key
                    current[key] = member.hash
                    if stored[key] != member.hash { jobs.append(Job(source: s, member: m)) }
                }
            }
            var taken = 0
            repeat {
                let take = min(max(1, sliceMembers - pendingJobs), jobs.count - taken)
                slices.append(PreparedSource(parsed: source, currentMembers: current, documents: [],
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

    private func write(_ group: [PreparedSource], report: inout IngestReport, documentsWritten: inout Int) throws {
        let now = Date().timeIntervalSince1970
        // Split into transactions of about `commitPassages` passages; a source's record is saved with
        // its last slice, so an interrupted source is simply redone (minus members already stored).
        var pending: [(source: PreparedSource, slice: Range<Int>, isLast: Bool)] = []
        var pendingPassages = 0
        func commit() throws {
            guard !pending.isEmpty else { return }
            let batch = pending
            pending = []
            pendingPassages = 0
            let outcome = try index.write { session in
                var outcome = (added: 0, removed: 0, kept: 0, passages: 0, newFiles: 0, changedFiles: 0)
                for item in batch {
                    let file = item.source.parsed.file
                    let existing = try session.source(path: file.path)
                    let sourceID = try existing?.id ?? session.saveSource(SourceRecord(
                        path: file.path, format: item.source.parsed.format, contentHash: "", byteSize: file.byteSize,
                        modified: file.modified, indexedAt: now, status: .indexed))
                    if item.source.isFirstSlice && item.slice.lowerBound == 0 {
                        for member in try session.members(ofSource: sourceID) where item.source.currentMembers[member.key] != member.contentHash {
                            try session.deleteDocument(id: member.documentID)
                            outcome.removed += 1
                        }
                    }
                    for document in item.source.documents[item.slice] {
                        try session.insert(document, sourceID: sourceID, indexedAt: now)
                        outcome.added += 1
                        outcome.passages += document.passages.count
                    }
                    if item.source.isLastSlice && item.isLast {
                        if existing == nil || existing!.contentHash.isEmpty || existing!.status != .indexed {
                            outcome.newFiles += 1
                        } else {
                            outcome.changedFiles += 1
                        }
                        outcome.kept += item.source.currentMembers.count - item.source.changedMembers
                        try session.saveSource(SourceRecord(
                            path: file.path, format: item.source.parsed.format, contentHash: item.source.parsed.contentHash,
                            byteSize: file.byteSize, modified: file.modified, indexedAt: now, status: .indexed))
                    }
                }
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

        for source in group {
            let parsed = source.parsed
            for warning in parsed.warnings {
                report.warnings.append(.init(path: parsed.file.path, code: "warning", message: warning))
            }
            if let error = parsed.error, source.isFirstSlice {
                report.failed += 1
                report.problem(parsed.file.path, error)
                // A file that was indexed before keeps its documents; a new one is recorded as failed.
                try commit()
                try index.write { session in
                    if try session.source(path: parsed.file.path) == nil {
                        try session.saveSource(SourceRecord(
                            path: parsed.file.path, format: parsed.format, contentHash: parsed.contentHash,
                            byteSize: parsed.file.byteSize, modified: parsed.file.modified, indexedAt: now,
                            status: .failed, error: error.description))
                    }
                }
                continue
            }
            let documents = source.documents
            var start = 0
            repeat {
                var end = start
                var passages = 0
                while end < documents.count, pendingPassages + passages < options.commitPassages || end == start {
                    passages += documents[end].passages.count
                    end += 1
                }
                pending.append((source, start..<end, end == documents.count))
                pendingPassages += passages
                if pendingPassages >= options.commitPassages { try commit() }
                start = end
            } while start < documents.count
        }
        try commit()
    }
}

import Foundation
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateSystem
import RuminateWalk

/// A file that must be parsed and (re-)indexed.
struct PlannedFile: Sendable {
    var file: DiscoveredFile
}

/// What a run will change, decided before anything is written.
struct ChangePlan {
    var toIndex: [PlannedFile] = []
    var deletions: [String] = []
    var renames: [(from: String, to: DiscoveredFile)] = []
    var duplicates: [(file: DiscoveredFile, hash: String, of: String)] = []
    /// Unchanged content whose modification time moved (e.g. `touch`): only the record is updated.
    var touched: [(file: DiscoveredFile, record: SourceRecord)] = []

    func applyMetadataChanges(_ session: any IndexWriting, indexedAt: Double) throws {
        for rename in renames {
            try session.renameSource(from: rename.from, to: rename.to.path, modified: rename.to.modified)
        }
        for path in deletions { try session.deleteSource(path: path) }
        for duplicate in duplicates {
            try session.deleteSource(path: duplicate.file.path)  // it may have been indexed before it became a copy
            try session.saveSource(
                SourceRecord(
                    path: duplicate.file.path, format: nil, contentHash: duplicate.hash,
                    byteSize: duplicate.file.byteSize,
                    modified: duplicate.file.modified, indexedAt: indexedAt, status: .duplicate,
                    duplicateOf: duplicate.of))
        }
        for (file, var record) in touched {
            record.modified = file.modified
            try session.saveSource(record)
        }
    }
}

/// Compares the crawl with what the index holds.
struct ChangePlanner {
    let index: any IndexStore
    let roots: [String]
    let workers: Int
    /// The crawled sites: each may delete the pages it covers (see `SiteScope`), as a root does its files.
    var sites: [SiteScope] = []
    /// Index every present file again, unchanged ones included (the chunking or extraction changed).
    var redoUnchanged = false

    func plan(_ files: [DiscoveredFile], report: inout IngestReport) throws -> ChangePlan {
        let stored = try index.read { try $0.sources() }
        let byPath = Dictionary(stored.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let present = Set(files.map(\.path))
        var plan = ChangePlan()

        // Candidates: new files, and files whose size or modification time changed.
        var candidates: [DiscoveredFile] = []
        for file in files {
            if !redoUnchanged, let record = byPath[file.path], record.byteSize == file.byteSize,
                record.modified == file.modified, !record.contentHash.isEmpty
            {
                report.unchanged += 1
            } else {
                candidates.append(file)
            }
        }
        let limit = max(1, files.map(\.byteSize).max() ?? 1)
        let hashes = WorkerPool(threads: workers).map(candidates) { file -> String? in
            (try? SourcePreparer.readFile(file.contentPath, limit: limit)).map(ContentHash.of)
        }

        let vanished = stored.filter { !present.contains($0.path) && inScope($0.path) }
        var vanishedByHash: [String: [SourceRecord]] = [:]
        for record in vanished where record.status == .indexed {
            vanishedByHash[record.contentHash, default: []].append(record)
        }
        var liveByHash: [String: String] = [:]
        for record in stored where record.status == .indexed && present.contains(record.path) {
            liveByHash[record.contentHash] = liveByHash[record.contentHash] ?? record.path
        }
        var renamedAway = Set<String>()

        for (file, hash) in zip(candidates, hashes) {
            guard let hash else {
                plan.toIndex.append(PlannedFile(file: file))  // unreadable now: the preparer reports why
                continue
            }
            if let record = byPath[file.path] {
                if record.contentHash == hash, !redoUnchanged {
                    report.unchanged += 1
                    plan.touched.append((file, record))
                } else if let original = liveByHash[hash], original != file.path {
                    report.duplicates += 1
                    plan.duplicates.append((file, hash, original))
                } else {
                    liveByHash[hash] = liveByHash[hash] ?? file.path
                    plan.toIndex.append(PlannedFile(file: file))
                }
            } else if var moved = vanishedByHash[hash], !moved.isEmpty {
                let from = moved.removeFirst()
                vanishedByHash[hash] = moved
                renamedAway.insert(from.path)
                report.renamed += 1
                plan.renames.append((from.path, file))
                liveByHash[hash] = file.path
            } else if let original = liveByHash[hash] {
                report.duplicates += 1
                plan.duplicates.append((file, hash, original))
            } else {
                liveByHash[hash] = file.path
                plan.toIndex.append(PlannedFile(file: file))
            }
        }

        for record in vanished where !renamedAway.contains(record.path) {
            plan.deletions.append(record.path)
            report.deleted += 1
        }
        // Copies of a deleted original: the first still present is indexed in its place.
        let deleted = Set(plan.deletions)
        let filesByPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var promoted = Set<String>()
        for record in stored where record.status == .duplicate {
            guard let original = record.duplicateOf, deleted.contains(original), let file = filesByPath[record.path],
                !plan.toIndex.contains(where: { $0.file.path == file.path })
            else { continue }
            if promoted.insert(record.contentHash).inserted {
                plan.toIndex.append(PlannedFile(file: file))
                report.unchanged -= 1
            }
        }
        plan.toIndex.sort { $0.file.path < $1.file.path }
        return plan
    }

    private func inScope(_ path: String) -> Bool {
        roots.contains { root in path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
            || sites.contains { $0.contains(path) }
    }
}

extension CrawlResult {
    /// The absolute roots a run covers: only sources under them can be deleted by it.
    func roots(from options: CrawlOptions) -> [String] {
        options.roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}

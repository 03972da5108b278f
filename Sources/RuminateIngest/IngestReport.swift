import RuminateCore
import RuminateCrawl

/// What one indexing run did, for the summary line, `--json`, and `ruminate status`.
public struct IngestReport: Sendable, Codable, Hashable {
    public struct Problem: Sendable, Codable, Hashable {
        public var path: String
        public var code: String
        public var message: String
    }

    public var filesSeen = 0
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var deleted = 0
    public var renamed = 0
    public var duplicates = 0
    public var failed = 0
    public var documentsAdded = 0
    public var documentsRemoved = 0
    public var documentsKept = 0
    public var passagesAdded = 0
    public var problems: [Problem] = []
    public var warnings: [Problem] = []
    public var startedAt = 0.0
    public var seconds = 0.0
    /// Wall-clock seconds per phase: crawl, plan, write (the writer's transactions), waiting (the writer
    /// idle, waiting for prepared batches), merge.
    public var phases: [String: Double] = [:]
    /// What embedding the new passages did, when a model was present.
    public var vectors: VectorBackfill.Report?
    /// What crawling each web site did, when the run named any.
    public var sites: [SiteCrawlSummary]?

    public init() {}

    /// The wire names (snake_case, like every JSON Ruminate prints; also how the last run is stored in the index).
    enum CodingKeys: String, CodingKey {
        case filesSeen = "files_seen", added, updated, unchanged, deleted, renamed, duplicates, failed
        case documentsAdded = "documents_added", documentsRemoved = "documents_removed"
        case documentsKept = "documents_kept", passagesAdded = "passages_added", problems, warnings
        case startedAt = "started_at", seconds, phases, vectors, sites
    }

    public var summary: String {
        var parts = [
            "\(filesSeen) files seen", "\(added) added", "\(updated) updated", "\(unchanged) unchanged",
            "\(deleted) deleted",
        ]
        if renamed > 0 { parts.append("\(renamed) renamed") }
        if duplicates > 0 { parts.append("\(duplicates) duplicates") }
        parts.append("\(failed) failed")
        var line = parts.joined(separator: ", ")
        line += "; \(documentsAdded) documents indexed (\(passagesAdded) passages), \(documentsRemoved) removed"
        for site in sites ?? [] {
            line += "; \(site.start): \(site.pages) pages (\(site.fetched) fetched, \(site.notModified) not modified"
            if site.disallowed > 0 { line += ", \(site.disallowed) disallowed by robots.txt" }
            line += site.complete ? ")" : ", crawl incomplete)"
        }
        if documentsKept > 0 { line += ", \(documentsKept) unchanged members kept" }
        line += String(format: "; %.2f s", seconds)
        if seconds > 0, documentsAdded > 0 {
            line += String(format: " (%.0f docs/s)", Double(documentsAdded) / seconds)
        }
        return line
    }

    mutating func problem(_ path: String, _ error: RuminateError) {
        problems.append(Problem(path: path, code: error.code.rawValue, message: error.description))
    }
}

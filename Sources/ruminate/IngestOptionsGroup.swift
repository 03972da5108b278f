import ArgumentParser
import Foundation
import RuminateChunk
import RuminateIngest
import RuminateWalk

/// What to index and how to cut it, shared by `index` and `watch` (so both runs see the same files).
struct IngestOptionsGroup: ParsableArguments {
    @Option(name: .long, help: "Only index files matching this glob (repeatable; `**` crosses folders).")
    var include: [String] = []

    @Option(name: .long, help: "Skip files and folders matching this glob (repeatable).")
    var exclude: [String] = []

    @Flag(name: .long, help: "Also index hidden files and folders (names starting with '.').")
    var hidden = false

    @Option(name: .customLong("max-file-mb"), help: "Skip files larger than this many MB.")
    var maxFileMB: Int = 256

    @Option(name: .customLong("max-tokens"), help: "Passage budget in words.")
    var maxTokens: Int = ChunkingOptions().maxTokens

    @Option(name: .customLong("overlap"), help: "Words of overlap when a section is split.")
    var overlap: Int = ChunkingOptions().overlapTokens

    @Option(name: .long, help: "Worker threads for parsing and analysis.")
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Flag(
        name: .customLong("no-wait"),
        help: "Fail at once when another ruminate is indexing into the same index, instead of waiting for it.")
    var noWait = false

    func validate() throws {
        guard maxFileMB > 0 else { throw ValidationError("--max-file-mb must be positive") }
        guard maxTokens >= 16 else { throw ValidationError("--max-tokens must be at least 16") }
        guard overlap >= 0, overlap < maxTokens else {
            throw ValidationError("--overlap must be between 0 and --max-tokens")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// The files and folders to walk, with these rules.
    func crawlOptions(roots: [String]) -> CrawlOptions {
        CrawlOptions(
            roots: roots, include: include, exclude: exclude, includeHidden: hidden, maxFileBytes: maxFileMB << 20)
    }

    /// An indexing run over `roots` with these rules.
    func ingestOptions(roots: [String], commitPassages: Int = 4000) -> IngestOptions {
        var options = IngestOptions(
            crawl: crawlOptions(roots: roots),
            chunking: ChunkingOptions(
                maxTokens: maxTokens, minTokens: ChunkingOptions().minTokens, overlapTokens: overlap),
            workers: jobs, commitPassages: commitPassages)
        options.waitForOtherWriter = !noWait
        return options
    }
}

extension Output {
    /// What an indexing run did, as `index` prints it: problems and warnings on stderr, then the summary
    /// line (or the report as JSON, pretty or on one line) on stdout.
    static func indexingReport(_ report: IngestReport, indexPath: String, json: Bool, compactJSON: Bool = false) throws
    {
        for problem in report.problems { diagnostic("skipped \(displayPath(problem.path)): \(problem.message)") }
        for warning in report.warnings.prefix(20) {
            diagnostic("warning \(displayPath(warning.path)): \(warning.message)")
        }
        if report.warnings.count > 20 { diagnostic("… and \(report.warnings.count - 20) more warnings") }
        if json {
            try Output.json(report, pretty: !compactJSON)
        } else {
            var line = "Indexed into \(displayPath(indexPath)): \(report.summary)"
            if let vectors = report.vectors {
                line += "; embedded \(vectors.embedded) passages with " + vectors.model
                if vectors.embedded > 0 { line += String(format: " (%.0f passages/s)", vectors.passagesPerSecond) }
                if let replaced = vectors.replacedModel { line += "; replaced vectors made by " + replaced }
            }
            print(line)
        }
    }
}

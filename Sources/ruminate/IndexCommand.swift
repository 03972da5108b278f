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
        abstract: "Index files and folders (text, Markdown, HTML, XML, BEIR JSONL); re-runs update only what changed.")

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Argument(help: "Files or folders to index.")
    var paths: [String]

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

    @Option(name: .customLong("commit-every"), help: ArgumentHelp("Passages per transaction.", visibility: .hidden))
    var commitEvery: Int = 4000

    @Flag(name: .long, help: "Exit with status 2 when any file could not be indexed.")
    var strict = false

    @Flag(help: "Print the run's report as JSON.")
    var json = false

    func validate() throws {
        guard maxFileMB > 0 else { throw ValidationError("--max-file-mb must be positive") }
        guard maxTokens >= 16 else { throw ValidationError("--max-tokens must be at least 16") }
        guard overlap >= 0, overlap < maxTokens else { throw ValidationError("--overlap must be between 0 and --max-tokens") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
    }

    func run() throws {
        var failed = false
        try reportingErrors {
            let index = try KnowledgeIndex(path: indexOptions.resolve().path, create: true)
            let crawl = CrawlOptions(roots: paths, include: include, exclude: exclude, includeHidden: hidden,
                                     maxFileBytes: maxFileMB << 20)
            let options = IngestOptions(
                crawl: crawl,
                chunking: ChunkingOptions(maxTokens: maxTokens, minTokens: ChunkingOptions().minTokens, overlapTokens: overlap),
                workers: jobs, commitPassages: commitEvery)
            var report = try IndexingRun(index: index, options: options).run()
            if let embedder = embedding.loadEmbedder() {
                report.vectors = try VectorBackfill(index: index, embedder: embedder).run()
            }
            try index.checkpoint()
            for problem in report.problems { Output.diagnostic("skipped \(Output.displayPath(problem.path)): \(problem.message)") }
            for warning in report.warnings.prefix(20) { Output.diagnostic("warning \(Output.displayPath(warning.path)): \(warning.message)") }
            if report.warnings.count > 20 { Output.diagnostic("… and \(report.warnings.count - 20) more warnings") }
            if json {
                try Output.json(report)
            } else {
                var line = "Indexed into \(Output.displayPath(index.path)): \(report.summary)"
                if let vectors = report.vectors {
                    line += "; embedded \(vectors.embedded) passages with " + vectors.model
                    if vectors.embedded > 0 { line += String(format: " (%.0f passages/s)", vectors.passagesPerSecond) }
                    if let replaced = vectors.replacedModel { line += "; replaced vectors made by " + replaced }
                }
                Output.print(line)
            }
            failed = !report.problems.isEmpty
        }
        if strict && failed { throw ExitCode(2) }
    }
}

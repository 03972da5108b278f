import ArgumentParser
import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateRetrieve

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the index holds: documents, passages, formats, tokenizer, size, last run.")

    @OptionGroup var indexOptions: IndexOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(name: .long, help: "Also run integrity checks (SQLite, FTS5, offsets, statistics, vectors and their cache).")
    var check = false

    func run() throws {
        try reportingErrors {
            let path = indexOptions.resolve().path
            guard FileManager.default.fileExists(atPath: path) else {
                throw RuminateError(
                    .indexUnavailable, "no index at \(path)",
                    hint: "run `ruminate index PATH...` first, or pass --index FILE")
            }
            let index = try SQLiteIndex(path: path, create: false, readOnly: indexOptions.readOnly)
            let status = try index.status()
            let problems = check ? try index.verifyIntegrity() + index.vectorCacheProblems() : []
            if json {
                struct StatusJSON: Encodable { var status: IndexStatus; var problems: [String]? }
                try Output.json(StatusJSON(status: status, problems: check ? problems : nil))
                return
            }
            var out =
                "index:      \(Output.displayPath(status.path)) (\(ByteCountFormatter.string(fromByteCount: status.fileBytes, countStyle: .file)))\n"
            out += "format:     version \(status.formatVersion)\n"
            out += "tokenizer:  \(status.tokenizer)\n"
            out += "identity:   \(status.indexID), write generation \(status.writeGeneration)\n"
            if let chunking = status.chunking { out += "chunking:   \(chunking)\n" }
            out +=
                "sources:    \(status.sources) files (\(status.failedSources) failed, \(status.duplicateSources) duplicates)\n"
            out += "documents:  \(status.documents)\n"
            out += "passages:   \(status.passages) in \(status.lexiconSegments) lexicon segments\n"
            if let model = status.embeddingModel {
                out += "vectors:    \(status.vectors) of \(status.passages) passages, model \(model)\n"
            } else {
                out += "vectors:    none (lexical only)\n"
            }
            out +=
                "formats:    "
                + status.formats.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + "\n"
            if let lastRun = status.lastRun, let report = IngestReport.LastRun(json: lastRun) {
                let date = Date(timeIntervalSince1970: report.startedAt)
                out +=
                    "last run:   \(date) — \(report.added) added, \(report.updated) updated, \(report.deleted) deleted, \(report.failed) failed\n"
            }
            if check {
                out += problems.isEmpty ? "integrity:  ok" : "integrity:  " + problems.joined(separator: "; ")
                out += index.readOnlyReason == nil ? "\n" : " (read-only: FTS5's own check, which writes, skipped)\n"
            }
            Output.print(out)
            if check && !problems.isEmpty { throw ExitCode.failure }
        }
    }
}

import ArgumentParser
import Foundation
import RuminateCore
import RuminateEval
import RuminateIndex
import RuminateIngest
import RuminateRetrieve

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval on a BEIR collection or a fact set: nDCG@10, Recall@100, MRR@10, queries/s.",
        discussion: """
            Indexes the collection's corpus.jsonl first when the index lacks it (default index:
            indexes/beir-<name>.sqlite in the repository, else next to the default index).
            BEIR conventions: gain = qrels score; a hit whose id equals the query id is ignored.
            A fact set file (as for eval-answers) is judged over --index, which must exist: each answerable question's
            one relevant document is its gold_file (by file name); MRR@10 and Recall@10 are the gold page's.
            --rerank evaluates each mode twice, side by side: as ranked, and with its top passages reranked.
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Option(help: "lexical, vector, hybrid, or all (every mode the index and model allow).")
    var mode: String = "all"

    @Argument(help: "A BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv), or a fact set (.tsv or .jsonl).")
    var collection: String

    @Option(help: "The qrels split to evaluate.")
    var split = "test"

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(name: .customLong("per-query"), help: "Include each query's figures and top ids.")
    var perQuery = false

    @Option(help: "Timed passes over the queries (the median is reported).")
    var repeats = 3

    @Option(help: "BM25 k1.")
    var k1: Double?

    @Option(help: "BM25 b, for every field.")
    var b: Double?

    @Option(name: .customLong("title-weight"), help: "BM25F weight of the title field.")
    var titleWeight: Double?

    @Option(name: .customLong("headings-weight"), help: "BM25F weight of the headings field.")
    var headingsWeight: Double?

    @OptionGroup var fusionOptions: FusionOptions

    @Flag(help: "Also evaluate each mode with its top passages reranked (learned reranker), side by side.")
    var rerank = false

    @Option(
        name: .customLong("rerank-depth"), help: ArgumentHelp("Passages the reranker reorders.", visibility: .hidden))
    var rerankDepth = RerankSettings().depth

    @Option(
        name: .customLong("rerank-features"),
        help: ArgumentHelp(
            "Instead of evaluating, write the reranker's labelled feature rows (JSON lines) to this file for scripts/fit-rerank (one --mode).",
            visibility: .hidden))
    var rerankFeatures: String?

    /// A file argument is a fact set; a folder is a BEIR collection.
    var isFactSet: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: collection, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard mode == "all" || SearchMode(rawValue: mode) != nil else {
            throw ValidationError(
                "--mode must be \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")) or all")
        }
        if rerankFeatures != nil, mode == "all" { throw ValidationError("--rerank-features needs one --mode") }
        guard rerankDepth >= 1 else { throw ValidationError("--rerank-depth must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let factSet = isFactSet
            let beir =
                try factSet ? BEIRCollection(factSet: collection) : BEIRCollection(root: collection, split: split)
            let index =
                try factSet
                ? indexOptions.openExisting(embedding: embedding)
                : SQLiteIndex(path: indexOptions.evaluationIndexPath(collectionFolder: beir.root), create: true)
            // A fact set's index is used as it is: without vectors, lexical only.
            let indexHasVectors = try index.status().vectors > 0
            let wantsVectors = mode != SearchMode.lexical.rawValue && (!factSet || indexHasVectors)
            let embedder = wantsVectors ? embedding.loadEmbedder(quietWhenMissing: mode == "all") : nil
            let report =
                try factSet
                ? nil
                : RetrievalEvaluation.ensureIndexed(
                    beir, index: index, progress: ProgressReporter(), embedder: embedder)
            if let report, report.documentsAdded > 0 || (report.vectors?.embedded ?? 0) > 0 {
                try index.flush()
                Output.diagnostic("indexed \(beir.corpusPath): \(report.summary)")
                if let vectors = report.vectors, vectors.embedded > 0 {
                    Output.diagnostic(
                        String(
                            format: "embedded %d passages in %.1f s (%.0f passages/s) with ", vectors.embedded,
                            vectors.seconds, vectors.passagesPerSecond) + vectors.model)
                }
            }
            let modes: [SearchMode] =
                mode == "all" ? (embedder == nil ? [.lexical] : SearchMode.allCases) : [SearchMode(rawValue: mode)!]
            var parameters = BM25Parameters.default
            if let k1 { parameters.k1 = k1 }
            if let b { parameters.b = FieldWeights(title: b, headings: b, body: b) }
            if let titleWeight { parameters.weights.title = titleWeight }
            if let headingsWeight { parameters.weights.headings = headingsWeight }
            var evaluation = RetrievalEvaluation(
                collection: beir, index: index, parameters: parameters, embedder: embedder,
                fusion: fusionOptions.parameters)
            evaluation.naming = factSet ? .fileName : .memberID
            evaluation.rerankDepth = rerankDepth
            if let rerankFeatures {
                return try Self.write(try evaluation.rerankRows(mode: modes[0]), to: rerankFeatures)
            }
            let summaries = try modes.flatMap { mode in
                try (rerank ? [false, true] : [false]).map {
                    try evaluation.run(
                        split: factSet ? "facts" : split, repeats: repeats, keepPerQuery: perQuery, mode: mode,
                        rerank: $0)
                }
            }
            if json {
                if summaries.count == 1 { try Output.json(summaries[0]) } else { try Output.json(["modes": summaries]) }
                return
            }
            var out = ""
            for summary in summaries {
                out +=
                    "collection  \(summary.collection) (\(summary.split) split, \(summary.queries) queries, \(summary.documents) documents)\n"
                out += "mode        \(summary.mode)\(summary.reranked ? ", reranked (top \(rerankDepth))" : "")\n"
                out += String(
                    format: "nDCG@10     %.4f\nRecall@100  %.4f\nRecall@10   %.4f\nMRR@10      %.4f\n", summary.ndcg10,
                    summary.recall100, summary.recall10, summary.mrr10)
                out += String(
                    format: "queries/s   %.0f (single thread, top-10, median of %d passes; median query %.3f ms)\n",
                    summary.queriesPerSecond, repeats, summary.medianQueryMilliseconds)
                if let exact = summary.exactTop10Recall {
                    out += String(
                        format: "exact top-10 recall %.4f (fast vector search vs float32 brute force, per query)\n",
                        exact)
                }
                if let results = summary.perQuery {
                    out += "\nquery\tnDCG@10\tR@100\tMRR@10\ttop-3\ttext\n"
                    for r in results {
                        out += r.id + String(format: "\t%.3f\t%.3f\t%.3f\t", r.ndcg10, r.recall100, r.mrr10)
                        out += r.top.prefix(3).joined(separator: ",") + "\t" + r.query + "\n"
                    }
                }
                out += "\n"
            }
            Output.print(out)
        }
    }

    /// Writes reranker training rows as JSON lines.
    static func write(_ rows: [RerankTrainingRow], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // The first line names the features, so scripts/fit-rerank reads them from the file, not from a copy.
        var data = try encoder.encode(["feature_names": RerankFeatures.names])
        data.append(0x0A)
        for row in rows {
            data.append(try encoder.encode(row))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
        let queries = Set(rows.map(\.query)).count, relevant = rows.filter { $0.label > 0 }.count
        Output.diagnostic("wrote \(rows.count) rerank rows (\(relevant) relevant, \(queries) queries) to \(path)")
    }
}

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
        abstract: "Measure retrieval on a BEIR collection: nDCG@10, Recall@100, MRR@10, queries/s.",
        discussion: """
            Indexes the collection's corpus.jsonl first when the index lacks it (default index:
            indexes/beir-<name>.sqlite in the repository, else next to the default index).
            BEIR conventions: gain = qrels score; a hit whose id equals the query id is ignored.
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Option(help: "lexical, vector, hybrid, or all (every mode the index and model allow).")
    var mode: String = "all"

    @Argument(help: "A BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv).")
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

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard mode == "all" || SearchMode(rawValue: mode) != nil else {
            throw ValidationError(
                "--mode must be \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")) or all")
        }
    }

    func run() throws {
        try reportingErrors {
            let beir = try BEIRCollection(root: collection, split: split)
            let index = try SQLiteIndex(
                path: indexOptions.evaluationIndexPath(collectionFolder: beir.root), create: true)
            let wantsVectors = mode != SearchMode.lexical.rawValue
            let embedder = wantsVectors ? embedding.loadEmbedder(quietWhenMissing: mode == "all") : nil
            let report = try RetrievalEvaluation.ensureIndexed(
                beir, index: index, progress: ProgressReporter(), embedder: embedder)
            if report.documentsAdded > 0 || (report.vectors?.embedded ?? 0) > 0 {
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
            let evaluation = RetrievalEvaluation(
                collection: beir, index: index, parameters: parameters, embedder: embedder,
                fusion: fusionOptions.parameters)
            let summaries = try modes.map {
                try evaluation.run(split: split, repeats: repeats, keepPerQuery: perQuery, mode: $0)
            }
            if json {
                if summaries.count == 1 { try Output.json(summaries[0]) } else { try Output.json(["modes": summaries]) }
                return
            }
            var out = ""
            for summary in summaries {
                out +=
                    "collection  \(summary.collection) (\(summary.split) split, \(summary.queries) queries, \(summary.documents) documents)\n"
                out += "mode        \(summary.mode)\n"
                out += String(
                    format: "nDCG@10     %.4f\nRecall@100  %.4f\nMRR@10      %.4f\n", summary.ndcg10, summary.recall100,
                    summary.mrr10)
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
}

import Foundation
import RuminateCompose
import RuminateEval
import RuminateRetrieve

extension EvalAnswersCommand {
    /// Asks a fact set's questions over the chosen index (which must exist: a fact set carries no corpus).
    func runFactSet() throws {
        let questions = try FactSet.load(collection)
        let index = try indexOptions.openExisting(embedding: embedding)
        let embedder = try embedding.queryEmbedder(for: index, mode: mode)
        let evaluation = AnswerEvaluation(
            index: index, options: try composeOptions, workers: workers,
            makeRetriever: Self.retrievers(embedder: embedder, mode: mode, rerank: rerank))
        if let readerFeatures {
            return try Self.write(try evaluation.readerRows(facts: questions), to: readerFeatures)
        }
        if let evidenceFeatures {
            let source = collection.split(separator: "/").suffix(2).joined(separator: "/")
            return try Self.writeEvidence(
                try evaluation.evidenceRows(questions.map { ($0.question, !$0.expectsAbstention) }, source: source),
                to: evidenceFeatures)
        }
        let summary = try evaluation.run(facts: questions, keepPerQuestion: perQuestion)
        if json { return try Output.json(summary) }
        var out =
            "fact set               \(collection) (\(summary.answerable) answerable, \(summary.unanswerable) unanswerable)\n"
        out +=
            "index                  \(index.path) (engine: \(embedder == nil ? "lexical" : (mode?.rawValue ?? "hybrid")))\n"
        out += String(
            format: "fact rate              %.4f  (%d of %d answers quote the fact)\n", summary.factRate,
            Int((summary.factRate * Double(summary.answerable)).rounded()), summary.answerable)
        out += String(format: "gold cited             %.4f\n", summary.goldCitedRate)
        out += "abstentions            \(summary.abstentions) of \(summary.answerable) answerable\n"
        if summary.unanswerable > 0 {
            out += String(
                format: "correct abstention     %.4f  (unanswerable questions abstained on)\n",
                summary.correctAbstentionRate)
        }
        out += String(format: "words per answer       %.1f\n", summary.wordsPerAnswer)
        out += String(
            format: "ask latency (warm)     p50 %.2f ms, p90 %.2f ms (%d workers)\n", summary.askMillisecondsP50,
            summary.askMillisecondsP90, summary.workers)
        out += String(format: "time                   %.2f s\n", summary.seconds)
        if let results = summary.perQuestion {
            out += "\nid\tfact\tgold_cited\tabstained\twords\tcited\tquestion\n"
            for r in results {
                let fact = r.fact.map { $0 ? "1" : "0" } ?? "-", gold = r.goldCited.map { $0 ? "1" : "0" } ?? "-"
                out +=
                    "\(r.id)\t\(fact)\t\(gold)\t\(r.abstained ? 1 : 0)\t\(r.words)\t\(r.citedFiles.joined(separator: ","))\t\(r.question)\n"
            }
        }
        Output.print(out)
    }

    /// Writes evidence rows (`--evidence-features`) as JSON lines for scripts/fit-evidence.
    static func writeEvidence(_ rows: [EvidenceTrainingRow], to path: String) throws {
        try EvidenceTrainingRow.jsonLines(rows).write(to: URL(fileURLWithPath: path))
        Output.diagnostic("wrote \(rows.count) evidence rows to \(path)")
    }
}

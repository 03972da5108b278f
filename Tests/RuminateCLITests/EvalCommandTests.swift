import Foundation
import Testing

@Suite struct EvalCommandTests {
    @Test func evalPrintsTheStandardMetricsForAFixture() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-eval-cli-\(UUID().uuidString)")
        try writeBEIRFixture(
            in: root, queries: ["how do plants turn light into energy", "which organelle translates RNA"])
        let outcome = try RuminateProcess.run(
            [
                "eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--mode", "lexical", "--json",
                "--repeats", "1", "--per-query",
            ],
            in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try RuminateProcess.json(outcome)
        // The wire names, snake_case (exact_top_10_recall appears in vector mode only).
        #expect(
            Set(summary.keys) == [
                "collection", "split", "mode", "reranked", "documents", "queries", "ndcg_at_10", "recall_at_100",
                "recall_at_10", "mrr_at_10", "queries_per_second", "median_query_ms", "per_query",
            ])
        #expect(summary["ndcg_at_10"] as? Double == 1.0)
        #expect(summary["recall_at_100"] as? Double == 1.0)
        #expect(summary["mrr_at_10"] as? Double == 1.0)
        #expect(summary["queries"] as? Int == 2)
        #expect((summary["queries_per_second"] as? Double ?? 0) > 0)
        let perQuery = try #require(summary["per_query"] as? [[String: Any]])
        #expect(perQuery.count == 2)
        #expect(
            perQuery.allSatisfy {
                Set($0.keys) == ["id", "query", "ndcg_at_10", "recall_at_100", "recall_at_10", "mrr_at_10", "top"]
            })
        let text = try RuminateProcess.run(
            ["eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--repeats", "1"], in: root)
        #expect(text.stdout.contains("nDCG@10     1.0000"))
    }
}

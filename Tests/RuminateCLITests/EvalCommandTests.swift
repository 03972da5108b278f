import Foundation
import Testing

@Suite struct EvalCommandTests {
    @Test func evalPrintsTheStandardMetricsForAFixture() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-eval-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("beir/qrels"), withIntermediateDirectories: true)
        try """
            {"_id": "a", "title": "Photosynthesis", "text": "Plants convert light into chemical energy."}
            {"_id": "b", "title": "Mitochondria", "text": "Mitochondria produce ATP by respiration."}
            {"_id": "c", "title": "Ribosomes", "text": "Ribosomes translate messenger RNA into protein."}
            """.write(to: root.appendingPathComponent("beir/corpus.jsonl"), atomically: true, encoding: .utf8)
        try """
            {"_id": "1", "text": "how do plants turn light into energy"}
            {"_id": "2", "text": "which organelle translates RNA"}
            """.write(to: root.appendingPathComponent("beir/queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\n1\ta\t1\n2\tc\t1\n".write(to: root.appendingPathComponent("beir/qrels/test.tsv"), atomically: true, encoding: .utf8)
        let outcome = try RuminateProcess.run(["eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--json", "--repeats", "1"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try RuminateProcess.json(outcome)
        #expect(summary["ndcg10"] as? Double == 1.0)
        #expect(summary["recall100"] as? Double == 1.0)
        #expect(summary["mrr10"] as? Double == 1.0)
        #expect(summary["queries"] as? Int == 2)
        #expect((summary["queriesPerSecond"] as? Double ?? 0) > 0)
        let text = try RuminateProcess.run(["eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--repeats", "1"], in: root)
        #expect(text.stdout.contains("nDCG@10     1.0000"))
    }
}

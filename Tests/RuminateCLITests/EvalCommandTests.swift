import Foundation
import Testing

@Suite struct EvalCommandTests {
    @Test func evalPrintsTheStandardMetricsForAFixture() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-eval-cli-\(UUID().uuidString)")
        try writeBEIRFixture(in: root, queries: ["how do plants turn light into energy", "which organelle translates RNA"])
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

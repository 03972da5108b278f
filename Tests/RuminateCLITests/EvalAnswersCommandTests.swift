import Foundation
import Testing

@Suite struct EvalAnswersCommandTests {
    /// A SciFact-shaped folder: BEIR corpus (text = abstract sentences joined by spaces) plus original/ claims.
    func makeSciFactFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-eval-answers-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("scifact")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("qrels"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("original"), withIntermediateDirectories: true)
        let abstracts: [(id: Int, title: String, sentences: [String])] = [
            (
                1, "Photosynthesis",
                ["Plants convert light into chemical energy.", "Chlorophyll absorbs mostly blue and red light."]
            ),
            (
                2, "Mitochondria",
                [
                    "Mitochondria produce ATP by oxidative phosphorylation.",
                    "Mitochondria carry their own circular DNA genome.",
                ]
            ),
        ]
        var beir = "", original = ""
        for doc in abstracts {
            beir +=
                String(
                    decoding: try JSONSerialization.data(withJSONObject: [
                        "_id": String(doc.id), "title": doc.title, "text": doc.sentences.joined(separator: " "),
                    ]), as: UTF8.self) + "\n"
            original +=
                String(
                    decoding: try JSONSerialization.data(withJSONObject: [
                        "doc_id": doc.id, "title": doc.title, "abstract": doc.sentences,
                    ]), as: UTF8.self) + "\n"
        }
        try beir.write(to: folder.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        try original.write(
            to: folder.appendingPathComponent("original/corpus.jsonl"), atomically: true, encoding: .utf8)
        try "{\"_id\": \"1\", \"text\": \"q\"}\n".write(
            to: folder.appendingPathComponent("queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\n1\t1\t1\n".write(
            to: folder.appendingPathComponent("qrels/test.tsv"), atomically: true, encoding: .utf8)
        let claims = """
            {"id": 1, "claim": "Chlorophyll absorbs blue and red light.", "evidence": {"1": [{"sentences": [1], "label": "SUPPORT"}]}, "cited_doc_ids": [1]}
            {"id": 2, "claim": "Mitochondria have their own DNA genome.", "evidence": {"2": [{"sentences": [0], "label": "SUPPORT"}]}, "cited_doc_ids": [2]}
            {"id": 3, "claim": "Not answerable.", "evidence": {}, "cited_doc_ids": [2]}
            """
        try claims.write(
            to: folder.appendingPathComponent("original/claims_dev.jsonl"), atomically: true, encoding: .utf8)
        try claims.write(
            to: folder.appendingPathComponent("original/claims_train.jsonl"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func evalAnswersReportsTheMetricsOfAFixture() throws {
        let root = try makeSciFactFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("e.sqlite").path
        let outcome = try RuminateProcess.run(
            ["eval-answers", "scifact", "--index", index, "--json", "-n", "1", "--per-claim"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try RuminateProcess.json(outcome)
        #expect(
            Set(summary.keys) == [
                "claims", "off_topic_questions", "hit_rate", "hit_rate_answering_all", "sentence_precision",
                "sentence_recall",
                "integrity", "wrong_abstention_rate", "correct_abstention_rate", "cited_sentences", "gold_sentences",
                "unlocated_gold_sentences", "ask_ms_p50", "ask_ms_p90", "workers", "seconds", "per_claim",
            ])
        let perClaim = try #require(summary["per_claim"] as? [[String: Any]])
        #expect(perClaim.count == 2)
        #expect(
            perClaim.allSatisfy {
                Set($0.keys) == [
                    "id", "claim", "abstained", "hit", "cited", "cited_hits", "gold", "gold_hit", "evidence",
                ]
            })
        #expect(summary["claims"] as? Int == 2)
        #expect(summary["hit_rate"] as? Double == 0.5)  // claim 2 quotes sentence 1, the gold is sentence 0
        #expect(summary["sentence_precision"] as? Double == 0.5)
        #expect(summary["sentence_recall"] as? Double == 0.5)
        #expect(summary["integrity"] as? Double == 1)
        #expect(summary["wrong_abstention_rate"] as? Double == 0)
        #expect(summary["correct_abstention_rate"] as? Double == 1)  // two abstracts answer no off-topic question
        #expect(summary["off_topic_questions"] as? Int == 40)

        let text = try RuminateProcess.run(["eval-answers", "scifact", "--index", index, "-n", "1"], in: root)
        #expect(text.stdout.contains("hit rate               0.5000"))
        let calibration = try RuminateProcess.run(
            ["eval-answers", "scifact", "--index", index, "--calibrate"], in: root)
        #expect(calibration.status == 0, "\(calibration.stderr)")
        #expect(calibration.stdout.contains("chosen: passage_coverage"))
        let calibrationJSON = try RuminateProcess.json(
            try RuminateProcess.run(["eval-answers", "scifact", "--index", index, "--calibrate", "--json"], in: root))
        #expect(Set(calibrationJSON.keys) == ["answerable_claims", "off_topic_questions", "chosen", "measures"])
        let chosen = try #require(calibrationJSON["chosen"] as? [String: Any])
        #expect(Set(chosen.keys) == ["measure", "threshold", "correct_abstention_rate", "wrong_abstention_rate"])
    }

    @Test func aFolderWithoutClaimsIsAClearError() throws {
        let root = try makeSciFactFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("scifact/original/claims_dev.jsonl"))
        let outcome = try RuminateProcess.run(
            ["eval-answers", "scifact", "--index", root.appendingPathComponent("e.sqlite").path], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("claims_dev.jsonl"))
    }
}

import Foundation
import Testing

/// The real embedding model end to end: indexing embeds passages, search runs in every mode.
@Suite(.serialized) struct HybridSearchTests {
    static var modelFolder: String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.appendingPathComponent("models/all-MiniLM-L6-v2").path
    }

    @Test func indexEmbedsAndSearchRunsInEveryMode() throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.modelFolder + "/model.safetensors"),
            "run scripts/fetch-model (scripts/test does)")
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--model", Self.modelFolder], in: root)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stdout.contains("embedded"))
        let status = try #require(
            try RuminateProcess.json(try RuminateProcess.run(["status", "--index", index, "--json"], in: root))[
                "status"] as? [String: Any])
        #expect(
            (status["embedding_model"] as? String)?.hasPrefix("sentence-transformers/all-MiniLM-L6-v2@sha256:53aa5117")
                == true)
        #expect(status["vectors"] as? Int == status["passages"] as? Int)

        // A paraphrase with no word in common with the WAL passage: only the vector leg can find it.
        let query = "concurrent readers while somebody modifies the data"
        for (mode, engine) in [("vector", "vector"), ("hybrid", "hybrid"), ("lexical", nil)] {
            let outcome = try RuminateProcess.run(
                ["search", query, "--index", index, "--model", Self.modelFolder, "--mode", mode, "--json"], in: root)
            #expect(outcome.status == 0, "\(mode): \(outcome.stderr)")
            let object = try RuminateProcess.json(outcome)
            if let engine { #expect(object["engine"] as? String == engine) }
            let hits = object["hits"] as? [[String: Any]] ?? []
            if mode != "lexical" { #expect((hits.first?["path"] as? String)?.hasSuffix("wal.md") == true, "\(mode)") }
        }
        // Hybrid is the default when the index has vectors and the model is there.
        let automatic = try RuminateProcess.json(
            try RuminateProcess.run(
                ["search", "rollback journal", "--index", index, "--model", Self.modelFolder, "--json", "--explain"],
                in: root))
        #expect(automatic["engine"] as? String == "hybrid")
        // Reranked by default: the fused ranking it reordered is explained beneath the reranker's terms.
        let explanation = (automatic["hits"] as? [[String: Any]])?.first?["explanation"] as? [String: Any]
        #expect((explanation?["description"] as? String)?.hasPrefix("reranked (top 50 of the hybrid ranking)") == true)
        let fused = ((explanation?["details"] as? [[String: Any]])?.last?["details"] as? [[String: Any]])?.first
        #expect((fused?["description"] as? String)?.contains("reciprocal-rank fusion") == true)
        // Without the model: lexical, and an explicit vector request is a clear error.
        let lexical = try RuminateProcess.run(
            ["search", "rollback journal", "--index", index, "--no-vectors", "--json"], in: root)
        #expect(try RuminateProcess.json(lexical)["engine"] as? String == "bm25f")
        let refused = try RuminateProcess.run(
            ["search", "rollback", "--index", index, "--no-vectors", "--mode", "vector"], in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot search in vector mode"))
        // ask takes hybrid evidence when the model is present; every quote still verifies.
        let asked = try RuminateProcess.run(
            [
                "ask", "How do readers and a writer share the database in WAL mode?", "--index", index, "--model",
                Self.modelFolder, "--json",
            ], in: root)
        #expect(asked.status == 0, "\(asked.stderr)")
        let answer = try RuminateProcess.json(asked)
        #expect(answer["verified"] as? Bool == true)
        #expect(((answer["sentences"] as? [[String: Any]])?.first?["path"] as? String)?.hasSuffix("wal.md") == true)
        // A second index run embeds nothing new.
        let again = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--model", Self.modelFolder, "--json"], in: root)
        #expect((try RuminateProcess.json(again)["vectors"] as? [String: Any])?["embedded"] as? Int == 0)
    }

    @Test func evalReportsEveryModeAndVectorExactness() throws {
        try #require(FileManager.default.fileExists(atPath: Self.modelFolder + "/model.safetensors"))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-eval-modes-\(UUID().uuidString)")
        try writeBEIRFixture(
            in: root, queries: ["how do plants turn sunlight into energy", "which organelle makes proteins from RNA"])
        let outcome = try RuminateProcess.run(
            [
                "eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--model", Self.modelFolder,
                "--json", "--repeats", "1",
            ], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let modes = try #require(try RuminateProcess.json(outcome)["modes"] as? [[String: Any]])
        #expect(modes.compactMap { $0["mode"] as? String } == ["lexical", "vector", "hybrid"])
        let vector = try #require(modes.first { $0["mode"] as? String == "vector" })
        #expect(
            Set(vector.keys) == [
                "collection", "split", "mode", "reranked", "documents", "queries", "ndcg_at_10", "recall_at_100",
                "recall_at_10", "mrr_at_10", "queries_per_second", "median_query_ms", "exact_top_10_recall",
            ])
        #expect(vector["exact_top_10_recall"] as? Double == 1.0)
        #expect(vector["ndcg_at_10"] as? Double == 1.0)
        // Fusion weights are honoured: with the vector leg weighted 0, hybrid ranks like lexical.
        let lexicalOnly = try RuminateProcess.json(
            try RuminateProcess.run(
                [
                    "eval", "beir", "--index", root.appendingPathComponent("e.sqlite").path, "--model",
                    Self.modelFolder, "--json", "--repeats", "1", "--mode", "hybrid", "--vector-weight", "0",
                ], in: root))
        #expect(lexicalOnly["mode"] as? String == "hybrid")
    }
}

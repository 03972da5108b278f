import Foundation
import Testing

/// `search --rerank`, `eval --rerank` and the reranker's training pipeline: the real binary over a small index.
@Suite struct RerankCommandTests {
    static let topics = ["columns", "pages", "tables", "indexes", "triggers", "views"]

    /// Six pages about limits, one per topic, indexed lexically; and a fact set asking for each page's limit.
    func makeCollection() throws -> (root: URL, index: String, facts: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-rerank-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for (n, topic) in Self.topics.enumerated() {
            try """
            # Limits on \(topic)

            Databases keep \(topic) in files. The limit on \(topic) is \(1000 + n) by default. \
            Applications rarely reach the limit on \(topic). Some \(topic) are small and some \(topic) are large.
            """.write(to: docs.appendingPathComponent("\(topic).md"), atomically: true, encoding: .utf8)
        }
        let index = root.appendingPathComponent("r.sqlite").path
        let outcome = try RuminateProcess.run(["index", docs.path, "--index", index, "--no-vectors"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let facts = root.appendingPathComponent("facts.tsv")
        let questions = Self.topics.enumerated().map { n, topic in
            "\(topic)\tWhat is the limit on \(topic) by default?\t\(topic).md\t\\b\(1000 + n)\\b"
        }
        try (["id\tquestion\tgold_file\tfact_regex"] + questions).joined(separator: "\n")
            .write(to: facts, atomically: true, encoding: .utf8)
        return (root, index, facts)
    }

    @Test func searchRerankExplainsTheRerankersFeatures() throws {
        let (root, index, _) = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try RuminateProcess.run(
            ["search", "limit on triggers", "--index", index, "--rerank", "--explain", "-k", "3"], in: root)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("1. Limits on triggers"))
        #expect(text.stdout.contains("= reranked (top 50 of the lexical ranking): P(relevant) = 1 / (1 + e^-z)"))
        #expect(text.stdout.contains("= title_share 1.0 × weight "))
        #expect(text.stdout.contains("= lexical ranking, rank 1 (what was reranked; not a term of the score)"))

        let json = try RuminateProcess.json(
            try RuminateProcess.run(
                ["search", "limit on triggers", "--index", index, "--rerank", "--explain", "--json"], in: root))
        let hits = try #require(json["hits"] as? [[String: Any]])
        for hit in hits {
            let explanation = try #require(hit["explanation"] as? [String: Any])
            #expect(explanation["value"] as? Double == hit["score"] as? Double)
            let z = try #require((explanation["details"] as? [[String: Any]])?.first)
            let terms = try #require(z["details"] as? [[String: Any]]).compactMap { $0["value"] as? Double }
            #expect(abs(terms.reduce(0, +) - (z["value"] as? Double ?? .nan)) < 1e-9)
        }

        let plain = try RuminateProcess.run(
            ["search", "limit on triggers", "--index", index, "--no-rerank", "--explain"], in: root)
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("reranked"))
    }

    @Test func evalOnAFactSetReportsTheGoldPageWithAndWithoutReranking() throws {
        let (root, index, facts) = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try RuminateProcess.run(
            ["eval", facts.path, "--index", index, "--mode", "lexical", "--rerank", "--repeats", "1", "--json"],
            in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let modes = try #require(try RuminateProcess.json(outcome)["modes"] as? [[String: Any]])
        #expect(modes.map { $0["reranked"] as? Bool } == [false, true])
        for summary in modes {
            #expect(summary["queries"] as? Int == Self.topics.count)
            // Each question names its topic, whose page says so in its title: the gold page comes first.
            #expect(summary["mrr_at_10"] as? Double == 1)
            #expect(summary["recall_at_10"] as? Double == 1)
        }
        let text = try RuminateProcess.run(
            ["eval", facts.path, "--index", index, "--mode", "lexical", "--rerank", "--repeats", "1"], in: root)
        #expect(text.stdout.contains("mode        lexical, reranked (top 50)"))
        #expect(text.stdout.contains("Recall@10   1.0000"))
    }

    @Test func evalAnswersTakesTheRerankChoice() throws {
        let (root, index, facts) = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        for flag in ["--rerank", "--no-rerank"] {
            let outcome = try RuminateProcess.run(
                ["eval-answers", facts.path, "--index", index, "--workers", "1", "--json", flag], in: root)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            // Each question names its topic and its page states the limit: answered either way.
            #expect(try RuminateProcess.json(outcome)["fact_rate"] as? Double == 1, "\(flag)")
        }
    }

    /// The reranker's training pipeline: `--rerank-features` labels each candidate by its document's relevance,
    /// and `scripts/fit-rerank` turns such rows into the two `RerankModel` constants.
    @Test func rerankFeatureRowsFitIntoRerankWeights() throws {
        let (root, index, facts) = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        let rowsFile = root.appendingPathComponent("rows.jsonl")
        let outcome = try RuminateProcess.run(
            ["eval", facts.path, "--index", index, "--mode", "lexical", "--rerank-features", rowsFile.path], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        var rows = try String(contentsOf: rowsFile, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let names = try #require(rows.removeFirst()["feature_names"] as? [String])
        #expect(names.contains("title_share") && names.contains("vector_cosine"))
        #expect(Set(rows.compactMap { $0["query"] as? String }) == Set(Self.topics))
        #expect(rows.allSatisfy { ($0["features"] as? [Double])?.count == names.count })
        // Every page matches every question ("limit"), so each question has six candidates, one of them gold.
        #expect(rows.count == Self.topics.count * Self.topics.count)
        #expect(
            rows.filter { $0["label"] as? Int == 1 }.map { "\($0["document"]!)" }.sorted()
                == Self.topics.map { "\($0).md" }.sorted())

        let python = RuminateProcess.repository.appendingPathComponent(".build/python-mcp/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no \(python.path): run scripts/ensure-mcp-client (scripts/test does)")
        let script = RuminateProcess.repository.appendingPathComponent("scripts/fit-rerank")
        let fit = try RuminateProcess.run(
            python, [script.path, "--with-vectors", rowsFile.path, "--lexical", rowsFile.path], in: root)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("public static let withVectors = RerankModel("))
        #expect(fit.stdout.contains("public static let lexicalOnly = RerankModel("))
        let weights = fit.stdout.matches(of: /weights: \[([^\]]*)\]/).map {
            $0.output.1.split(separator: ",").filter { !$0.allSatisfy(\.isWhitespace) }.count
        }
        #expect(weights == [names.count, names.count])
        #expect(fit.stderr.contains("held-out nDCG@10"))
    }
}

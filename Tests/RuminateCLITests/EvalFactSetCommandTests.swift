import Foundation
import Testing

/// `ruminate eval-answers FACTS.tsv`: the real binary over a small indexed folder.
@Suite struct EvalFactSetCommandTests {
    func makeCollection() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-facts-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try """
        # Column limits

        The default setting for SQLITE_MAX_COLUMN is 2000. You can change it at compile time.
        """.write(to: docs.appendingPathComponent("limits.md"), atomically: true, encoding: .utf8)
        try """
        # Write-ahead logging

        Write-ahead logging is turned on with PRAGMA journal_mode=WAL. It stays on after the database is closed.
        """.write(to: docs.appendingPathComponent("wal.md"), atomically: true, encoding: .utf8)
        let index = try RuminateProcess.run(
            ["index", docs.path, "--index", root.appendingPathComponent("f.sqlite").path, "--no-vectors"], in: root)
        #expect(index.status == 0, "\(index.stderr)")
        return root
    }

    @Test func factRateGoldPagesAndAbstentionsOfAFactSet() throws {
        let root = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        // q1 is answered, q2's fact is on wal.md but the regex asks for something else (a miss, gold cited),
        // q3 should be abstained on; the case-sensitive part of q1's regex matches the page's capitals.
        let facts = """
            id\tquestion\tgold_file\tfact_regex\tevidence
            q1\tWhat is the default setting for SQLITE_MAX_COLUMN?\tlimits.md\t(?-i:SQLITE_MAX_COLUMN)[^.]*2000\tx
            q2\tHow do I turn on write-ahead logging?\twal.md\tjournal_mode\\s*=\\s*DELETE\tx
            q3\tWho painted the Mona Lisa in Florence?\t\t\t
            """
        let tsv = root.appendingPathComponent("facts.tsv")
        try (facts + "\n").write(to: tsv, atomically: true, encoding: .utf8)
        let index = root.appendingPathComponent("f.sqlite").path
        let outcome = try RuminateProcess.run(
            ["eval-answers", tsv.path, "--index", index, "--json", "--per-question", "--workers", "1"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try RuminateProcess.json(outcome)
        #expect(summary["questions"] as? Int == 3)
        #expect(summary["answerable"] as? Int == 2)
        #expect(summary["fact_rate"] as? Double == 0.5)
        #expect(summary["gold_cited_rate"] as? Double == 1)
        #expect(summary["unanswerable"] as? Int == 1)
        #expect(summary["correct_abstention_rate"] as? Double == 1)
        let rows = try #require(summary["per_question"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["q1", "q2", "q3"])
        #expect(rows[0]["cited_files"] as? [String] == ["limits.md"])
        #expect(rows[2]["fact"] is NSNull || rows[2]["fact"] == nil)

        let text = try RuminateProcess.run(["eval-answers", tsv.path, "--index", index], in: root)
        #expect(text.stdout.contains("fact rate              0.5000  (1 of 2 answers quote the fact)"))
        #expect(text.stdout.contains("correct abstention     1.0000"))
    }

    @Test func aBrokenFactSetIsAClearError() throws {
        let root = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("f.sqlite").path
        let badRegex = root.appendingPathComponent("bad.tsv")
        try "question\tfact_regex\nWhat?\t(unclosed\n".write(to: badRegex, atomically: true, encoding: .utf8)
        let regexOutcome = try RuminateProcess.run(["eval-answers", badRegex.path, "--index", index], in: root)
        #expect(regexOutcome.status == 1)
        #expect(regexOutcome.stderr.contains("line 2: fact_regex is not a valid regular expression"))

        let noHeader = root.appendingPathComponent("noheader.tsv")
        try "What?\tx\n".write(to: noHeader, atomically: true, encoding: .utf8)
        let headerOutcome = try RuminateProcess.run(["eval-answers", noHeader.path, "--index", index], in: root)
        #expect(headerOutcome.status == 1)
        #expect(headerOutcome.stderr.contains("header naming question and fact_regex"))

        let sciFactFlag = try RuminateProcess.run(
            ["eval-answers", badRegex.path, "--index", index, "--calibrate"], in: root)
        #expect(sciFactFlag.status != 0)
        #expect(sciFactFlag.stderr.contains("apply to a SciFact folder"))
    }

    /// The reader's training pipeline: `--reader-features` labels each candidate by the fact, and
    /// `scripts/fit-reader` turns such rows into the two `ReaderModel` constants.
    @Test func readerFeatureRowsAreLabelledByTheFactAndFitIntoReaderWeights() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let topics = ["columns", "pages", "tables", "indexes", "triggers", "views"]
        for (n, topic) in topics.enumerated() {
            try """
            # Limits on \(topic)

            Databases keep \(topic) in files. The limit on \(topic) is \(1000 + n) by default. \
            Applications rarely reach the limit on \(topic). Some \(topic) are small and some \(topic) are large.
            """.write(to: docs.appendingPathComponent("\(topic).md"), atomically: true, encoding: .utf8)
        }
        let index = root.appendingPathComponent("r.sqlite").path
        #expect(try RuminateProcess.run(["index", docs.path, "--index", index, "--no-vectors"], in: root).status == 0)
        let tsv = root.appendingPathComponent("facts.tsv")
        let questions = topics.enumerated().map { n, topic in
            "\(topic)\tWhat is the limit on \(topic) by default?\t\(topic).md\t\\b\(1000 + n)\\b"
        }
        try (["id\tquestion\tgold_file\tfact_regex"] + questions).joined(separator: "\n")
            .write(to: tsv, atomically: true, encoding: .utf8)
        let rowsFile = root.appendingPathComponent("rows.jsonl")
        let outcome = try RuminateProcess.run(
            ["eval-answers", tsv.path, "--index", index, "--reader-features", rowsFile.path], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        var rows = try String(contentsOf: rowsFile, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let names = try #require(rows.removeFirst()["feature_names"] as? [String])
        #expect(names.contains("lexical") && names.contains("heading"))
        #expect(Set(rows.compactMap { $0["question"] as? String }) == Set(topics))
        #expect(rows.allSatisfy { ($0["features"] as? [Double])?.count == names.count })
        // Each question's fact is stated by one sentence, its own page's; every other candidate is labelled 0.
        #expect(rows.filter { $0["label"] as? Int == 1 }.count == topics.count)
        #expect(rows.filter { $0["label"] as? Int == 0 }.count >= topics.count)

        // scripts/ensure-mcp-client (run by scripts/test) puts numpy into the tests' Python environment.
        let python = RuminateProcess.repository.appendingPathComponent(".build/python-mcp/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no \(python.path): run scripts/ensure-mcp-client (scripts/test does)")
        let script = RuminateProcess.repository.appendingPathComponent("scripts/fit-reader")
        let fit = try RuminateProcess.run(python, [script.path, rowsFile.path], in: root)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("public static let withEmbeddings = ReaderModel("))
        #expect(fit.stdout.contains("public static let lexicalOnly = ReaderModel("))
        let weights = fit.stdout.matches(of: /weights: \[([^\]]*)\]/).map { $0.output.1.split(separator: ",").count }
        #expect(weights == [names.count, names.count])

        // The same fit as JSON is what `--reader-weights` evaluates with, without rebuilding; a file for another
        // feature set is refused with the reason.
        let fitted = root.appendingPathComponent("weights.json")
        let json = try RuminateProcess.run(python, [script.path, "--json", rowsFile.path], in: root)
        #expect(json.status == 0, "\(json.stderr)")
        try json.stdout.write(to: fitted, atomically: true, encoding: .utf8)
        let evaluated = try RuminateProcess.run(
            ["eval-answers", tsv.path, "--index", index, "--reader-weights", fitted.path], in: root)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.contains("fact rate"))
        try #"{"lexicalOnly": {"bias": 0, "weights": [1]}, "withEmbeddings": {"bias": 0, "weights": [1]}}"#
            .write(to: fitted, atomically: true, encoding: .utf8)
        let refused = try RuminateProcess.run(
            ["eval-answers", tsv.path, "--index", index, "--reader-weights", fitted.path], in: root)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("scripts/fit-reader --json"))
    }

    @Test func jsonLinesFactSetsReadTheSameKeys() throws {
        let root = try makeCollection()
        defer { try? FileManager.default.removeItem(at: root) }
        let jsonl = root.appendingPathComponent("facts.jsonl")
        try """
        {"id": "a", "question": "What is the default setting for SQLITE_MAX_COLUMN?", "gold_file": "limits.md", "fact_regex": "2000"}
        """.write(to: jsonl, atomically: true, encoding: .utf8)
        let outcome = try RuminateProcess.run(
            ["eval-answers", jsonl.path, "--index", root.appendingPathComponent("f.sqlite").path, "--json"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try RuminateProcess.json(outcome)["fact_rate"] as? Double == 1)
    }
}

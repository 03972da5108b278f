import Foundation
import Testing

@Suite(.serialized) struct CLIEndToEndTests {
    @Test func indexSearchShowRoundTripKeepsOffsetsExact() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stdout.contains("3 added"))
        #expect(!indexed.stderr.contains("indexing:"))  // no progress when stderr is not a terminal

        for query in ["how do readers and writers share the WAL", "深度研究", "resume cafe"] {
            let search = try RuminateProcess.run(["search", query, "--index", index, "--json", "-k", "3"], in: root)
            #expect(search.status == 0, "\(search.stderr)")
            let object = try RuminateProcess.json(search)
            let hits = try #require(object["hits"] as? [[String: Any]])
            #expect(!hits.isEmpty, "no hits for \(query)")
            for hit in hits {
                for field in ["document", "path", "title", "passage", "start", "end", "score", "snippet"] {
                    #expect(hit[field] != nil, "missing \(field)")
                }
                let document = try #require(hit["document"] as? String)
                let shown = try RuminateProcess.json(
                    try RuminateProcess.run(["show", document, "--index", index, "--json"], in: root))
                let text = try #require(shown["text"] as? String)
                let scalars = Array(text.unicodeScalars)
                let start = try #require(hit["start"] as? Int), end = try #require(hit["end"] as? Int)
                let quoted = String(String.UnicodeScalarView(scalars[start..<end]))
                let passages = try #require(shown["passages"] as? [[String: Any]])
                #expect(passages.contains { ($0["start"] as? Int) == start && ($0["end"] as? Int) == end })
                #expect(!quoted.isEmpty)
                // The snippet's words come from the quoted passage.
                let plainSnippet = (hit["snippet"] as! String).replacingOccurrences(of: "<mark>", with: "")
                    .replacingOccurrences(of: "</mark>", with: "").replacingOccurrences(of: "…", with: "")
                #expect(
                    quoted.replacingOccurrences(of: "\n", with: " ").contains(
                        plainSnippet.trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    @Test func explainAndTextOutput() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        let explained = try RuminateProcess.run(
            ["search", "rollback", "crash", "--index", index, "--explain"], in: root)
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("Rollback journal"))
        #expect(explained.stdout.contains("idf = ln(1 + (N - df + 0.5)/(df + 0.5))"))
        #expect(explained.stdout.contains("**rollback**") || explained.stdout.contains("**Rollback**"))
    }

    @Test func hostileQueriesAreSafeAndAdvancedSyntaxIsOptIn() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        for query in ["title:foo NEAR(\"x\" OR", "\"unbalanced ((", "AND", "-*^"] {
            // `--` ends the options, so a query starting with "-" is still a query.
            let outcome = try RuminateProcess.run(["search", "--index", index, "--json", "--", query], in: root)
            #expect(outcome.status == 0, "\(query): \(outcome.stderr)")
        }
        let bad = try RuminateProcess.run(["search", "NEAR(", "--fts", "--index", index], in: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error:"))
        #expect(bad.stderr.contains("hint:"))
        let phrase = try RuminateProcess.json(
            try RuminateProcess.run(["search", "\"rollback journal\"", "--fts", "--index", index, "--json"], in: root))
        #expect(phrase["engine"] as? String == "fts5")
        #expect((phrase["hits"] as? [[String: Any]])?.count == 1)
    }

    @Test func statusReportsWhatTheIndexHolds() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        let outcome = try RuminateProcess.run(["status", "--index", index, "--json", "--check"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try RuminateProcess.json(outcome)
        let status = try #require(object["status"] as? [String: Any])
        #expect(status["documents"] as? Int == 3)
        #expect((status["tokenizer"] as? String)?.contains("icu") == true)
        #expect(status["format_version"] as? Int == 3)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        let text = try RuminateProcess.run(["status", "--index", index], in: root)
        #expect(text.stdout.contains("documents:  3"))
        #expect(text.stdout.contains("last run:") && text.stdout.contains("3 added, 0 updated, 0 deleted, 0 failed"))
    }

    /// `index --json` and `status --json` name their fields in snake_case, like every other JSON output.
    @Test func indexAndStatusJSONHaveTheirWireNames() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--no-vectors", "--json"], in: root)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let report = try RuminateProcess.json(indexed)
        let reportKeys: Set<String> = [
            "files_seen", "added", "updated", "unchanged", "deleted", "renamed", "duplicates", "failed",
            "documents_added",
            "documents_removed", "documents_kept", "passages_added", "problems", "warnings", "started_at", "seconds",
            "phases",
        ]
        #expect(Set(report.keys) == reportKeys)
        #expect(report["documents_added"] as? Int == 3)

        let object = try RuminateProcess.json(
            try RuminateProcess.run(["status", "--index", index, "--json"], in: root))
        #expect(Set(object.keys) == ["status"])
        let status = try #require(object["status"] as? [String: Any])
        #expect(
            Set(status.keys) == [
                "path", "format_version", "tokenizer", "chunking", "created_at", "sources", "failed_sources",
                "duplicate_sources",
                "documents", "passages", "formats", "lexicon_segments", "vectors", "file_bytes", "last_run", "index_id",
                "write_generation",
            ])
        let lastRun = try #require((status["last_run"] as? String)?.data(using: .utf8))
        let stored = try #require(try JSONSerialization.jsonObject(with: lastRun) as? [String: Any])
        #expect(Set(stored.keys) == reportKeys)
    }

    @Test func missingIndexAndUnknownDocumentAreClearErrors() throws {
        let root = try makeCorpusFolder()
        let missing = try RuminateProcess.run(
            ["search", "x", "--index", root.appendingPathComponent("none.sqlite").path], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no index at"))
        #expect(missing.stderr.contains("hint: run `ruminate index"))
        let index = root.appendingPathComponent("i.sqlite").path
        try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        let unknown = try RuminateProcess.run(["show", "nope", "--index", index], in: root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no document \"nope\""))
        let invalid = try RuminateProcess.run(["search", "x", "-k", "0", "--index", index], in: root)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("-k must be between 1 and 10000 (got 0)"), "\(invalid.stderr)")
        // The same bounds as the service's, named as the CLI spells them.
        for (arguments, message) in [
            (["ask", "x", "-n", "51"], "-n must be between 1 and 50 (got 51)"),
            (["ask", "x", "--passages", "0"], "--passages must be between 1 and 1000 (got 0)"),
            (["research", "x", "--max-rounds", "21"], "--max-rounds must be between 1 and 20 (got 21)"),
            (["research", "x", "--aspects", "0"], "--aspects must be between 1 and 10 (got 0)"),
            (["search", " "], "the query is empty"),
        ] {
            let refused = try RuminateProcess.run(arguments + ["--index", index], in: root)
            #expect(refused.status != 0 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    @Test func strictModeFailsOnBadFilesButIndexesTheRest() throws {
        let root = try makeCorpusFolder()
        try Data("<?xml version=\"1.0\"?><a><b></a>".utf8).write(to: root.appendingPathComponent("corpus/broken.xml"))
        let index = root.appendingPathComponent("i.sqlite").path
        let lenient = try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("skipped corpus/broken.xml"))
        try Data("<?xml version=\"1.0\"?><a><c></a>".utf8).write(to: root.appendingPathComponent("corpus/broken2.xml"))
        let strict = try RuminateProcess.run(["index", "corpus", "--index", index, "--strict", "--json"], in: root)
        #expect(strict.status == 2)
        let report = try RuminateProcess.json(strict)
        #expect(report["failed"] as? Int == 1)
        #expect(report["unchanged"] as? Int == 4)
    }
}

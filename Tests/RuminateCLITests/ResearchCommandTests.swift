import Foundation
import Testing

@Suite struct ResearchCommandTests {
    /// A few Markdown files on distinct facets of one subject, indexed by the real binary.
    private func indexedCorpus() throws -> (root: URL, index: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-research-cli-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "wal.md":
                "# Write-ahead logging\n\n## How the WAL works\n\nWith write-ahead logging every change to the database is appended to a separate WAL file. 🚀 Readers continue reading the original database pages while a writer appends to the WAL.\n\n## Checkpoints\n\nA checkpoint copies the WAL back into the database file. Checkpoint starvation happens when readers never leave the WAL.",
            "locking.md":
                "# Database locking\n\n## Lock states\n\nA database connection moves through the shared, reserved, pending and exclusive lock states. Only one connection may hold the reserved lock that announces an intent to write.\n\n## Busy writers\n\nWhen a writer cannot obtain the exclusive lock, the busy timeout makes the connection retry before reporting that the database is busy.",
            "journal.md":
                "# The rollback journal\n\nThe rollback journal stores a copy of the original database pages so that a crash in a transaction can be rolled back. A hot journal left by a crash is rolled back by the next connection that opens the database.",
            "btree.md":
                "# B-tree pages\n\nEvery table and index in the database file is a B-tree of fixed-size pages. The vacuum command rebuilds the database file so the freelist becomes empty and the file shrinks.",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        return (root, index)
    }

    @Test func researchWritesAJSONReportThatVerifyAccepts() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try RuminateProcess.run(
            ["research", "database", "--index", index, "-o", "report.json"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("research: plan:"), "progress goes to stderr")
        #expect(outcome.stdout.isEmpty)
        let data = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("report.json").path))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["verified"] as? Bool == true)
        let sections = try #require(report["sections"] as? [[String: Any]])
        #expect(!sections.isEmpty)
        let quotes =
            sections.flatMap { ($0["sentences"] as? [[String: Any]]) ?? [] }
            + ((report["summary"] as? [[String: Any]]) ?? [])
        #expect(!quotes.isEmpty)
        let trace = try #require(report["trace"] as? [String: Any])
        #expect((trace["queries"] as? [String])?.first == "database")
        #expect(((trace["aspects"] as? [[String: Any]]) ?? []).allSatisfy { $0["stop_reason"] is String })

        let verified = try RuminateProcess.run(["verify", "report.json"], in: root)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("all \(quotes.count) quotes match"), "\(verified.stdout)")

        // A tampered quote is caught.
        var sectionsCopy = sections
        var firstSentences = try #require(sectionsCopy[0]["sentences"] as? [[String: Any]])
        firstSentences[0]["text"] = "Not what the document says."
        sectionsCopy[0]["sentences"] = firstSentences
        var tampered = report
        tampered["sections"] = sectionsCopy
        try JSONSerialization.data(withJSONObject: tampered).write(to: root.appendingPathComponent("tampered.json"))
        let rejected = try RuminateProcess.run(["verify", "tampered.json"], in: root)
        #expect(rejected.status == 2)
        #expect(rejected.stdout.contains("MISMATCH"))
    }

    @Test func researchWritesMarkdownToStdoutAndSelfContainedHTML() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let markdown = try RuminateProcess.run(
            ["research", "database", "--index", index, "--max-rounds", "1"], in: root)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# Research: database\n"))
        for heading in ["## Outline", "## Executive summary", "## References", "## Research trace"] {
            #expect(markdown.stdout.contains(heading), "missing \(heading)")
        }

        let html = try RuminateProcess.run(
            ["research", "database", "--index", index, "-o", "report.html", "--quiet"], in: root)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stderr.isEmpty)
        let page = String(
            decoding: try #require(
                FileManager.default.contents(atPath: root.appendingPathComponent("report.html").path)), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<details class=\"cite\">"))
        let external = try NSRegularExpression(
            pattern: #"(src|href)\s*=\s*["']?\s*(https?:|//)"#, options: [.caseInsensitive])
        #expect(external.numberOfMatches(in: page, range: NSRange(page.startIndex..., in: page)) == 0)
    }

    @Test func researchRefusesAnUnknownOutputFormatAndAMissingIndex() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let unknown = try RuminateProcess.run(["research", "database", "--index", index, "-o", "report.pdf"], in: root)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains(".md, .html or .json"))
        let missing = try RuminateProcess.run(
            ["research", "database", "--index", root.appendingPathComponent("none.sqlite").path], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no index at"))
    }
}

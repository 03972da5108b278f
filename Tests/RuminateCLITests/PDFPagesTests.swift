import Foundation
import Testing

/// A real PDF (Tests/RuminateParseTests/Fixtures/pdf) indexed by the real binary through the real `pdftotext`:
/// hits and cited sources carry the page their passage starts on.
@Suite(.serialized) struct PDFPagesTests {
    static let fixtures = RuminateProcess.repository.appendingPathComponent("Tests/RuminateParseTests/Fixtures/pdf")

    /// field-notes.pdf (three pages), its truncated copy and a text file, indexed with small passages so each
    /// paragraph of the PDF is a passage of its own.
    func indexedCorpus() throws -> (root: URL, index: String, indexed: RuminateProcess.Outcome) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-cli-pdf-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for name in ["field-notes.pdf", "truncated.pdf"] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        try Data("Notes without pages\n\nGlaciers also appear in this plain text file about moraines.".utf8)
            .write(to: corpus.appendingPathComponent("plain.txt"))
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--no-vectors", "--max-tokens", "60", "--overlap", "0"], in: root)
        return (root, index, indexed)
    }

    @Test func searchHitsCarryTheirPage() throws {
        let (root, index, indexed) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stderr.contains("truncated.pdf"), "the broken PDF is reported and skipped: \(indexed.stderr)")

        let expectations: [(query: String, page: Int)] = [
            ("oxbow lakes abandoned channel", 1), ("levees overbank flooding", 1), ("hanging valleys waterfalls", 2),
            ("terminal moraines snout", 2), ("estuaries tidal flats wading birds", 3),
        ]
        for (query, page) in expectations {
            let search = try RuminateProcess.run(
                ["search", query, "--index", index, "--json", "-k", "1", "--no-vectors"], in: root)
            #expect(search.status == 0, "\(search.stderr)")
            let hit = try #require(
                (try RuminateProcess.json(search)["hits"] as? [[String: Any]])?.first, "no hit for \(query)")
            #expect((hit["path"] as? String)?.hasSuffix("field-notes.pdf") == true, "\(query)")
            #expect(hit["title"] as? String == "Field Notes on Rivers and Glaciers")
            #expect(hit["page"] as? Int == page, "\(query): \(hit)")
        }

        let plain = try RuminateProcess.run(
            ["search", "plain text file", "--index", index, "--json", "-k", "1", "--no-vectors"], in: root)
        let plainHit = try #require((try RuminateProcess.json(plain)["hits"] as? [[String: Any]])?.first)
        #expect((plainHit["path"] as? String)?.hasSuffix("plain.txt") == true)
        #expect(
            plainHit.keys.contains("page") && plainHit["page"] is NSNull,
            "the field is there, null for a format without pages")

        let text = try RuminateProcess.run(
            ["search", "terminal moraines snout", "--index", index, "-k", "1", "--no-vectors"], in: root)
        #expect(text.status == 0)
        #expect(text.stdout.contains("(p. 2, chars "), "\(text.stdout)")
    }

    @Test func askCitesTheSourcePage() throws {
        let (root, index, indexed) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let question = "What do terminal moraines and lateral moraines mark on a glacier?"
        let asked = try RuminateProcess.run(["ask", question, "--index", index, "--json", "--no-vectors"], in: root)
        #expect(asked.status == 0, "\(asked.stderr)")
        let answer = try RuminateProcess.json(asked)
        #expect(answer["abstained"] as? Bool == false)
        let sources = try #require(answer["sources"] as? [[String: Any]])
        let pdfSources = sources.filter { ($0["path"] as? String)?.hasSuffix("field-notes.pdf") == true }
        #expect(!pdfSources.isEmpty)
        #expect(pdfSources.allSatisfy { ($0["page"] as? Int).map { (1...3).contains($0) } == true })
        let sentences = try #require(answer["sentences"] as? [[String: Any]])
        #expect(sentences.contains { ($0["text"] as? String)?.contains("Terminal moraines mark") == true })
        let moraineSource = try #require(
            sentences.first { ($0["text"] as? String)?.contains("Terminal moraines mark") == true }?["citation"] as? Int
        )
        #expect(sources.first { $0["number"] as? Int == moraineSource }?["page"] as? Int == 2)
        let moraineSentence = try #require(
            sentences.first { ($0["text"] as? String)?.contains("Terminal moraines mark") == true })
        #expect(moraineSentence["page"] as? Int == 2, "each sentence carries its own page")
        let plainSentences = sentences.filter { ($0["path"] as? String)?.hasSuffix(".txt") == true }
        #expect(plainSentences.allSatisfy { $0.keys.contains("page") && $0["page"] is NSNull })

        let text = try RuminateProcess.run(["ask", question, "--index", index, "--no-vectors"], in: root)
        #expect(text.status == 0)
        #expect(text.stdout.contains("(p. 2, chars "), "\(text.stdout)")
        #expect(text.stdout.contains("Terminal moraines mark"))
        #expect(text.stdout.contains("[\(moraineSource), p. 2]"), "\(text.stdout)")
    }

    @Test func researchCitesPagesInEveryFormat() throws {
        let (root, index, indexed) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let topic = "glacier moraines"
        let json = try RuminateProcess.run(
            ["research", topic, "--index", index, "--no-vectors", "-o", "report.json"], in: root)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: root.appendingPathComponent("report.json"))) as? [String: Any])
        let sections = try #require(report["sections"] as? [[String: Any]])
        let quoted =
            ((report["summary"] as? [[String: Any]]) ?? [])
            + sections.flatMap { $0["sentences"] as? [[String: Any]] ?? [] }
        let fromPDF = quoted.filter { ($0["path"] as? String)?.hasSuffix("field-notes.pdf") == true }
        try #require(!fromPDF.isEmpty, "the report quotes the PDF")
        #expect(fromPDF.allSatisfy { ($0["page"] as? Int).map { (1...3).contains($0) } == true })
        let verified = try RuminateProcess.run(["verify", "report.json", "--index", index], in: root)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        let markdown = try RuminateProcess.run(["research", topic, "--index", index, "--no-vectors"], in: root)
        #expect(markdown.status == 0)
        let first = fromPDF[0]
        #expect(
            markdown.stdout.contains("[\(first["citation"] as? Int ?? 0), p. \(first["page"] as? Int ?? 0)]"),
            "\(markdown.stdout)")
        let html = try RuminateProcess.run(
            ["research", topic, "--index", index, "--no-vectors", "-o", "report.html"], in: root)
        #expect(html.status == 0)
        let page = try String(contentsOf: root.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(
            page.contains("<summary>[\(first["citation"] as? Int ?? 0), p. \(first["page"] as? Int ?? 0)]</summary>"))
    }
}

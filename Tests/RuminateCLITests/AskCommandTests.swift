import Foundation
import Testing

@Suite(.serialized) struct AskCommandTests {
    func indexedCorpus() throws -> (root: URL, index: String) {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(["index", "corpus", "--index", index], in: root)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        return (root, index)
    }

    @Test func askJSONQuotesSliceExactlyFromShowJSON() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try RuminateProcess.run(
            ["ask", "how do readers and writers share the WAL", "--index", index, "--json"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let answer = try RuminateProcess.json(outcome)
        #expect(answer["abstained"] as? Bool == false)
        #expect(answer["verified"] as? Bool == true)
        let sentences = try #require(answer["sentences"] as? [[String: Any]])
        let sources = try #require(answer["sources"] as? [[String: Any]])
        #expect(!sentences.isEmpty)
        var sawEmojiBefore = false
        for sentence in sentences {
            let document = try #require(sentence["document"] as? String)
            let shown = try RuminateProcess.json(
                try RuminateProcess.run(["show", document, "--index", index, "--json"], in: root))
            let scalars = Array(try #require(shown["text"] as? String).unicodeScalars)
            let start = try #require(sentence["start"] as? Int), end = try #require(sentence["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == sentence["text"] as? String)
            if String(String.UnicodeScalarView(scalars[..<start])).contains("🚀") { sawEmojiBefore = true }
            let citation = try #require(sentence["citation"] as? Int)
            #expect(sources.contains { ($0["number"] as? Int) == citation && ($0["document"] as? String) == document })
        }
        #expect(sawEmojiBefore, "the fixture puts an emoji before the WAL sentences")
    }

    @Test func textAnswerCitesAndAbstainsWithClosestPassages() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let answered = try RuminateProcess.run(
            ["ask", "rollback journal crash original pages", "--index", index, "-n", "2"], in: root)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.contains("[1]"))
        #expect(answered.stdout.contains("Sources"))
        #expect(answered.stdout.contains("Rollback journal"))
        let abstained = try RuminateProcess.run(
            ["ask", "who won the 1998 football world cup", "--index", index], in: root)
        #expect(abstained.status == 0, "\(abstained.stderr)")
        #expect(abstained.stdout.contains("does not appear to answer"))
        let json = try RuminateProcess.json(
            try RuminateProcess.run(
                ["ask", "who won the 1998 football world cup", "--index", index, "--json"], in: root))
        #expect(json["abstained"] as? Bool == true)
        #expect((json["sentences"] as? [Any])?.isEmpty == true)
        #expect(json["closest"] is [Any])
    }

    @Test func verifyPassesASavedAnswerAndFailsATamperedOne() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try RuminateProcess.run(
            ["ask", "how do readers and writers share the WAL", "--index", index, "--json"], in: root)
        let saved = root.appendingPathComponent("answer.json")
        try Data(outcome.stdout.utf8).write(to: saved)
        // No --index: the answer names the index it came from.
        let good = try RuminateProcess.run(["verify", saved.path], in: root)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("ok "))
        #expect(good.stdout.contains("quotes match"))

        var object = try RuminateProcess.json(outcome)
        var sentences = try #require(object["sentences"] as? [[String: Any]])
        sentences[0]["start"] = (sentences[0]["start"] as! Int) + 1
        object["sentences"] = sentences
        let tampered = root.appendingPathComponent("tampered.json")
        try JSONSerialization.data(withJSONObject: object).write(to: tampered)
        let bad = try RuminateProcess.run(["verify", tampered.path, "--index", index], in: root)
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("MISMATCH"))
        let badJSON = try RuminateProcess.json(try RuminateProcess.run(["verify", tampered.path, "--json"], in: root))
        #expect(badJSON["ok"] as? Bool == false)

        let missing = try RuminateProcess.run(["verify", root.appendingPathComponent("nope.json").path], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error:"))
    }

    @Test func askRefusesAnEmptyQuestionAndAMissingIndex() throws {
        let (root, index) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try RuminateProcess.run(["ask", "  ", "--index", index], in: root).status != 0)
        let missing = try RuminateProcess.run(
            ["ask", "wal", "--index", root.appendingPathComponent("none.sqlite").path], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("hint:"))
    }
}

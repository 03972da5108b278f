import Foundation
import Testing

/// `ruminate ask` puts the clause that states the asked number or command first, with exact offsets.
@Suite struct DirectAnswerCommandTests {
    @Test func aQuantityQuestionGetsTheClauseWithTheNumberFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-direct-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try """
        # Column limits

        Tables have a column limit. The default setting for SQLITE_MAX_COLUMN is 2000, and it can be raised \
        to 32767 at compile time. Most applications use far fewer columns.

        It is unusual to need more than a few dozen columns in a table.
        """.write(to: docs.appendingPathComponent("limits.md"), atomically: true, encoding: .utf8)
        let index = root.appendingPathComponent("d.sqlite").path
        #expect(try RuminateProcess.run(["index", docs.path, "--index", index, "--no-vectors"], in: root).status == 0)

        let outcome = try RuminateProcess.run(
            ["ask", "What is the default setting for SQLITE_MAX_COLUMN?", "--index", index, "--json"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let answer = try RuminateProcess.json(outcome)
        let direct = try #require(answer["direct_answer"] as? [String: Any])
        #expect(direct["text"] as? String == "The default setting for SQLITE_MAX_COLUMN is 2000")
        let start = try #require(direct["start"] as? Int), end = try #require(direct["end"] as? Int)
        let shown = try RuminateProcess.json(
            try RuminateProcess.run(
                ["show", try #require(direct["document"] as? String), "--index", index, "--json"], in: root))
        let text = Array(try #require(shown["text"] as? String).unicodeScalars)
        #expect(String(String.UnicodeScalarView(text[start..<end])) == direct["text"] as? String)
        #expect(direct["citation"] as? Int == 1)

        let saved = root.appendingPathComponent("answer.json")
        try Data(outcome.stdout.utf8).write(to: saved)
        let verify = try RuminateProcess.run(["verify", saved.path], in: root)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("direct_answer"))

        let text2 = try RuminateProcess.run(
            ["ask", "What is the default setting for SQLITE_MAX_COLUMN?", "--index", index], in: root)
        #expect(text2.stdout.hasPrefix("Answer: The default setting for SQLITE_MAX_COLUMN is 2000 [1]\n"))

        let why = try RuminateProcess.json(
            try RuminateProcess.run(
                ["ask", "Why do tables have a column limit?", "--index", index, "--json"], in: root))
        #expect(why["direct_answer"] is NSNull)
    }
}

import Foundation
import RuminateTestSupport
import Testing

/// A collection in two languages, as the bundled corpus is (English SQLite pages, Chinese manual pages), with the
/// real model: a Chinese query ranks lexically and says why, and each question is answered only from pages in
/// its own language: the same question asked in the other language abstains.
@Suite(.serialized) struct CrossLanguageTests {
    static let chinesePages = ["wc.1.gz", "grep.1.gz", "cp.1.gz", "tar.1.gz", "ln.1.gz"]
    static let englishPages = ["wal.html", "limits.html"]

    /// The fixture folder and its index, embedded with the real model; nil (with the reason) without the model.
    static func indexedCollection() throws -> (root: URL, index: String) {
        try #require(
            FileManager.default.fileExists(atPath: HybridSearchTests.modelFolder + "/model.safetensors"),
            "run scripts/fetch-model (scripts/test does)")
        let corpora = RuminateProcess.repository.appendingPathComponent("corpora")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-xl-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for page in chinesePages {
            try FileManager.default.copyItem(
                at: corpora.appendingPathComponent("zh-manpages/roff/\(page)"), to: corpus.appendingPathComponent(page))
        }
        for page in englishPages {
            try FileManager.default.copyItem(
                at: corpora.appendingPathComponent("sqlite-docs/\(page)"), to: corpus.appendingPathComponent(page))
        }
        let index = root.appendingPathComponent("x.sqlite").path
        let indexed = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--model", HybridSearchTests.modelFolder], in: root)
        try #require(indexed.status == 0, "\(indexed.stderr)")
        return (root, index)
    }

    static func ask(_ question: String, _ collection: (root: URL, index: String)) throws -> [String: Any] {
        try RuminateProcess.json(
            try RuminateProcess.run(
                ["ask", question, "--index", collection.index, "--model", HybridSearchTests.modelFolder, "--json"],
                in: collection.root))
    }

    static func citedFiles(_ answer: [String: Any]) -> Set<String> {
        Set(
            ((answer["sentences"] as? [[String: Any]]) ?? []).compactMap {
                ($0["path"] as? String)?.split(separator: "/").last.map(String.init)
            })
    }

    @Test func aChineseQueryRunsTheLexicalLegOnlyAndExplainsWhy() throws {
        let collection = try Self.indexedCollection()
        defer { try? FileManager.default.removeItem(at: collection.root) }
        func search(_ query: String, _ extra: [String]) throws -> (json: [String: Any], stderr: String) {
            let outcome = try RuminateProcess.run(
                ["search", query, "--index", collection.index, "--model", HybridSearchTests.modelFolder, "--json"]
                    + extra, in: collection.root)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return (try RuminateProcess.json(outcome), outcome.stderr)
        }
        func paths(_ json: [String: Any]) -> [String] {
            ((json["hits"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
        }
        let query = "如何查看文件的行数?"
        let automatic = try search(query, ["--explain"])
        #expect(automatic.json["engine"] as? String == "bm25f")
        #expect(automatic.stderr.contains("lexical leg only: the query is written in Han"))
        #expect(paths(automatic.json).first?.hasSuffix("wc.1.gz") == true, "\(paths(automatic.json))")
        let explanation =
            ((automatic.json["hits"] as? [[String: Any]])?.first?["explanation"] as? [String: Any])?["description"]
            as? String
        #expect(explanation?.contains("[legs: lexical leg only") == true, "\(explanation ?? "")")
        // Asked for hybrid explicitly, it still ranks exactly as lexical search.
        #expect(
            paths(try search(query, ["--mode", "hybrid"]).json) == paths(try search(query, ["--mode", "lexical"]).json))
        // An English query fuses both legs, as before.
        let english = try search("maximum number of columns in a table", ["--explain"])
        #expect(english.json["engine"] as? String == "hybrid")
    }

    @Test func eachQuestionIsAnsweredInItsOwnLanguageOnly() throws {
        let collection = try Self.indexedCollection()
        defer { try? FileManager.default.removeItem(at: collection.root) }
        // Answered from the page in the question's language...
        let lines = try Self.ask("如何查看文件的行数?", collection)
        #expect(lines["abstained"] as? Bool == false)
        #expect(Self.citedFiles(lines).contains("wc.1.gz"), "\(Self.citedFiles(lines))")
        let columns = try Self.ask("What is the maximum number of columns in a table?", collection)
        #expect(columns["abstained"] as? Bool == false)
        #expect(Self.citedFiles(columns).contains("limits.html"))
        // ...and not in the other language, nor off topic.
        for question in [
            "数据库表最多可以有多少列?", "How do I count the lines of a file?", "如何做红烧肉?", "What is the capital of Australia?",
        ] {
            let answer = try Self.ask(question, collection)
            #expect(answer["abstained"] as? Bool == true, "\(question): \(Self.citedFiles(answer))")
        }
    }
}

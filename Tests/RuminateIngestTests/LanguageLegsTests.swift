import Foundation
import RuminateCore
import RuminateRetrieve
import Testing

@testable import RuminateIngest

/// `HashingEmbedder` declaring, like all-MiniLM-L6-v2's model card, that it was trained on English.
private struct EnglishHashingEmbedder: TextEmbedder {
    let inner = HashingEmbedder()
    var modelID: String { inner.modelID }
    var dimension: Int { inner.dimension }
    var languages: [String]? { ["en"] }
    func embed(_ texts: [String]) -> [[Float]] { inner.embed(texts) }
}

/// Hybrid search over a mixed English and Chinese index: the vector leg runs only for queries in a script
/// the model reads, so a Chinese query ranks exactly as lexical search ranks it.
@Suite struct LanguageLegsTests {
    func workspace() throws -> Workspace {
        let w = try Workspace()
        try w.write("wal.txt", "write ahead logging keeps readers and writers apart")
        try w.write("journal.txt", "the rollback journal undoes a crash")
        try w.write("wc.txt", "wc 输出文件中的行数、单词数、字节数。-l, --lines 输出换行符统计数")
        try w.write("cp.txt", "cp 复制文件和目录。-R, -r, --recursive 递归地复制文件")
        try w.write("ls.txt", "ls 列出目录内容。-a, --all 不要忽略以点号起始的条目")
        try w.run()
        _ = try VectorBackfill(
            index: w.index, embedder: EnglishHashingEmbedder(), progress: ProgressReporter(enabled: false)
        )
        .run()
        return w
    }

    @Test func aChineseQueryRanksAsLexicalSearchDoesAndSaysWhy() throws {
        let w = try workspace()
        let searcher = Searcher(index: w.index, embedder: EnglishHashingEmbedder())
        let query = "如何复制目录?"
        let lexical = try searcher.search(query, options: SearchOptions(mode: .lexical))
        for mode in [nil, SearchMode.hybrid] {
            let results = try searcher.search(query, options: SearchOptions(explain: true, mode: mode))
            #expect(results.engine == .bm25f)
            #expect(results.hits.map(\.passage.id) == lexical.hits.map(\.passage.id))
            #expect(results.hits.map(\.score) == lexical.hits.map(\.score))
            #expect(results.notes.contains { $0.hasPrefix("lexical leg only: the query is written in Han") })
            let explanation = try #require(results.hits.first?.explanation)
            #expect(explanation.description.contains("[legs: lexical leg only"))
        }
        let ranked = try searcher.rankPassages(query, limit: 10, mode: .hybrid).ranked
        #expect(ranked.map(\.passageID) == lexical.hits.map(\.passage.id))
    }

    @Test func anEnglishQueryStillFusesBothLegs() throws {
        let w = try workspace()
        let searcher = Searcher(index: w.index, embedder: EnglishHashingEmbedder())
        let results = try searcher.search("rollback journal crash", options: SearchOptions(explain: true))
        #expect(results.engine == .hybrid)
        #expect(results.notes.isEmpty)
        #expect(results.legs?.contains("written in Latin") == true)
        let explanation = try #require(results.hits.first?.explanation)
        #expect(explanation.rendered().contains("vector leg"))
        // The same as a searcher whose model declares nothing (reads every script): English is unchanged.
        let undeclared = try Searcher(index: w.index, embedder: HashingEmbedder()).search("rollback journal crash")
        #expect(undeclared.hits.map(\.passage.id) == results.hits.map(\.passage.id))
        #expect(undeclared.hits.map(\.score) == results.hits.map(\.score))
    }
}

import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText
import Testing

/// Scores each candidate by its base rank, so reranking reverses the order it is given.
private struct ReversingReranker: PassageReranker {
    func rerank(_ candidates: [RerankCandidate], query: RerankQuery, analyzer: TextAnalyzer, explain: Bool)
        -> [RerankScore]
    {
        candidates.map { RerankScore(score: Double($0.baseRank)) }
    }
}

@Suite struct PassageRetrieverTests {
    func retriever(_ index: SQLiteIndex, rerank: Bool?) -> SearcherPassageRetriever {
        let searcher = Searcher(index: index)
        searcher.reranking.reranker = ReversingReranker()
        return SearcherPassageRetriever(searcher: searcher, mode: .lexical, rerank: rerank)
    }

    /// Answers rerank their evidence only for questions in the Latin script, the one the reranker was fitted on.
    @Test func evidenceIsRerankedForLatinScriptQuestionsOnly() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let latin = "database readers writers WAL checkpoint"
        let plain = try retriever(fixture.index, rerank: false).retrieve(latin, limit: 10)
        let reranked = try retriever(fixture.index, rerank: true).retrieve(latin, limit: 10)
        #expect(plain.count >= 2)
        #expect(reranked.map(\.passage.id) == plain.map(\.passage.id).reversed())

        let han = "日本語のテキスト 中文"
        let hanPlain = try retriever(fixture.index, rerank: false).retrieve(han, limit: 10)
        #expect(!hanPlain.isEmpty)
        let hanAsked = try retriever(fixture.index, rerank: true).retrieve(han, limit: 10)
        #expect(hanAsked.map(\.passage.id) == hanPlain.map(\.passage.id))
        #expect(hanAsked.map(\.score) == hanPlain.map(\.score))
    }
}

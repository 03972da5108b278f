import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText

/// Where answers get their evidence: any ranking of passages, best first. The lexical ranker plugs in
/// below; dense or hybrid retrieval can plug in the same way without this module knowing embeddings.
public protocol PassageRetriever {
    /// The best `limit` passages for `query`, best first, with `rank` from 1 and a score where larger is better.
    func retrieve(_ query: String, limit: Int) throws -> [SearchHit]
}

/// BM25F over the index's lexicon (a `Searcher` without an embedder). Holds the searcher's scratch
/// buffers and caches: one per thread.
public final class LexicalPassageRetriever: PassageRetriever {
    public let searcher: Searcher

    public init(index: KnowledgeIndex, analyzer: TextAnalyzer = TextAnalyzer(), parameters: BM25Parameters = .default) {
        self.searcher = Searcher(index: index, analyzer: analyzer, parameters: parameters)
    }

    public func retrieve(_ query: String, limit: Int) throws -> [SearchHit] {
        try searcher.search(query, options: SearchOptions(limit: limit)).hits
    }
}

/// Any `Searcher` mode as an answer's evidence: hybrid when the searcher has an embedder and the index has
/// vectors (nil mode), or a fixed mode. One per thread, like the searcher.
public final class SearcherPassageRetriever: PassageRetriever {
    public let searcher: Searcher
    public let mode: SearchMode?

    public init(searcher: Searcher, mode: SearchMode? = nil) {
        self.searcher = searcher
        self.mode = mode
    }

    public func retrieve(_ query: String, limit: Int) throws -> [SearchHit] {
        try searcher.search(query, options: SearchOptions(limit: limit, mode: mode)).hits
    }
}

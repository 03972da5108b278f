import Foundation
import RuminateCore
import RuminateRetrieve
import RuminateText

/// Where answers get their evidence: any ranking of passages, best first (`SearcherPassageRetriever` for every
/// search mode, lexical included), without this module knowing embeddings.
public protocol PassageRetriever {
    /// The best `limit` passages for `query`, best first, with `rank` from 1 and a score where larger is better.
    func retrieve(_ query: String, limit: Int) throws -> [SearchHit]
    /// The embedder that reads queries in this retriever's mode (nil for lexical evidence): the reader uses it
    /// to compare the question's meaning with each candidate sentence's.
    var queryEmbedder: (any TextEmbedder)? { get }
    /// What the vector leg says about the evidence for `query` (`SemanticEvidence`); nil when it did not run.
    func semanticEvidence(for query: String, hits: [SearchHit]) throws -> SemanticEvidence?
}

extension PassageRetriever {
    public var queryEmbedder: (any TextEmbedder)? { nil }
}

/// Any `Searcher` mode as an answer's evidence: hybrid when the searcher has an embedder and the index has
/// vectors (nil mode), or a fixed mode. One per thread, like the searcher.
///
/// The composer weighs a passage by its score relative to the best one. Fused (RRF) and cosine scores are
/// nearly flat across the top passages, unlike BM25, so for those engines the score handed on is
/// `1 / rank^rankExponent`; 0.3 was chosen on SciFact train claims (`eval-answers --split train`).
public final class SearcherPassageRetriever: PassageRetriever {
    public let searcher: Searcher
    public let mode: SearchMode?
    public var rankExponent: Double
    /// Rerank the evidence (`RerankingRanker`) for a question in the Latin script, the only one the reranker was
    /// fitted on (Chinese answers lost 3 of 24 facts with it); nil: as the searcher's `reranking.byDefault` says.
    public var rerank: Bool?

    /// Whether answers rerank their evidence when nobody says: yes, it pays on the SQLite questions (dev fact rate
    /// 0.76 → 0.80, gold page cited 0.72 → 0.80) for about 5 ms; SciFact's hit rate moves 0.665 → 0.654 (ANSWERS.md).
    public static let rerankByDefault = true

    public init(searcher: Searcher, mode: SearchMode? = nil, rankExponent: Double = 0.3, rerank: Bool? = nil) {
        self.searcher = searcher
        self.mode = mode
        self.rankExponent = rankExponent
        self.rerank = rerank
    }

    public var queryEmbedder: (any TextEmbedder)? { mode == .lexical ? nil : searcher.embedder }

    public func retrieve(_ query: String, limit: Int) throws -> [SearchHit] {
        let reranked = rerank.map { $0 && ScriptProfile(query).dominant == .latin }
        let results = try searcher.search(query, options: SearchOptions(limit: limit, mode: mode, rerank: reranked))
        guard results.engine.hasFlatScores else { return results.hits }
        return results.hits.map { hit in
            var hit = hit
            hit.score = 1 / pow(Double(hit.rank), rankExponent)
            return hit
        }
    }
}

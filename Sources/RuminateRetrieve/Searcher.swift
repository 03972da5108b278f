import RuminateCore
import RuminateIndex
import RuminateText

/// How to run a search.
public struct SearchOptions: Sendable, Hashable {
    public var limit: Int
    public var explain: Bool
    /// Treat the query as an FTS5 expression (phrases, NEAR, column filters, boolean operators).
    public var fullTextSyntax: Bool
    public var highlighter: Highlighter

    public init(limit: Int = 10, explain: Bool = false, fullTextSyntax: Bool = false, highlighter: Highlighter = Highlighter()) {
        self.limit = limit
        self.explain = explain
        self.fullTextSyntax = fullTextSyntax
        self.highlighter = highlighter
    }
}

public struct SearchResults: Sendable {
    public var query: String
    public var plan: QueryPlan
    public var hits: [SearchHit]
    /// Which engine ranked: "bm25f" (lexicon) or "fts5" (advanced syntax or stopword-only fallback).
    public var engine: String
}

/// Lexical search over one index. Holds scratch buffers, so use one per thread.
public final class Searcher {
    public let index: KnowledgeIndex
    public let analyzer: TextAnalyzer
    public var parameters: BM25Parameters
    private let ranker = LexicalRanker()

    public init(index: KnowledgeIndex, analyzer: TextAnalyzer = TextAnalyzer(), parameters: BM25Parameters = .default) {
        self.index = index
        self.analyzer = analyzer
        self.parameters = parameters
    }

    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        let plan = QueryPlan(query: query, analyzer: analyzer)
        return try index.read { session in
            var engine = "bm25f"
            var ranked: [RankedPassage] = []
            var evidence: [TermEvidence] = []
            var statistics: LexiconStatistics?
            if options.fullTextSyntax {
                engine = "fts5"
                ranked = try session.fullTextMatch(query, weights: parameters.weights, limit: options.limit)
                    .map { RankedPassage(passageID: $0.passageID, score: $0.score) }
            } else if !plan.isEmpty {
                let result = try ranker.rank(plan, in: session, parameters: parameters, limit: options.limit, keepEvidence: options.explain)
                ranked = result.ranked
                evidence = result.evidence
                statistics = result.statistics
                if ranked.isEmpty, let pattern = plan.anyWordPattern {
                    // Only stopwords, or words the lexicon lacks: FTS5 still holds every token.
                    engine = "fts5"
                    ranked = try session.fullTextMatch(pattern, weights: parameters.weights, limit: options.limit)
                        .map { RankedPassage(passageID: $0.passageID, score: $0.score) }
                }
            }
            let hits = try materialise(ranked, session: session, plan: plan, options: options, engine: engine,
                                       evidence: evidence, statistics: statistics)
            return SearchResults(query: query, plan: plan, hits: hits, engine: engine)
        }
    }

    /// The fast path for evaluation and benchmarks: ranked passage ids only, nothing materialised.
    /// `scored` is how many passages matched at all (so a caller knows whether asking for more can help).
    public func rankPassages(_ query: String, limit: Int) throws -> (ranked: [RankedPassage], scored: Int) {
        let plan = QueryPlan(query: query, analyzer: analyzer)
        guard !plan.isEmpty else { return ([], 0) }
        return try index.read { session in
            let result = try ranker.rank(plan, in: session, parameters: parameters, limit: limit, keepEvidence: false)
            return (result.ranked, result.scoredCount)
        }
    }

    private func materialise(
        _ ranked: [RankedPassage], session: IndexReadSession, plan: QueryPlan, options: SearchOptions, engine: String,
        evidence: [TermEvidence], statistics: LexiconStatistics?
    ) throws -> [SearchHit] {
        let passages = try session.passages(ids: ranked.map(\.passageID))
        let documents = try session.documents(ids: Array(Set(passages.values.map(\.documentID))))
        let terms = Set(plan.terms.map(\.term))
        var hits: [SearchHit] = []
        for (rank, item) in ranked.enumerated() {
            guard let passage = passages[item.passageID], let document = documents[passage.documentID] else { continue }
            var explanation: ScoreExplanation?
            if options.explain {
                explanation = engine == "bm25f" && statistics != nil
                    ? ScoreExplainer(parameters: parameters, statistics: statistics!).explain(passageID: item.passageID, score: item.score, evidence: evidence)
                    : ScoreExplanation(value: item.score, description: "FTS5 bm25() with column weights title=\(parameters.weights.title) headings=\(parameters.weights.headings) body=\(parameters.weights.body), negated so larger is better")
            }
            hits.append(SearchHit(
                document: document, passage: passage, rank: rank + 1, score: item.score,
                snippet: options.highlighter.snippet(of: passage.text, terms: terms, analyzer: analyzer),
                explanation: explanation))
        }
        return hits
    }
}

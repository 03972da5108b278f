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
    /// nil: hybrid when possible, else lexical.
    public var mode: SearchMode?
    /// Rerank the top passages (`RerankingRanker`); nil: as the searcher's `reranking.byDefault` says.
    public var rerank: Bool?

    public init(
        limit: Int = 10, explain: Bool = false, fullTextSyntax: Bool = false, highlighter: Highlighter = Highlighter(),
        mode: SearchMode? = nil, rerank: Bool? = nil
    ) {
        self.mode = mode
        self.rerank = rerank
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
    /// Which engine ranked: BM25F over the lexicon, vector, hybrid, or FTS5 (advanced syntax or the
    /// stopword-only fallback).
    public var engine: Engine
    /// Why the search ran differently than asked (e.g. lexical only, the model being absent, or the query
    /// written in a script the model does not read).
    public var notes: [String] = []
    /// Which legs ran and why (`LegChoice`), when a model was in play; also appended to every explanation.
    public var legs: String?
}

/// Search over one index: lexical, vector or hybrid. Holds scratch buffers and caches of immutable index
/// segments, so keep one per thread and reuse it.
public final class Searcher {
    public let index: any IndexStore
    public let analyzer: TextAnalyzer
    public var fusion: FusionParameters
    /// Embeds queries for the vector and hybrid modes; nil means lexical only.
    public let embedder: (any TextEmbedder)?
    /// Which reranker, how deep, and whether searches that do not say are reranked.
    public var reranking = RerankSettings()
    /// When this searcher's work must stop (a server's request timeout, shutdown): every ranking it runs, the
    /// index's own statements included, ends with an `interrupted` error once it passes. nil: never.
    public var deadline: QueryDeadline?
    private let lexicalRanker: LexicalRanker
    private let vectorRanker: VectorRanker
    /// The last query embedded and its vector: an answer ranks the same question more than once (its evidence,
    /// then each leg's top for the abstention decision), and embedding is most of a search's cost.
    private var lastEmbedding: (query: String, vector: [Float])?

    public var parameters: BM25Parameters {
        get { lexicalRanker.parameters }
        set { lexicalRanker.parameters = newValue }
    }

    public init(
        index: any IndexStore, analyzer: TextAnalyzer = TextAnalyzer(), parameters: BM25Parameters = .default,
        embedder: (any TextEmbedder)? = nil, fusion: FusionParameters = FusionParameters()
    ) {
        self.index = index
        self.analyzer = analyzer
        self.lexicalRanker = LexicalRanker(parameters: parameters)
        self.embedder = embedder
        self.fusion = fusion
        self.vectorRanker = VectorRanker(
            cacheFolder: index.files.vectorCache, writesCache: index.capabilities.contains(.writing))
    }

    /// The mode a search will use: `requested`, or hybrid when the index has vectors made by this
    /// searcher's model, else lexical (with the reason in `note`). An explicit vector or hybrid request
    /// that cannot be served is an error that says what to do.
    public func resolveMode(_ requested: SearchMode?) throws -> (mode: SearchMode, note: String?) {
        if requested == .lexical { return (.lexical, nil) }
        let record = try index.read { try $0.embeddingRecord() }
        let vectors = try index.read { try $0.vectorCount() }
        var problem: String?
        if embedder == nil {
            problem = "no embedding model is available (run scripts/fetch-model, or pass --model DIR)"
        } else if record == nil || vectors == 0 {
            problem = "the index has no passage vectors yet (run `ruminate index` with the model present)"
        } else if record!.model != embedder!.modelID {
            problem =
                "the index's vectors were made by \(record!.model), not by \(embedder!.modelID) (re-run `ruminate index` to re-embed)"
        }
        if let problem {
            if let requested {
                throw RuminateError(
                    .invalidArgument, "cannot search in \(requested.rawValue) mode: \(problem)",
                    hint: "use --mode lexical, or fix the above")
            }
            return (.lexical, "lexical only: \(problem)")
        }
        return (requested ?? .hybrid, nil)
    }

    /// The ranker behind each mode: the one dispatch that `search` and `rankPassages` share.
    public func ranker(for mode: SearchMode) -> any PassageRanker {
        ranker(for: mode, rerank: false)
    }

    /// The ranker behind each mode, reranked by `reranking` when `rerank` is set.
    public func ranker(for mode: SearchMode, rerank: Bool) -> any PassageRanker {
        if rerank {
            var ranker = RerankingRanker(
                mode: mode, lexical: lexicalRanker, vector: vectorRanker, fusion: fusion, settings: reranking,
                analyzer: analyzer)
            ranker.cache = lexicalRanker.cache
            return ranker
        }
        return switch mode {
        case .lexical: lexicalRanker
        case .vector: vectorRanker
        case .hybrid: FusedRanker(lexical: lexicalRanker, vector: vectorRanker, parameters: fusion)
        }
    }

    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        let fullText = index.capabilities.contains(.fullTextSyntax)
        if options.fullTextSyntax {
            guard fullText else { throw IndexCapabilities.missing(.fullTextSyntax) }
            try QueryLimits.check(query, fullTextSyntax: true, analyzer: analyzer)
            return try search(
                query, options: options, ranker: FullTextRanker(.querySyntax, weights: parameters.weights))
        }
        let (resolved, note) = try resolveMode(options.mode)
        let legs = LegChoice.choose(query: query, resolved: resolved, embedder: embedder)
        // A query the lexicon cannot rank (stopwords only, or words it lacks): full text still holds every token.
        let fallback = legs.mode == .lexical && fullText ? FullTextRanker(.anyWord, weights: parameters.weights) : nil
        let rerank = options.rerank ?? reranking.byDefault
        var results = try search(
            query, options: options, ranker: ranker(for: legs.mode, rerank: rerank), fallback: fallback,
            legs: legs.reason)
        if let note { results.notes.append(note) }
        if !legs.modelReadsQuery, let reason = legs.reason { results.notes.append(reason) }
        results.legs = legs.reason
        return results
    }

    /// A search ranked by `ranker` (any `PassageRanker`), its hits materialised with snippets and, when asked,
    /// explanations.
    public func search(_ query: String, options: SearchOptions = SearchOptions(), ranker: any PassageRanker) throws
        -> SearchResults
    {
        try search(query, options: options, ranker: ranker, fallback: nil, legs: nil)
    }

    private func search(
        _ query: String, options: SearchOptions, ranker: any PassageRanker, fallback: FullTextRanker?, legs: String?
    ) throws -> SearchResults {
        let request = try self.request(query, limit: options.limit, explain: options.explain, for: ranker)
        return try index.read(until: deadline) { session in
            var ranking = try ranker.rank(request, in: session)
            if let fallback, ranking.passages.isEmpty, !request.plan.isEmpty {
                ranking = try fallback.rank(request, in: session)
            }
            let hits = try materialise(ranking, session: session, plan: request.plan, options: options, legs: legs)
            return SearchResults(query: query, plan: request.plan, hits: hits, engine: ranking.engine)
        }
    }

    private func request(_ query: String, limit: Int, explain: Bool, for ranker: any PassageRanker) throws
        -> RankingRequest
    {
        try deadline?.check()
        let plan = QueryPlan(query: query, analyzer: analyzer)
        var embedding: QueryEmbedding?
        if ranker.needsQueryEmbedding, let embedder {
            if let last = lastEmbedding, last.query == query {
                embedding = QueryEmbedding(vector: last.vector, model: embedder.modelID)
            } else if let vector = embedder.embed([query]).first {
                lastEmbedding = (query, vector)
                embedding = QueryEmbedding(vector: vector, model: embedder.modelID)
            }
        }
        try deadline?.check()  // embedding cannot be interrupted: looked at again once it is done
        return RankingRequest(
            query: query, plan: plan, embedding: embedding, limit: limit, explain: explain, deadline: deadline)
    }

    /// Whether vector search returns exactly the brute-force float32 top `k` for `query` (evaluation only).
    public func vectorSearchIsExact(_ query: String, k: Int = 10) throws -> Bool {
        guard let vector = embedder?.embed([query]).first else { return true }
        return try index.read { session in try vectorRanker.isExact(vector, in: session, k: k) }
    }

    /// The fast path for evaluation and benchmarks: ranked passage ids only, nothing materialised.
    /// `scored` is how many passages could be ranked at all (so a caller knows whether asking for more helps).
    /// A hybrid or vector `mode` runs the legs `LegChoice` picks for the query, as `search` does.
    public func rankPassages(_ query: String, limit: Int, mode: SearchMode = .lexical, rerank: Bool = false) throws -> (
        ranked: [RankedPassage], scored: Int
    ) {
        let ranker = ranker(
            for: LegChoice.choose(query: query, resolved: mode, embedder: embedder).mode, rerank: rerank)
        let request = try request(query, limit: limit, explain: false, for: ranker)
        let ranking = try index.read(until: deadline) { session in try ranker.rank(request, in: session) }
        return (ranking.passages, ranking.scoredCount)
    }

    /// The reranker's feature rows for `query`'s top `reranking.depth` passages in `mode` (its training data).
    public func rerankFeatureRows(_ query: String, mode: SearchMode) throws -> [RerankFeatureRow] {
        let legs = LegChoice.choose(query: query, resolved: mode, embedder: embedder).mode
        guard let ranker = ranker(for: legs, rerank: true) as? RerankingRanker else { return [] }
        let request = try request(query, limit: reranking.depth, explain: false, for: ranker)
        return try index.read(until: deadline) { session in try ranker.featureRows(request, in: session) }
    }

    private func materialise(
        _ ranking: Ranking, session: any IndexReading, plan: QueryPlan, options: SearchOptions, legs: String?
    ) throws -> [SearchHit] {
        let ranked = ranking.passages
        let passages = try session.passages(ids: ranked.map(\.passageID))
        let documents = try session.documents(ids: Array(Set(passages.values.map(\.documentID))))
        let terms = Set(plan.terms.map(\.term))
        var hits: [SearchHit] = []
        for (rank, item) in ranked.enumerated() {
            try deadline?.check()
            guard let passage = passages[item.passageID], let document = documents[passage.documentID] else { continue }
            var explanation = options.explain ? ranking.explanation?(item) : nil
            if let legs { explanation?.description += " [legs: \(legs)]" }
            let segments = options.highlighter.segments(of: passage.text, terms: terms, analyzer: analyzer)
            hits.append(
                SearchHit(
                    document: document, passage: passage, rank: rank + 1, score: item.score,
                    snippet: options.highlighter.render(segments), snippetSegments: segments, explanation: explanation))
        }
        return hits
    }
}

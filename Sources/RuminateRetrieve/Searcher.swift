import RuminateCore
import RuminateIndex
import RuminateText

/// Which ranking a search uses.
public enum SearchMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// BM25F over the lexicon.
    case lexical
    /// Cosine similarity of sentence embeddings.
    case vector
    /// Reciprocal-rank fusion of both (the default when the index has vectors and the model is present).
    case hybrid
}

/// How to run a search.
public struct SearchOptions: Sendable, Hashable {
    public var limit: Int
    public var explain: Bool
    /// Treat the query as an FTS5 expression (phrases, NEAR, column filters, boolean operators).
    public var fullTextSyntax: Bool
    public var highlighter: Highlighter
    /// nil: hybrid when possible, else lexical.
    public var mode: SearchMode?

    public init(
        limit: Int = 10, explain: Bool = false, fullTextSyntax: Bool = false, highlighter: Highlighter = Highlighter(),
        mode: SearchMode? = nil
    ) {
        self.mode = mode
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
    /// Which engine ranked: "bm25f" (lexicon), "vector", "hybrid", or "fts5" (advanced syntax or the
    /// stopword-only fallback).
    public var engine: String
    /// Why the search ran differently than asked (e.g. lexical only, the model being absent).
    public var notes: [String] = []
}

/// Search over one index: lexical, vector or hybrid. Holds scratch buffers and caches of immutable index
/// segments, so keep one per thread and reuse it.
public final class Searcher {
    public let index: KnowledgeIndex
    public let analyzer: TextAnalyzer
    public var parameters: BM25Parameters
    public var fusion: FusionParameters
    /// Embeds queries for the vector and hybrid modes; nil means lexical only.
    public let embedder: (any TextEmbedder)?
    private let ranker = LexicalRanker()
    private let vectorRanker: VectorRanker

    public init(
        index: KnowledgeIndex, analyzer: TextAnalyzer = TextAnalyzer(), parameters: BM25Parameters = .default,
        embedder: (any TextEmbedder)? = nil, fusion: FusionParameters = FusionParameters()
    ) {
        self.index = index
        self.analyzer = analyzer
        self.parameters = parameters
        self.embedder = embedder
        self.fusion = fusion
        self.vectorRanker = VectorRanker(indexPath: index.path)
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
            problem = "the index's vectors were made by \(record!.model), not by \(embedder!.modelID) (re-run `ruminate index` to re-embed)"
        }
        if let problem {
            if let requested {
                throw RuminateError(.invalidArgument, "cannot search in \(requested.rawValue) mode: \(problem)", hint: "use --mode lexical, or fix the above")
            }
            return (.lexical, "lexical only: \(problem)")
        }
        return (requested ?? .hybrid, nil)
    }

    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        let plan = QueryPlan(query: query, analyzer: analyzer)
        let (mode, note) = options.fullTextSyntax ? (SearchMode.lexical, nil) : try resolveMode(options.mode)
        let queryVector = mode == .lexical ? nil : embedder?.embed([query]).first
        return try index.read { session in
            var engine = "bm25f"
            var ranked: [RankedPassage] = []
            var evidence: [TermEvidence] = []
            var statistics: LexiconStatistics?
            var fused: [Int64: RankFusion.Fused] = [:]
            if let queryVector, mode != .lexical {
                let depth = mode == .hybrid ? max(options.limit, fusion.depth) : options.limit
                let vectorRanked = try vectorRanker.rank(queryVector, in: session, limit: depth)
                if mode == .vector {
                    engine = "vector"
                    ranked = vectorRanked
                } else {
                    engine = "hybrid"
                    let lexical = plan.isEmpty ? nil : try ranker.rank(plan, in: session, parameters: parameters, limit: depth, keepEvidence: options.explain)
                    evidence = lexical?.evidence ?? []
                    statistics = lexical?.statistics
                    let items = RankFusion.reciprocalRank(lexical: lexical?.ranked ?? [], vector: vectorRanked, parameters: fusion)
                    for item in items.prefix(options.limit) { fused[item.passageID] = item }
                    ranked = items.prefix(options.limit).map { RankedPassage(passageID: $0.passageID, score: $0.score) }
                }
            } else if options.fullTextSyntax {
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
            var hits = try materialise(ranked, session: session, plan: plan, options: options, engine: engine,
                                       evidence: evidence, statistics: statistics)
            if options.explain {
                for i in hits.indices {
                    if let item = fused[hits[i].passage.id] {
                        let lexical = statistics.flatMap { item.lexicalRank == nil ? nil : ScoreExplainer(parameters: parameters, statistics: $0).explain(passageID: item.passageID, score: item.lexicalScore ?? 0, evidence: evidence) }
                        hits[i].explanation = RankFusion.explain(item, parameters: fusion, lexical: lexical)
                    } else if engine == "vector" {
                        hits[i].explanation = ScoreExplanation(value: hits[i].score, description: "cosine similarity of the query's and the passage's embeddings (\(embedder?.modelID ?? "model"))")
                    }
                }
            }
            var results = SearchResults(query: query, plan: plan, hits: hits, engine: engine)
            if let note { results.notes.append(note) }
            return results
        }
    }

    /// Whether vector search returns exactly the brute-force float32 top `k` for `query` (evaluation only).
    public func vectorSearchIsExact(_ query: String, k: Int = 10) throws -> Bool {
        guard let vector = embedder?.embed([query]).first else { return true }
        return try index.read { session in try vectorRanker.isExact(vector, in: session, k: k) }
    }

    /// The fast path for evaluation and benchmarks: ranked passage ids only, nothing materialised.
    /// `scored` is how many passages could be ranked at all (so a caller knows whether asking for more helps).
    public func rankPassages(_ query: String, limit: Int, mode: SearchMode = .lexical) throws -> (ranked: [RankedPassage], scored: Int) {
        let plan = QueryPlan(query: query, analyzer: analyzer)
        let queryVector = mode == .lexical ? nil : embedder?.embed([query]).first
        return try index.read { session in
            switch mode {
            case .lexical:
                guard !plan.isEmpty else { return ([], 0) }
                let result = try ranker.rank(plan, in: session, parameters: parameters, limit: limit, keepEvidence: false)
                return (result.ranked, result.scoredCount)
            case .vector:
                guard let queryVector else { return ([], 0) }
                let ranked = try vectorRanker.rank(queryVector, in: session, limit: limit)
                return (ranked, ranked.count < limit ? ranked.count : Int.max)
            case .hybrid:
                guard let queryVector else { return ([], 0) }
                let depth = max(limit, fusion.depth)
                let vector = try vectorRanker.rank(queryVector, in: session, limit: depth)
                let lexical = plan.isEmpty ? [] : try ranker.rank(plan, in: session, parameters: parameters, limit: depth, keepEvidence: false).ranked
                let fused = RankFusion.reciprocalRank(lexical: lexical, vector: vector, parameters: fusion)
                return (fused.prefix(limit).map { RankedPassage(passageID: $0.passageID, score: $0.score) }, fused.count)
            }
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
            let segments = options.highlighter.segments(of: passage.text, terms: terms, analyzer: analyzer)
            hits.append(SearchHit(
                document: document, passage: passage, rank: rank + 1, score: item.score,
                snippet: options.highlighter.render(segments), snippetSegments: segments, explanation: explanation))
        }
        return hits
    }
}

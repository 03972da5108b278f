import RuminateCore
import RuminateIndex

/// A query's embedding and the model that made it.
public struct QueryEmbedding: Sendable, Hashable {
    public var vector: [Float]
    public var model: String

    public init(vector: [Float], model: String) {
        self.vector = vector
        self.model = model
    }
}

/// What a ranker is asked: the query as typed and as analysed, its embedding when a model is in play, how
/// many passages to return, whether to keep what `--explain` needs, and when to give up (a ranker checks
/// `deadline` in its loops and throws its `interrupted` error).
public struct RankingRequest: Sendable {
    public var query: String
    public var plan: QueryPlan
    public var embedding: QueryEmbedding?
    public var limit: Int
    public var explain: Bool
    public var deadline: QueryDeadline?

    public init(
        query: String, plan: QueryPlan, embedding: QueryEmbedding? = nil, limit: Int, explain: Bool = false,
        deadline: QueryDeadline? = nil
    ) {
        self.query = query
        self.plan = plan
        self.embedding = embedding
        self.limit = limit
        self.explain = explain
        self.deadline = deadline
    }
}

/// A ranker's answer: passages best first, the engine that ranked them, how many passages could be ranked at
/// all (so a caller knows whether asking for more helps) and, when asked, how each score came about.
public struct Ranking {
    public var engine: Engine
    public var passages: [RankedPassage]
    public var scoredCount: Int
    /// Rebuilds the score of a passage this ranking holds; nil unless the request asked for explanations.
    public var explanation: ((RankedPassage) -> ScoreExplanation?)?

    public init(
        engine: Engine, passages: [RankedPassage] = [], scoredCount: Int = 0,
        explanation: ((RankedPassage) -> ScoreExplanation?)? = nil
    ) {
        self.engine = engine
        self.passages = passages
        self.scoredCount = scoredCount
        self.explanation = explanation
    }
}

/// The seam a ranking mode plugs into: ranks passages of one consistent view of the index. Rankers may keep
/// caches of immutable segments and scratch buffers, so one belongs to one thread (as its `Searcher` does).
/// `Searcher.ranker(for:)` maps each `SearchMode` to one; `Searcher.search(_:options:ranker:)` runs any.
public protocol PassageRanker {
    /// Whether the ranker reads `RankingRequest.embedding` (the searcher embeds the query only then).
    var needsQueryEmbedding: Bool { get }
    func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking
}

extension PassageRanker {
    public var needsQueryEmbedding: Bool { false }
}

/// Reciprocal-rank fusion of a lexical and a vector ranking, each taken `parameters.depth` deep (at least
/// the limit), with every fused score explained leg by leg.
public struct FusedRanker: PassageRanker {
    public var lexical: any PassageRanker
    public var vector: any PassageRanker
    public var parameters: FusionParameters

    public init(lexical: any PassageRanker, vector: any PassageRanker, parameters: FusionParameters) {
        self.lexical = lexical
        self.vector = vector
        self.parameters = parameters
    }

    public var needsQueryEmbedding: Bool { true }

    public func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        guard request.embedding != nil else { return Ranking(engine: .hybrid) }
        var deep = request
        deep.limit = max(request.limit, parameters.depth)
        let vectorLeg = try vector.rank(deep, in: session)
        try request.deadline?.check()
        let lexicalLeg = try lexical.rank(deep, in: session)
        let fused = RankFusion.reciprocalRank(
            lexical: lexicalLeg.passages, vector: vectorLeg.passages, parameters: parameters)
        let kept = fused.prefix(request.limit)
        var ranking = Ranking(
            engine: .hybrid, passages: kept.map { RankedPassage(passageID: $0.passageID, score: $0.score) },
            scoredCount: fused.count)
        if request.explain {
            ranking.explanation = RankFusion.explanation(of: kept, parameters: parameters, lexicalLeg: lexicalLeg)
        }
        return ranking
    }
}

/// The store's full-text engine (FTS5): the user's expression in its advanced syntax (`--fts`), or a safe
/// pattern matching any word of the query, for queries the lexicon cannot rank (stopwords only).
public struct FullTextRanker: PassageRanker {
    public enum Expression: Sendable {
        /// The query as typed, in FTS5 syntax (phrases, NEAR, column filters, boolean operators).
        case querySyntax
        /// Each analysed word of the query quoted, joined with OR (`QueryPlan.anyWordPattern`).
        case anyWord
    }

    public var expression: Expression
    public var weights: FieldWeights

    public init(_ expression: Expression, weights: FieldWeights) {
        self.expression = expression
        self.weights = weights
    }

    public func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        let text = expression == .querySyntax ? request.query : request.plan.anyWordPattern
        guard let text else { return Ranking(engine: .fts5) }
        let passages = try session.fullTextMatch(text, weights: weights, limit: request.limit)
            .map { RankedPassage(passageID: $0.passageID, score: $0.score) }
        var ranking = Ranking(engine: .fts5, passages: passages, scoredCount: passages.count)
        if request.explain {
            let weights = weights
            ranking.explanation = { passage in
                ScoreExplanation(
                    value: passage.score,
                    description:
                        "FTS5 bm25() with column weights title=\(weights.title) headings=\(weights.headings) body=\(weights.body), negated so larger is better"
                )
            }
        }
        return ranking
    }
}

import Foundation
import RuminateCore
import RuminateText

/// The seam a reranker plugs into: given the top candidates of a ranking (best first) and the query, a score for
/// each (larger is better) and, when asked, how it was made. `RerankingRanker` runs any reranker over any mode's
/// top `depth` passages; `LearnedReranker` is the first implementation.
public protocol PassageReranker: Sendable {
    func rerank(_ candidates: [RerankCandidate], query: RerankQuery, analyzer: TextAnalyzer, explain: Bool)
        -> [RerankScore]
}

/// A reranker's verdict on one candidate.
public struct RerankScore: Sendable, Hashable {
    public var score: Double
    public var explanation: ScoreExplanation?

    public init(score: Double, explanation: ScoreExplanation? = nil) {
        self.score = score
        self.explanation = explanation
    }
}

/// The learned reranker: `RerankFeatures` weighed by a fitted `RerankModel` (one for rankings with a vector leg,
/// one without), scoring each candidate by its probability of relevance.
public struct LearnedReranker: PassageReranker {
    public var withVectors: RerankModel
    public var lexicalOnly: RerankModel

    public init(withVectors: RerankModel = .withVectors, lexicalOnly: RerankModel = .lexicalOnly) {
        self.withVectors = withVectors
        self.lexicalOnly = lexicalOnly
    }

    public func rerank(_ candidates: [RerankCandidate], query: RerankQuery, analyzer: TextAnalyzer, explain: Bool)
        -> [RerankScore]
    {
        let model = query.hasVectorLeg ? withVectors : lexicalOnly
        return RerankFeatures.vectors(candidates, query: query, analyzer: analyzer).map { features in
            let z = model.logit(features)
            return RerankScore(
                score: Logistic.probability(logit: z), explanation: explain ? model.explain(features) : nil)
        }
    }
}

/// When searches are reranked: by which reranker, how deep, and whether a search that does not say is.
public struct RerankSettings: Sendable {
    public var reranker: any PassageReranker
    /// How many of the base ranking's passages are reranked; those below keep their order after them.
    public var depth: Int
    /// Whether a search that does not ask (`SearchOptions.rerank` nil) is reranked.
    public var byDefault: Bool

    /// Default depth 50 and off by default: RERANK.md has the measurements that chose them.
    public init(reranker: any PassageReranker = LearnedReranker(), depth: Int = 50, byDefault: Bool = false) {
        self.reranker = reranker
        self.depth = depth
        self.byDefault = byDefault
    }
}

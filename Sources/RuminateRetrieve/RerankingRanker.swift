import RuminateCore
import RuminateIndex
import RuminateText

/// A mode's ranking with its top `settings.depth` passages reordered by a `PassageReranker`; the passages below
/// keep their order after them, with score 0 (not reranked). Runs the legs itself, so the reranker sees what each
/// leg said about each candidate: lexical always (it is cheap), vector in the vector and hybrid modes. The base
/// ranking is exactly what `Searcher.ranker(for:)` would return for the mode.
public struct RerankingRanker: PassageRanker {
    public var mode: SearchMode
    public var lexical: any PassageRanker
    public var vector: any PassageRanker
    public var fusion: FusionParameters
    public var settings: RerankSettings
    public var analyzer: TextAnalyzer
    /// Postings cache for the query terms' idf (the lexical ranker's, when the searcher builds this).
    var cache: LexiconCache?

    public init(
        mode: SearchMode, lexical: any PassageRanker, vector: any PassageRanker, fusion: FusionParameters,
        settings: RerankSettings, analyzer: TextAnalyzer = TextAnalyzer()
    ) {
        self.mode = mode
        self.lexical = lexical
        self.vector = vector
        self.fusion = fusion
        self.settings = settings
        self.analyzer = analyzer
    }

    public var needsQueryEmbedding: Bool { mode != .lexical }

    public var engine: Engine { mode == .lexical ? .bm25f : mode == .vector ? .vector : .hybrid }

    public func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        guard let prepared = try prepare(request, in: session) else { return Ranking(engine: engine) }
        try request.deadline?.check()
        let scores = settings.reranker.rerank(
            prepared.candidates, query: prepared.query, analyzer: analyzer, explain: request.explain)
        let order = prepared.candidates.indices.sorted {
            scores[$0].score != scores[$1].score ? scores[$0].score > scores[$1].score : $0 < $1
        }
        var passages = order.map {
            RankedPassage(passageID: prepared.candidates[$0].passage.id, score: scores[$0].score)
        }
        let tail = prepared.base.dropFirst(settings.depth).prefix(max(0, request.limit - passages.count))
        passages += tail.map { RankedPassage(passageID: $0.passageID, score: 0) }
        var ranking = Ranking(
            engine: engine, passages: Array(passages.prefix(request.limit)), scoredCount: prepared.scoredCount)
        if request.explain {
            var verdicts: [Int64: RerankScore] = [:]
            for (i, candidate) in prepared.candidates.enumerated() { verdicts[candidate.passage.id] = scores[i] }
            let base = Dictionary(
                prepared.base.enumerated().map { ($1.passageID, ($0 + 1, $1)) }, uniquingKeysWith: { a, _ in a })
            let baseExplanation = prepared.explanation, depth = settings.depth, mode = mode
            ranking.explanation = { passage in
                guard let (rank, item) = base[passage.passageID] else { return nil }
                var before = ScoreExplanation(
                    value: item.score,
                    description: "\(mode.rawValue) ranking, rank \(rank) (what was reranked; not a term of the score)")
                if let detail = baseExplanation?(item) { before.details = [detail] }
                guard let verdict = verdicts[passage.passageID] else {
                    return ScoreExplanation(
                        value: 0, description: "not reranked: below the top \(depth) of the \(mode.rawValue) ranking",
                        details: [before])
                }
                var explanation =
                    verdict.explanation ?? ScoreExplanation(value: verdict.score, description: "reranker score")
                explanation.description =
                    "reranked (top \(depth) of the \(mode.rawValue) ranking): " + explanation.description
                explanation.details.append(before)
                return explanation
            }
        }
        return ranking
    }

    /// The rows `scripts/fit-rerank` learns from: each candidate's passage, document and features, base order.
    public func featureRows(_ request: RankingRequest, in session: any IndexReading) throws -> [RerankFeatureRow] {
        guard let prepared = try prepare(request, in: session) else { return [] }
        let features = RerankFeatures.vectors(prepared.candidates, query: prepared.query, analyzer: analyzer)
        return prepared.candidates.indices.map {
            RerankFeatureRow(
                passageID: prepared.candidates[$0].passage.id, documentID: prepared.candidates[$0].passage.documentID,
                baseRank: prepared.candidates[$0].baseRank, features: features[$0])
        }
    }

    struct Prepared {
        var base: [RankedPassage]
        var scoredCount: Int
        var candidates: [RerankCandidate]
        var query: RerankQuery
        var explanation: ((RankedPassage) -> ScoreExplanation?)?
    }

    /// The legs, the base ranking, and its top `settings.depth` as candidates; nil when a vector leg is needed
    /// and the query has no embedding.
    func prepare(_ request: RankingRequest, in session: any IndexReading) throws -> Prepared? {
        if mode != .lexical, request.embedding == nil { return nil }
        var deep = request
        // Hybrid: the legs exactly as deep as `FusedRanker` takes them, so the base ranking is the same.
        deep.limit = mode == .hybrid ? max(request.limit, fusion.depth) : max(request.limit, settings.depth)
        let lexicalLeg = try lexical.rank(deep, in: session)
        try request.deadline?.check()
        let vectorLeg = mode == .lexical ? nil : try vector.rank(deep, in: session)
        let empty = RerankQuery(plan: request.plan, idf: [:], analyzer: analyzer, hasVectorLeg: false)
        var prepared = Prepared(base: [], scoredCount: 0, candidates: [], query: empty)
        switch mode {
        case .lexical:
            (prepared.base, prepared.scoredCount, prepared.explanation) =
                (lexicalLeg.passages, lexicalLeg.scoredCount, lexicalLeg.explanation)
        case .vector:
            (prepared.base, prepared.scoredCount, prepared.explanation) =
                (vectorLeg!.passages, vectorLeg!.scoredCount, vectorLeg!.explanation)
        case .hybrid:
            let fused = RankFusion.reciprocalRank(
                lexical: lexicalLeg.passages, vector: vectorLeg!.passages, parameters: fusion)
            prepared.base = fused.map { RankedPassage(passageID: $0.passageID, score: $0.score) }
            prepared.scoredCount = fused.count
            if request.explain {
                prepared.explanation = RankFusion.explanation(of: fused, parameters: fusion, lexicalLeg: lexicalLeg)
            }
        }
        let top = Array(prepared.base.prefix(settings.depth))
        // A passage missing from a leg's top scores at most that leg's last score (0 when the leg returned all).
        func floor(_ leg: Ranking?) -> Double {
            guard let leg, leg.passages.count >= deep.limit else { return 0 }
            return leg.passages.last?.score ?? 0
        }
        let idf = try DocumentFrequencies.inverseDocumentFrequencies(
            request.plan.terms.map(\.term), in: session, cache: cache)
        prepared.query = RerankQuery(
            plan: request.plan, idf: idf, analyzer: analyzer, hasVectorLeg: vectorLeg != nil,
            lexicalFloor: floor(lexicalLeg), vectorFloor: floor(vectorLeg))
        let lexicalRanks = ranks(lexicalLeg.passages), vectorRanks = ranks(vectorLeg?.passages ?? [])
        let passages = try session.passages(ids: top.map(\.passageID))
        let documents = try session.documents(ids: Array(Set(passages.values.map(\.documentID))))
        for (i, item) in top.enumerated() {
            guard let passage = passages[item.passageID] else { continue }
            let lexical = lexicalRanks[item.passageID], vector = vectorRanks[item.passageID]
            prepared.candidates.append(
                RerankCandidate(
                    passage: passage, title: documents[passage.documentID]?.title ?? "", baseRank: i + 1,
                    baseScore: item.score, lexicalRank: lexical?.rank, lexicalScore: lexical?.score,
                    vectorRank: vector?.rank, vectorScore: vector?.score))
        }
        return prepared
    }

    private func ranks(_ passages: [RankedPassage]) -> [Int64: (rank: Int, score: Double)] {
        var ranks: [Int64: (rank: Int, score: Double)] = [:]
        for (i, item) in passages.enumerated() where ranks[item.passageID] == nil {
            ranks[item.passageID] = (i + 1, item.score)
        }
        return ranks
    }
}

/// One candidate's features, for `ruminate eval … --rerank-features` (the reranker's training rows).
public struct RerankFeatureRow: Sendable, Hashable {
    public var passageID: Int64
    public var documentID: Int64
    public var baseRank: Int
    public var features: [Double]
}

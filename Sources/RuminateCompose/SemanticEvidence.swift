import RuminateCore
import RuminateRetrieve
import RuminateText

/// What the vector leg says about a question's evidence, when it ran: the meaning-level counterpart of lexical
/// coverage, which a question worded unlike its page ("a sequence of integers as rows" for `generate_series`)
/// lacks. Nil for lexical evidence and for a question the model does not read (`LegChoice`).
public struct SemanticEvidence: Sendable, Hashable, Codable {
    /// The cosine between the question's embedding and the first passage of the vector leg written in the
    /// question's script.
    public var bestCosine: Double
    /// How far `bestCosine` stands above the cosine of the vector leg's `gapRank`th passage: cosines differ
    /// by collection (short abstracts, long manual pages), and a question the collection answers has a passage
    /// that stands out from the background, where an off-topic one finds many passages about as (un)related.
    public var cosineGap: Double
    /// Whether the lexical leg's first passage is of the document of that passage.
    public var legsAgree: Bool

    public init(bestCosine: Double, cosineGap: Double, legsAgree: Bool) {
        self.bestCosine = bestCosine
        self.cosineGap = cosineGap
        self.legsAgree = legsAgree
    }

    /// The rank whose cosine `cosineGap` subtracts (the tenth: the usual depth of a result page).
    public static let gapRank = 10
}

extension PassageRetriever {
    public func semanticEvidence(for query: String, hits: [SearchHit]) throws -> SemanticEvidence? { nil }
}

extension SearcherPassageRetriever {
    /// The top passage of each leg (the vector leg's with its cosine), when this retriever's mode runs the
    /// vector leg for `query`. Costs the top of each leg (the searcher reuses the question's embedding).
    public func semanticEvidence(for query: String, hits: [SearchHit]) throws -> SemanticEvidence? {
        guard mode != .lexical, let embedder = searcher.embedder, !hits.isEmpty else { return nil }
        let resolved = try searcher.resolveMode(mode).mode
        let legs = LegChoice.choose(query: query, resolved: resolved, embedder: embedder)
        guard resolved != .lexical, legs.modelReadsQuery else { return nil }
        // Never reranked: the evidence is the vector leg's own cosines, not a reranker's probabilities.
        let vector = try searcher.search(
            query, options: SearchOptions(limit: SemanticEvidence.gapRank, mode: .vector, rerank: false)
        ).hits
        guard let background = vector.last else { return nil }
        // As for lexical evidence, only a passage in the question's script counts: a Chinese manual page whose
        // English option names draw an English question close is not evidence for it. None in the top: no
        // passage stands out from the background.
        let script = ScriptProfile(query).dominant
        guard let best = vector.first(where: { script == nil || ScriptProfile($0.passage.text).dominant == script })
        else { return SemanticEvidence(bestCosine: background.score, cosineGap: 0, legsAgree: false) }
        let lexicalTop = try searcher.rankPassages(query, limit: 1, mode: .lexical).ranked.first
        // The lexical leg's first passage missing from the fused top `hits` is one the vector leg ranks low.
        let documentOf = Dictionary(hits.map { ($0.passage.id, $0.document.id) }, uniquingKeysWith: { a, _ in a })
        let agree = lexicalTop.flatMap { documentOf[$0.passageID] } == best.document.id
        return SemanticEvidence(
            bestCosine: best.score, cosineGap: best.score - background.score, legsAgree: agree)
    }
}

import RuminateCore
import RuminateRetrieve

/// What the vector leg says about a question's evidence, when it ran: the meaning-level counterpart of lexical
/// coverage, which a question worded unlike its page ("a sequence of integers as rows" for `generate_series`)
/// lacks. Nil for lexical evidence and for a question the model does not read (`LegChoice`).
public struct SemanticEvidence: Sendable, Hashable, Codable {
    /// The cosine between the question's embedding and the passage the vector leg ranks first.
    public var bestCosine: Double
    /// How far `bestCosine` stands above the cosine of the vector leg's `gapRank`th passage: cosines differ
    /// by collection (short abstracts, long manual pages), and a question the collection answers has a passage
    /// that stands out from the background, where an off-topic one finds many passages about as (un)related.
    public var cosineGap: Double
    /// Whether the lexical and the vector leg rank a passage of the same document first.
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
    /// vector leg for `query`. Costs one more query embedding and the top of each leg.
    public func semanticEvidence(for query: String, hits: [SearchHit]) throws -> SemanticEvidence? {
        guard mode != .lexical, let embedder = searcher.embedder, !hits.isEmpty else { return nil }
        let resolved = try searcher.resolveMode(mode).mode
        guard resolved != .lexical, LegChoice.choose(query: query, resolved: resolved, embedder: embedder).modelReadsQuery
        else { return nil }
        let vector = try searcher.rankPassages(query, limit: SemanticEvidence.gapRank, mode: .vector).ranked
        guard let vectorTop = vector.first, let background = vector.last else { return nil }
        let lexicalTop = try searcher.rankPassages(query, limit: 1, mode: .lexical).ranked.first
        // A leg's first passage missing from the fused top `hits` is one the other leg ranks low: no agreement.
        let documentOf = Dictionary(hits.map { ($0.passage.id, $0.document.id) }, uniquingKeysWith: { a, _ in a })
        let vectorDocument = documentOf[vectorTop.passageID]
        let agree = vectorDocument != nil && lexicalTop.flatMap { documentOf[$0.passageID] } == vectorDocument
        return SemanticEvidence(
            bestCosine: vectorTop.score, cosineGap: vectorTop.score - background.score, legsAgree: agree)
    }
}

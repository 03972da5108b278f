import RuminateCore

/// Scores candidate sentences against a question: BM25 of the sentence's terms (idf from the index),
/// blended with the retrieval score of the passage it came from.
public struct SentenceScorer: Sendable {
    public var options: ComposeOptions

    public init(options: ComposeOptions) {
        self.options = options
    }

    public struct Scores: Sendable {
        /// The sentence's own BM25 match with the question (0 when it shares no term).
        public var match: [Double]
        /// The blended relevance used for selection, 0...1.
        public var relevance: [Double]

        public init(match: [Double], relevance: [Double]) {
            self.match = match
            self.relevance = relevance
        }
    }

    public func score(_ candidates: [CandidateSentence], question: AnalyzedQuestion, hits: [SearchHit]) -> Scores {
        guard !candidates.isEmpty else { return Scores(match: [], relevance: []) }
        let averageLength = max(1, Double(candidates.reduce(0) { $0 + $1.length }) / Double(candidates.count))
        let k1 = options.k1, b = options.b
        let match = candidates.map { candidate -> Double in
            let norm = k1 * (1 - b + b * Double(candidate.length) / averageLength)
            var total = 0.0
            for term in question.terms {
                guard let tf = candidate.termFrequencies[term.term] else { continue }
                total += term.weight * Double(tf) * (k1 + 1) / (Double(tf) + norm)
            }
            return total
        }
        let bestMatch = match.max() ?? 0
        let topScore = hits.first?.score ?? 0
        let alpha = options.sentenceWeight
        let relevance = candidates.indices.map { i -> Double in
            let own = bestMatch > 0 ? match[i] / bestMatch : 0
            let passage = Self.passagePrior(hits, at: candidates[i].hitIndex, topScore: topScore)
            return alpha * own + (1 - alpha) * passage
        }
        return Scores(match: match, relevance: relevance)
    }

    /// The passage's retrieval score relative to the best one; by rank when scores are not positive.
    static func passagePrior(_ hits: [SearchHit], at index: Int, topScore: Double) -> Double {
        guard hits.indices.contains(index) else { return 0 }
        if topScore > 0 { return max(0, hits[index].score / topScore) }
        return 1 / Double(1 + index)
    }
}

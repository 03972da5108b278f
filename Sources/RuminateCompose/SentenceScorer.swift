import RuminateCore

/// Scores candidate sentences against a question with the reader (`ReaderModel` over `ReaderFeatures`): BM25 of
/// the sentence's terms (idf from the index), the share of the question it covers, its passage's retrieval
/// score, its meaning's similarity to the question's when an embedder is loaded, and its shape against the
/// question's form.
public struct SentenceScorer: Sendable {
    public var options: ComposeOptions
    public var model: ReaderModel

    public init(options: ComposeOptions, model: ReaderModel = .lexicalOnly) {
        self.options = options
        self.model = model
    }

    public struct Scores: Sendable {
        /// The sentence's own BM25 match with the question (0 when it shares no term).
        public var match: [Double]
        /// The reader's probability that the sentence answers the question, used for selection, 0...1.
        public var relevance: [Double]
        /// The reader's features per candidate (`ReaderFeatures.names` order).
        public var features: [[Double]]
        /// Whether the candidate bears on the question at all: it shares a term with it, or stands in a section
        /// whose heading path covers at least `sectionCoverage` of it ("The default setting for
        /// SQLITE_MAX_COLUMN is 2000." under "Maximum Number Of Columns").
        public var onTopic: [Bool]

        public init(match: [Double], relevance: [Double], features: [[Double]] = [], onTopic: [Bool]? = nil) {
            self.match = match
            self.relevance = relevance
            self.features = features
            self.onTopic = onTopic ?? match.map { $0 > 0 }
        }
    }

    /// The share of the question a section's heading path must cover for its sentences to be candidates
    /// without sharing a term with the question themselves.
    public static let sectionCoverage = 0.5

    /// BM25 of each candidate's terms against the question's.
    public func match(_ candidates: [CandidateSentence], question: AnalyzedQuestion) -> [Double] {
        guard !candidates.isEmpty else { return [] }
        let averageLength = max(1, Double(candidates.reduce(0) { $0 + $1.length }) / Double(candidates.count))
        let k1 = options.k1, b = options.b
        return candidates.map { candidate -> Double in
            let norm = k1 * (1 - b + b * Double(candidate.length) / averageLength)
            var total = 0.0
            for term in question.terms {
                guard let tf = question.frequency(of: term.term, in: candidate.termFrequencies) else { continue }
                total += term.weight * Double(tf) * (k1 + 1) / (Double(tf) + norm)
            }
            return total
        }
    }

    public func score(
        _ candidates: [CandidateSentence], question: AnalyzedQuestion, hits: [SearchHit]
    ) -> Scores {
        guard !candidates.isEmpty else { return Scores(match: [], relevance: []) }
        let match = match(candidates, question: question)
        let topScore = hits.first?.score ?? 0
        let priors = hits.indices.map { Self.passagePrior(hits, at: $0, topScore: topScore) }
        let features = ReaderFeatures.vectors(
            candidates, question: question, form: QuestionForm.of(question.text), passagePriors: priors,
            match: match)
        let heading = ReaderFeatures.headingIndex
        return Scores(
            match: match, relevance: features.map(model.probability), features: features,
            onTopic: candidates.indices.map { match[$0] > 0 || features[$0][heading] >= Self.sectionCoverage })
    }

    /// The passage's retrieval score relative to the best one; by rank when scores are not positive.
    static func passagePrior(_ hits: [SearchHit], at index: Int, topScore: Double) -> Double {
        guard hits.indices.contains(index) else { return 0 }
        if topScore > 0 { return max(0, hits[index].score / topScore) }
        return 1 / Double(1 + index)
    }
}

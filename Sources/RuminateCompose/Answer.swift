import RuminateCore

/// A cited answer, in the shape `ruminate ask --json` prints (keys in snake_case). Every sentence is a
/// verbatim slice of a stored document: `text == documentText.slice(start..<end)` in Unicode scalars.
/// Sentences and sources are Core's citation model (`CitedSentence`, `CitedSource`), shared with reports.
public struct Answer: Sendable, Hashable, Codable {
    /// A passage shown instead of an answer when abstaining.
    public struct ClosestPassage: Sendable, Hashable, Codable {
        public var rank: Int
        public var document: String
        public var documentID: Int64
        public var title: String
        public var path: String
        public var passage: Int64
        public var headingPath: [String]
        public var start: Int
        public var end: Int
        public var score: Double
        /// The passage text, verbatim (`documentText.slice(start..<end)`).
        public var text: String

        enum CodingKeys: String, CodingKey {
            case rank, document, documentID = "document_id", title, path, passage, headingPath = "heading_path"
            case start, end, score, text
        }
    }

    /// Why the answer abstained or not: the rule that decided (`measure`: passage coverage, or the evidence
    /// model when the vector leg ran), its `value` and `threshold`, and every signal it read.
    public struct Evidence: Sendable, Hashable, Codable {
        public var measure: AbstentionPolicy.Measure
        public var value: Double
        public var threshold: Double
        public var passageCoverage: Double
        public var sentenceCoverage: Double
        /// The cosine of the question with the vector leg's first passage in the question's script; null when the
        /// vector leg did not run.
        @ExplicitNull public var bestCosine: Double?
        /// The best cosine minus the vector leg's tenth (`SemanticEvidence.cosineGap`); null as above.
        @ExplicitNull public var cosineGap: Double?
        /// Whether the lexical leg puts first a passage of that passage's document; null as above.
        @ExplicitNull public var legsAgree: Bool?

        public init(
            measure: AbstentionPolicy.Measure, value: Double, threshold: Double, passageCoverage: Double,
            sentenceCoverage: Double, bestCosine: Double? = nil, cosineGap: Double? = nil, legsAgree: Bool? = nil
        ) {
            self.measure = measure
            self.value = value
            self.threshold = threshold
            self.passageCoverage = passageCoverage
            self.sentenceCoverage = sentenceCoverage
            self.bestCosine = bestCosine
            self.cosineGap = cosineGap
            self.legsAgree = legsAgree
        }

        /// The evidence `policy` judged from `strength`.
        public init(policy: AbstentionPolicy, strength: EvidenceStrength) {
            let decision = policy.decision(strength)
            self.init(
                measure: decision.measure, value: decision.value, threshold: decision.threshold,
                passageCoverage: strength.passageCoverage, sentenceCoverage: strength.sentenceCoverage,
                bestCosine: strength.semantic?.bestCosine, cosineGap: strength.semantic?.cosineGap,
                legsAgree: strength.semantic?.legsAgree)
        }

        /// The strength these signals describe, for judging the same answer under another policy.
        public var strength: EvidenceStrength {
            EvidenceStrength(
                passageCoverage: passageCoverage, sentenceCoverage: sentenceCoverage,
                semantic: bestCosine.map {
                    SemanticEvidence(bestCosine: $0, cosineGap: cosineGap ?? 0, legsAgree: legsAgree ?? false)
                })
        }

        enum CodingKeys: String, CodingKey {
            case measure, value, threshold, passageCoverage = "passage_coverage", sentenceCoverage = "sentence_coverage"
            case bestCosine = "best_cosine", cosineGap = "cosine_gap", legsAgree = "legs_agree"
        }
    }

    public var question: String
    /// The index the offsets point into (absolute path), so `ruminate verify` can re-open it.
    public var index: String
    public var abstained: Bool
    /// True when every quoted sentence (and every closest passage) was re-read from the stored
    /// document text and matched.
    public var verified: Bool
    public var evidence: Evidence
    /// The one-line answer, when the best quote states the number or command asked for: a clause of that quote
    /// (`DirectAnswer`), with its own exact offsets and the quote's citation; null otherwise.
    @ExplicitNull public var directAnswer: CitedSentence?
    /// In answer order: grouped by source, in reading order within a source.
    public var sentences: [CitedSentence]
    public var sources: [CitedSource]
    /// When abstaining: the best passages found, so the reader can judge.
    public var closest: [ClosestPassage]?

    enum CodingKeys: String, CodingKey {
        case question, index, abstained, verified, evidence, directAnswer = "direct_answer", sentences, sources
        case closest
    }
}

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

    /// Why the answer abstained or not.
    public struct Evidence: Sendable, Hashable, Codable {
        public var measure: AbstentionPolicy.Measure
        public var value: Double
        public var threshold: Double
        public var passageCoverage: Double
        public var sentenceCoverage: Double

        enum CodingKeys: String, CodingKey {
            case measure, value, threshold, passageCoverage = "passage_coverage", sentenceCoverage = "sentence_coverage"
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

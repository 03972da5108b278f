import RuminateCore

/// A cited answer, in the shape `ruminate ask --json` prints (keys in snake_case). Every sentence is a
/// verbatim slice of a stored document: `text == documentText.slice(start..<end)` in Unicode scalars.
public struct Answer: Sendable, Hashable, Codable {
    public struct Sentence: Sendable, Hashable, Codable {
        public var text: String
        /// The number of its entry in `sources`.
        public var citation: Int
        /// The passage it was quoted from (its id in the index).
        public var passage: Int64
        /// The document key (as `search --json` prints it; `show` accepts it).
        public var document: String
        public var documentID: Int64
        public var path: String
        /// The page its passage starts on, for formats with pages (PDF); else null.
        @ExplicitNull public var page: Int?
        public var start: Int
        public var end: Int
        /// Its relevance to the question (0...1, blended sentence match and passage score).
        public var score: Double

        enum CodingKeys: String, CodingKey {
            case text, citation, passage, document, documentID = "document_id", path, page, start, end, score
        }

        /// How answers and reports cite a sentence: `[3]`, or `[3, p. 12]` in a document with pages.
        public static func citationMark(_ citation: Int, page: Int?) -> String {
            "[\(citation)" + (page.map { ", p. \($0)" } ?? "") + "]"
        }

        public var citationMark: String { Self.citationMark(citation, page: page) }
    }

    /// One cited source: a document, or one section of it when sentences come from several headings.
    public struct Source: Sendable, Hashable, Codable {
        public var number: Int
        public var document: String
        public var documentID: Int64
        public var title: String
        public var path: String
        public var memberID: String?
        public var headingPath: [String]
        /// The page its first quote's passage starts on, for formats with pages (PDF); else null.
        @ExplicitNull public var page: Int?
        /// The quoted spans, in document order.
        public var quoted: [SourceSpan]

        enum CodingKeys: String, CodingKey {
            case number, document, documentID = "document_id", title, path, memberID = "member_id"
            case headingPath = "heading_path", page, quoted
        }
    }

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
    /// In answer order: grouped by source, in reading order within a source.
    public var sentences: [Sentence]
    public var sources: [Source]
    /// When abstaining: the best passages found, so the reader can judge.
    public var closest: [ClosestPassage]?
}

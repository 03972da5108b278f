import Foundation
import RuminateCompose
import RuminateCore

/// A research report in the shape `ruminate research -o report.json` writes (keys in snake_case). Every
/// sentence is a verbatim slice of a stored document (`text == documentText.slice(start..<end)` in Unicode
/// scalars) with the same members as an `ask --json` sentence, so `ruminate verify` checks it.
public struct ResearchReport: Sendable, Hashable, Codable {
    public struct Sentence: Sendable, Hashable, Codable {
        public var text: String
        /// The number of its entry in `references`.
        public var citation: Int
        public var passage: Int64
        public var document: String
        public var documentID: Int64
        public var path: String
        /// The page its passage starts on, for formats with pages (PDF); else null.
        @ExplicitNull public var page: Int?
        public var start: Int
        public var end: Int
        public var score: Double
        /// The passage it was quoted from, for the HTML report's pop-ups (not saved in JSON).
        public var passageText: String? = nil

        enum CodingKeys: String, CodingKey {
            case text, citation, passage, document, documentID = "document_id", path, page, start, end, score
        }

        /// How the reports cite it: `[3]`, or `[3, p. 12]` in a document with pages.
        public var citationMark: String { Answer.Sentence.citationMark(citation, page: page) }
    }

    public struct Section: Sendable, Hashable, Codable {
        public var title: String
        /// The question its sentences were chosen for.
        public var question: String
        public var sentences: [Sentence]
    }

    /// An aspect (or the topic itself) the collection did not answer.
    public struct Gap: Sendable, Hashable, Codable {
        public var title: String
        public var question: String
        public var reason: String
    }

    public struct Reference: Sendable, Hashable, Codable {
        public var number: Int
        public var document: String
        public var documentID: Int64
        public var title: String
        public var path: String
        public var memberID: String?
        public var headingPath: [String]

        enum CodingKeys: String, CodingKey {
            case number, document, documentID = "document_id", title, path, memberID = "member_id", headingPath = "heading_path"
        }
    }

    public static let summaryTitle = "Executive summary"
    public static let gapsTitle = "What the collection does not cover"
    public static let referencesTitle = "References"

    public var topic: String
    /// The index the offsets point into (absolute path), so `ruminate verify` can re-open it.
    public var index: String
    /// True when every quoted sentence was re-read from the stored text and matched.
    public var verified: Bool
    /// The report's headings in order: summary, one per section, gaps (when any), references.
    public var outline: [String]
    public var summary: [Sentence]
    public var sections: [Section]
    public var gaps: [Gap]
    public var references: [Reference]
    public var trace: ResearchTrace

    /// Every quoted sentence: the summary's, then each section's.
    public var allSentences: [Sentence] { summary + sections.flatMap(\.sentences) }
}

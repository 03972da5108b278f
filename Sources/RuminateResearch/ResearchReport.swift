import Foundation
import RuminateCompose
import RuminateCore

/// A research report in the shape `ruminate research -o report.json` writes (keys in snake_case). Every
/// sentence is a verbatim slice of a stored document (`text == documentText.slice(start..<end)` in Unicode
/// scalars), cited like an answer's (Core's `CitedSentence`, `CitedSource`), so `ruminate verify` checks it.
public struct ResearchReport: Sendable, Hashable, Codable {
    public struct Section: Sendable, Hashable, Codable {
        public var title: String
        /// The question its sentences were chosen for.
        public var question: String
        public var sentences: [CitedSentence]
    }

    /// An aspect (or the topic itself) the collection did not answer.
    public struct Gap: Sendable, Hashable, Codable {
        public var title: String
        public var question: String
        public var reason: String
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
    public var summary: [CitedSentence]
    public var sections: [Section]
    public var gaps: [Gap]
    /// The report's sources, numbered in order of first citation (no quoted spans: the sentences carry them).
    public var references: [CitedSource]
    public var trace: ResearchTrace
    /// The passages the sentences were quoted from, by id, for the HTML report's pop-ups (not saved in JSON).
    public var passages: [Int64: PassageInfo] = [:]

    enum CodingKeys: String, CodingKey {
        case topic, index, verified, outline, summary, sections, gaps, references, trace
    }

    /// Every quoted sentence: the summary's, then each section's.
    public var allSentences: [CitedSentence] { summary + sections.flatMap(\.sentences) }
}

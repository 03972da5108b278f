/// How a score was made: a tree in the manner of Lucene's `Explanation`.
public struct ScoreExplanation: Hashable, Sendable, Codable {
    public var value: Double
    public var description: String
    public var details: [ScoreExplanation]

    public init(value: Double, description: String, details: [ScoreExplanation] = []) {
        self.value = value
        self.description = description
        self.details = details
    }

    /// An indented, human-readable rendering.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        var out = "\(pad)\(formatScore(value)) = \(description)\n"
        for detail in details { out += detail.rendered(indent: indent + 1) }
        return out
    }
}

/// Scores printed with four significant decimals, independent of the locale.
public func formatScore(_ value: Double) -> String {
    let scaled = (value * 10_000).rounded() / 10_000
    return "\(scaled)"
}

/// A piece of text, highlighted or not: snippets and passages as pieces, so a front end never parses
/// markers out of document text (which may contain them literally).
public struct TextSegment: Hashable, Sendable, Codable {
    public var text: String
    public var highlighted: Bool

    public init(text: String, highlighted: Bool) {
        self.text = text
        self.highlighted = highlighted
    }
}

/// One ranked passage.
public struct SearchHit: Hashable, Sendable, Codable {
    public var document: DocumentInfo
    public var passage: PassageInfo
    public var rank: Int
    public var score: Double
    /// The passage text around the matches, matches wrapped in the highlighter's markers.
    public var snippet: String
    /// The same snippet as pieces, matches highlighted (no markers).
    public var snippetSegments: [TextSegment]
    public var explanation: ScoreExplanation?

    public init(
        document: DocumentInfo, passage: PassageInfo, rank: Int, score: Double, snippet: String,
        snippetSegments: [TextSegment] = [], explanation: ScoreExplanation? = nil
    ) {
        self.document = document
        self.passage = passage
        self.rank = rank
        self.score = score
        self.snippet = snippet
        self.snippetSegments = snippetSegments
        self.explanation = explanation
    }
}

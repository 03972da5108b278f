/// A quoted sentence and where it sits: the unit answers and reports are made of. `text` is exactly the
/// stored document's text at `start..<end` (Unicode scalars), so anyone can re-check it (`ruminate verify`).
public struct CitedSentence: Sendable, Hashable, Codable {
    public var text: String
    /// The number of the source it cites (an answer's `sources`, a report's `references`).
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
    /// Its relevance to the question (0...1).
    public var score: Double

    public init(
        text: String, citation: Int, passage: Int64, document: String, documentID: Int64, path: String, page: Int?,
        start: Int, end: Int, score: Double
    ) {
        self.text = text
        self.citation = citation
        self.passage = passage
        self.document = document
        self.documentID = documentID
        self.path = path
        self.page = page
        self.start = start
        self.end = end
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case text, citation, passage, document, documentID = "document_id", path, page, start, end, score
    }

    /// How answers and reports cite a sentence: `[3]`, or `[3, p. 12]` in a document with pages.
    public var citationMark: String { "[\(citation)" + (page.map { ", p. \($0)" } ?? "") + "]" }

    /// One paragraph per run of sentences citing the same source, in order: how every renderer lays out
    /// an answer or a report section.
    public static func paragraphs(_ sentences: [CitedSentence]) -> [ArraySlice<CitedSentence>] {
        var paragraphs: [ArraySlice<CitedSentence>] = []
        var start = sentences.startIndex
        for i in sentences.indices.dropFirst() where sentences[i].citation != sentences[i - 1].citation {
            paragraphs.append(sentences[start..<i])
            start = i
        }
        if start < sentences.endIndex { paragraphs.append(sentences[start...]) }
        return paragraphs
    }
}

/// A cited source: a document, or one section of it (its heading path) when sentences come from several.
/// An answer's source also says where it was quoted (`page`, `quoted`); a report's reference leaves that to
/// its sentences, and then neither key is written.
public struct CitedSource: Sendable, Hashable, Codable {
    public var number: Int
    public var document: String
    public var documentID: Int64
    public var title: String
    public var path: String
    public var memberID: String?
    public var headingPath: [String]
    /// The page its first quote's passage starts on, for formats with pages (PDF); else nil.
    public var page: Int?
    /// The quoted spans, in document order; nil for a report's reference.
    public var quoted: [SourceSpan]?

    public init(
        number: Int, document: String, documentID: Int64, title: String, path: String, memberID: String?,
        headingPath: [String], page: Int? = nil, quoted: [SourceSpan]? = nil
    ) {
        self.number = number
        self.document = document
        self.documentID = documentID
        self.title = title
        self.path = path
        self.memberID = memberID
        self.headingPath = headingPath
        self.page = page
        self.quoted = quoted
    }

    enum CodingKeys: String, CodingKey {
        case number, document, documentID = "document_id", title, path, memberID = "member_id"
        case headingPath = "heading_path", page, quoted
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(Int.self, forKey: .number)
        document = try container.decode(String.self, forKey: .document)
        documentID = try container.decode(Int64.self, forKey: .documentID)
        title = try container.decode(String.self, forKey: .title)
        path = try container.decode(String.self, forKey: .path)
        memberID = try container.decodeIfPresent(String.self, forKey: .memberID)
        headingPath = try container.decode([String].self, forKey: .headingPath)
        page = try container.decodeIfPresent(Int.self, forKey: .page)
        quoted = try container.decodeIfPresent([SourceSpan].self, forKey: .quoted)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(document, forKey: .document)
        try container.encode(documentID, forKey: .documentID)
        try container.encode(title, forKey: .title)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(memberID, forKey: .memberID)
        try container.encode(headingPath, forKey: .headingPath)
        if let quoted {
            try container.encode(ExplicitNull(wrappedValue: page), forKey: .page)  // null when the format has no pages
            try container.encode(quoted, forKey: .quoted)
        }
    }
}

/// How citations are named in every rendering (terminal, Markdown, HTML, search results).
public enum CitationLabel {
    /// "path #member › Heading › Subheading": where a source or passage sits. `formatPath` formats the path (made
    /// relative, put in code), `formatText` the member and headings (escaped).
    public static func location(
        path: String, memberID: String?, headingPath: [String], formatPath: (String) -> String = { $0 },
        formatText: (String) -> String = { $0 }
    ) -> String {
        var location = formatPath(path)
        if let memberID { location += " #" + formatText(memberID) }
        if !headingPath.isEmpty { location += " › " + formatText(headingPath.joined(separator: " › ")) }
        return location
    }

    /// The closing line of an answer or a report. An answer drops a quote that no longer matches; a report
    /// keeps it and says so.
    public static func verification(verified: Bool, unmatchedDropped: Bool) -> String {
        verified
            ? "Every quote was re-read from the stored text and matches."
            : "WARNING: some quotes did not match the stored text" + (unmatchedDropped ? " and were dropped" : "")
                + " (the index changed?)."
    }
}

/// A passage cut from a document by the chunker, before it is stored.
public struct PassageDraft: Hashable, Sendable, Codable {
    /// Position of the passage within its document, from 0.
    public var ordinal: Int
    /// Exact characters of the document's stored text this passage covers.
    public var span: SourceSpan
    /// Titles of the enclosing headings, outermost first.
    public var headingPath: [String]
    /// The passage text: always equal to `document.text.slice(span)`.
    public var text: String
    /// The page the passage starts on (1-based), for formats with pages; nil otherwise.
    public var page: Int?

    public init(ordinal: Int, span: SourceSpan, headingPath: [String], text: String, page: Int? = nil) {
        self.ordinal = ordinal
        self.span = span
        self.headingPath = headingPath
        self.text = text
        self.page = page
    }
}

/// A stored document as the index knows it.
public struct DocumentInfo: Hashable, Sendable, Codable {
    public var id: Int64
    /// Stable key: the path (or URL), plus `#memberID` for a member of a container such as JSONL.
    public var key: String
    public var path: String
    public var memberID: String?
    public var title: String
    public var format: DocumentFormat
    public var contentHash: String
    public var byteSize: Int
    public var passageCount: Int
    public var indexedAt: Double

    public init(
        id: Int64, key: String, path: String, memberID: String?, title: String, format: DocumentFormat,
        contentHash: String, byteSize: Int, passageCount: Int, indexedAt: Double
    ) {
        self.id = id
        self.key = key
        self.path = path
        self.memberID = memberID
        self.title = title
        self.format = format
        self.contentHash = contentHash
        self.byteSize = byteSize
        self.passageCount = passageCount
        self.indexedAt = indexedAt
    }
}

/// A stored passage as retrieval sees it.
public struct PassageInfo: Hashable, Sendable, Codable {
    public var id: Int64
    public var documentID: Int64
    public var ordinal: Int
    public var span: SourceSpan
    public var headingPath: [String]
    public var text: String
    /// The page the passage starts on (1-based), for formats with pages; nil otherwise.
    public var page: Int?

    public init(
        id: Int64, documentID: Int64, ordinal: Int, span: SourceSpan, headingPath: [String], text: String,
        page: Int? = nil
    ) {
        self.id = id
        self.documentID = documentID
        self.ordinal = ordinal
        self.span = span
        self.headingPath = headingPath
        self.text = text
        self.page = page
    }
}

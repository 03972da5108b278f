/// The formats Ruminate can read. The raw value is what the index records.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    case text
    case markdown
    case html
    case xml
    case jsonl
    /// A manual page: roff with the man macros (plain or gzip-compressed).
    case man
    /// E-mail: one RFC 5322 message (`.eml`) or an mbox file of many.
    case mail
    /// An EPUB book (one document per book).
    case epub
    /// A Word document (Office Open XML).
    case docx
    /// An OpenDocument text.
    case odt
    /// A PDF (its text layer, read by poppler's `pdftotext`); blocks know their page.
    case pdf
}

/// A structural unit a parser found in the extracted text.
public struct TextBlock: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        /// A heading; level 1 is the outermost.
        case heading(level: Int)
        case paragraph
        case listItem
        case code
        case tableRow
        case quote
    }

    public var kind: Kind
    /// Where the block's text sits in `ExtractedDocument.text`.
    public var span: SourceSpan
    /// The page the block starts on (1-based), for formats with pages (PDF); nil otherwise.
    public var page: Int?

    public init(kind: Kind, span: SourceSpan, page: Int? = nil) {
        self.kind = kind
        self.span = span
        self.page = page
    }

    public var headingLevel: Int? {
        if case .heading(let level) = kind { return level }
        return nil
    }
}

/// What a parser hands on: the text it extracted (stored verbatim in the index, so every citation
/// can be re-checked against it) and the structure it saw, as spans into that text.
public struct ExtractedDocument: Sendable, Hashable {
    /// The document's title, when the format has one (HTML `<title>`, Markdown's first `#`, JSONL `title`).
    public var title: String?
    /// The extracted plain text. Block spans and passage offsets point into it.
    public var text: String
    /// Blocks in reading order; they never overlap.
    public var blocks: [TextBlock]
    /// For containers holding several documents (a JSONL line), the member's own id (`_id`);
    /// nil for a file that is one document.
    public var memberID: String?
    /// Small key/value facts the format carries (language, author, ...).
    public var metadata: [String: String]

    public init(
        title: String? = nil, text: String, blocks: [TextBlock], memberID: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.title = title
        self.text = text
        self.blocks = blocks
        self.memberID = memberID
        self.metadata = metadata
    }
}

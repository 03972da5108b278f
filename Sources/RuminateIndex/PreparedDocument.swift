import RuminateCore
import RuminateText

/// One field's analysis: every token (stopwords included, for FTS5) and the ranking length
/// (stopwords excluded).
public struct AnalyzedField: Sendable, Hashable {
    public var tokens: [AnalyzedToken]
    public var length: UInt32

    public init(analyzing text: String, with analyzer: TextAnalyzer) {
        tokens = analyzer.analyze(text)
        length = UInt32(tokens.lazy.filter { !$0.isStopword }.count)
    }
}

/// A term's frequency in each field of one passage.
public struct TermFrequency: Sendable, Hashable {
    public var term: String
    public var frequency: FieldTriple
}

/// A passage ready to store: its draft from the chunker plus its analysis, done on a worker thread so
/// the single writer only copies: per-field tokens (replayed to FTS5 instead of analysing again) and the
/// merged term frequencies the lexicon needs.
public struct PreparedPassage: Sendable, Hashable {
    public var draft: PassageDraft
    public var title: AnalyzedField
    public var headings: AnalyzedField
    public var body: AnalyzedField
    public var terms: [TermFrequency]

    public init(draft: PassageDraft, title: AnalyzedField, headings: AnalyzedField, body: AnalyzedField) {
        self.draft = draft
        self.title = title
        self.headings = headings
        self.body = body
        var index: [String: Int] = [:]
        var terms: [TermFrequency] = []
        terms.reserveCapacity(body.tokens.count)
        func count(_ field: AnalyzedField, _ bump: (inout FieldTriple) -> Void) {
            for token in field.tokens where !token.isStopword {
                if let at = index[token.term] {
                    bump(&terms[at].frequency)
                } else {
                    index[token.term] = terms.count
                    var frequency = FieldTriple.zero
                    bump(&frequency)
                    terms.append(TermFrequency(term: token.term, frequency: frequency))
                }
            }
        }
        count(title) { $0.title += 1 }
        count(headings) { $0.headings += 1 }
        count(body) { $0.body += 1 }
        self.terms = terms
    }

    public var lengths: FieldTriple { FieldTriple(title: title.length, headings: headings.length, body: body.length) }

    /// The text indexed in the `headings` field: the heading path, one heading a line.
    public static func headingsText(_ path: [String]) -> String { path.joined(separator: "\n") }
}

/// A document ready to store, analysed off the writer's thread.
public struct PreparedDocument: Sendable, Hashable {
    public var key: String
    public var memberID: String?
    public var title: String
    public var format: DocumentFormat
    /// Hash of the member's own content (title + text), for member-level incremental updates.
    public var contentHash: String
    public var text: String
    public var metadata: [String: String]
    public var passages: [PreparedPassage]

    public init(
        key: String, memberID: String?, title: String, format: DocumentFormat, contentHash: String, text: String,
        metadata: [String: String], passages: [PreparedPassage]
    ) {
        self.key = key
        self.memberID = memberID
        self.title = title
        self.format = format
        self.contentHash = contentHash
        self.text = text
        self.metadata = metadata
        self.passages = passages
    }

    /// Analyses a chunked document: the title once, each passage's heading path and body.
    public init(
        key: String, memberID: String?, title: String, format: DocumentFormat, contentHash: String, text: String,
        metadata: [String: String], drafts: [PassageDraft], analyzer: TextAnalyzer
    ) {
        let titleField = AnalyzedField(analyzing: title, with: analyzer)
        var headingCache: [[String]: AnalyzedField] = [:]
        let passages = drafts.map { draft -> PreparedPassage in
            let headings =
                headingCache[draft.headingPath]
                ?? {
                    let field = AnalyzedField(
                        analyzing: PreparedPassage.headingsText(draft.headingPath), with: analyzer)
                    headingCache[draft.headingPath] = field
                    return field
                }()
            return PreparedPassage(
                draft: draft, title: titleField, headings: headings,
                body: AnalyzedField(analyzing: draft.text, with: analyzer))
        }
        self.init(
            key: key, memberID: memberID, title: title, format: format, contentHash: contentHash, text: text,
            metadata: metadata, passages: passages)
    }
}

/// What the index remembers about a crawled file.
public struct SourceRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case indexed
        case duplicate
        case failed
    }

    public var id: Int64?
    public var path: String
    public var format: DocumentFormat?
    public var contentHash: String
    public var byteSize: Int
    public var modified: Double
    public var indexedAt: Double
    public var status: Status
    public var duplicateOf: String?
    public var error: String?

    public init(
        id: Int64? = nil, path: String, format: DocumentFormat?, contentHash: String, byteSize: Int, modified: Double,
        indexedAt: Double, status: Status, duplicateOf: String? = nil, error: String? = nil
    ) {
        self.id = id
        self.path = path
        self.format = format
        self.contentHash = contentHash
        self.byteSize = byteSize
        self.modified = modified
        self.indexedAt = indexedAt
        self.status = status
        self.duplicateOf = duplicateOf
        self.error = error
    }
}

/// A stored document's identity and content hash, for diffing a re-parsed source against the index.
public struct StoredMember: Sendable, Hashable {
    public var documentID: Int64
    public var key: String
    public var contentHash: String
}

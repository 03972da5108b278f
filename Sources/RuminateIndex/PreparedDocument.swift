import RuminateCore
import RuminateText

/// Term counts and length of one field of one passage, as the ranking path indexes them
/// (stopwords excluded).
public struct FieldTerms: Sendable, Hashable {
    public var counts: [String: UInt32]
    public var length: UInt32

    public init(counts: [String: UInt32] = [:], length: UInt32 = 0) {
        self.counts = counts
        self.length = length
    }

    /// Analyses `text` with the index's policy; stopwords neither count as terms nor as length.
    public init(analyzing text: String, with analyzer: TextAnalyzer) {
        var counts: [String: UInt32] = [:]
        var length: UInt32 = 0
        for token in analyzer.analyze(text) where !token.isStopword {
            counts[token.term, default: 0] += 1
            length += 1
        }
        self.init(counts: counts, length: length)
    }
}

/// A passage ready to store: its draft from the chunker plus its analysed fields.
public struct PreparedPassage: Sendable, Hashable {
    public var draft: PassageDraft
    public var title: FieldTerms
    public var headings: FieldTerms
    public var body: FieldTerms

    public init(draft: PassageDraft, title: FieldTerms, headings: FieldTerms, body: FieldTerms) {
        self.draft = draft
        self.title = title
        self.headings = headings
        self.body = body
    }

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
        let titleTerms = FieldTerms(analyzing: title, with: analyzer)
        var headingCache: [[String]: FieldTerms] = [:]
        let passages = drafts.map { draft -> PreparedPassage in
            let headings = headingCache[draft.headingPath] ?? {
                let terms = FieldTerms(analyzing: PreparedPassage.headingsText(draft.headingPath), with: analyzer)
                headingCache[draft.headingPath] = terms
                return terms
            }()
            return PreparedPassage(draft: draft, title: titleTerms, headings: headings, body: FieldTerms(analyzing: draft.text, with: analyzer))
        }
        self.init(key: key, memberID: memberID, title: title, format: format, contentHash: contentHash, text: text, metadata: metadata, passages: passages)
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

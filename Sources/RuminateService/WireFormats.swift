import Foundation
import RuminateCore
import RuminateIndex
import RuminateRetrieve

/// The JSON every front end prints for a search (`ruminate search --json`, `GET /api/search`, the MCP
/// `search` tool): fields in snake_case, as the README documents them.
public struct SearchResultsJSON: Codable, Sendable, Hashable {
    public struct Hit: Codable, Sendable, Hashable {
        public var rank: Int
        public var document: String
        public var document_id: Int64
        public var path: String
        public var member_id: String?
        public var title: String
        public var passage: Int64
        public var heading_path: [String]
        /// The page the passage starts on, for formats with pages (else null).
        @ExplicitNull public var page: Int?
        public var start: Int
        public var end: Int
        public var score: Double
        /// The passage's best window with query words wrapped in the highlighter's marks (`<mark>` by default).
        public var snippet: String
        /// The same snippet as pieces, matches highlighted: what a front end shows (no markers to parse).
        public var snippet_segments: [TextSegment]
        public var explanation: ScoreExplanation?
    }

    public var query: String
    public var engine: String
    public var terms: [String]
    /// Why the search ran differently than asked (e.g. lexical only: no model).
    public var notes: [String]
    public var hits: [Hit]

    public init(_ results: SearchResults) {
        query = results.query
        engine = results.engine.rawValue
        terms = results.plan.terms.map(\.term)
        notes = results.notes
        hits = results.hits.map { hit in
            Hit(
                rank: hit.rank, document: hit.document.key, document_id: hit.document.id, path: hit.document.path,
                member_id: hit.document.memberID, title: hit.document.title, passage: hit.passage.id,
                heading_path: hit.passage.headingPath, page: hit.passage.page, start: hit.passage.span.start,
                end: hit.passage.span.end,
                score: hit.score, snippet: hit.snippet, snippet_segments: hit.snippetSegments,
                explanation: hit.explanation)
        }
    }
}

/// A stored document as `ruminate show --json` and `GET /api/documents/{ref}` print it: `text` is the
/// text every citation offset points into (offsets count Unicode scalars).
public struct DocumentJSON: Codable, Sendable, Hashable {
    public struct Passage: Codable, Sendable, Hashable {
        public var passage: Int64
        public var ordinal: Int
        public var start: Int
        public var end: Int
        public var heading_path: [String]
    }

    public var document: String
    public var document_id: Int64
    public var path: String
    public var member_id: String?
    public var title: String
    public var format: String
    public var content_hash: String
    public var indexed_at: Double
    public var metadata: [String: String]
    public var passages: [Passage]
    public var text: String
}

/// One passage with the text around it, as `GET /api/passages/{id}` and the MCP `open` tool give it.
/// `segments` is the passage text cut at the highlighted span (a quoted sentence), so a client can mark
/// the quote without counting Unicode scalars itself; concatenated, the segments are exactly `text`.
public struct PassageJSON: Codable, Sendable, Hashable {
    public struct Context: Codable, Sendable, Hashable {
        /// Document offsets of the whole excerpt: `before` + `text` + `after` == document[start..<end].
        public var start: Int
        public var end: Int
        public var before: String
        public var after: String
    }

    public typealias Segment = TextSegment

    public var passage: Int64
    public var ordinal: Int
    public var document: String
    public var document_id: Int64
    public var path: String
    public var member_id: String?
    public var title: String
    public var heading_path: [String]
    @ExplicitNull public var page: Int?
    public var start: Int
    public var end: Int
    public var text: String
    public var context: Context
    public var segments: [Segment]
    /// Neighbouring passages of the same document, for paging through it.
    @ExplicitNull public var previous_passage: Int64?
    @ExplicitNull public var next_passage: Int64?
}

/// An error as the HTTP API and MCP tools report it: `{"error": {"code", "message", "hint"}}`.
public struct ErrorJSON: Codable, Sendable, Hashable {
    public struct Body: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        public var hint: String?
    }

    public var error: Body

    public init(_ error: RuminateError) {
        self.error = Body(code: error.code.rawValue, message: error.message, hint: error.hint)
    }

    public init(code: String, message: String, hint: String? = nil) {
        self.error = Body(code: code, message: message, hint: hint)
    }
}

/// The one JSON encoder of every front end (CLI `--json`, HTTP, MCP, research reports), so the same value prints
/// the same bytes everywhere. It lives here, beside the wire shapes, because every front end imports this module
/// and the stages below it hand over values, not bytes. It applies no key strategy: each type names its keys
/// (snake_case) as properties or `CodingKeys`, so a plain `JSONDecoder` reads back what it writes.
public enum WireEncoding {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func data<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        try encoder(pretty: pretty).encode(value)
    }
}

/// The byte layout of a lexicon postings list (one term, one segment).
///
/// Entries are sorted by passage id. Each entry is seven LEB128 varints:
/// Δpassage-id, then term frequency in title, headings, body, then the length (indexed terms) of
/// title, headings, body. Lengths travel with the postings so ranking never has to look up norms:
/// one blob read per query term and segment is all BM25F needs.
public struct PostingEntry: Hashable, Sendable {
    public var passageID: Int64
    public var termFrequency: FieldTriple
    public var fieldLength: FieldTriple

    @inlinable
    public init(passageID: Int64, termFrequency: FieldTriple, fieldLength: FieldTriple) {
        self.passageID = passageID
        self.termFrequency = termFrequency
        self.fieldLength = fieldLength
    }
}

/// One number per lexical field, in `LexicalField` order.
public struct FieldTriple: Hashable, Sendable {
    public var title: UInt32
    public var headings: UInt32
    public var body: UInt32

    @inlinable
    public init(title: UInt32, headings: UInt32, body: UInt32) {
        self.title = title
        self.headings = headings
        self.body = body
    }

    public subscript(field: LexicalField) -> UInt32 {
        switch field {
        case .title: title
        case .headings: headings
        case .body: body
        }
    }
}

/// The fields a passage is ranked on.
public enum LexicalField: Int, CaseIterable, Sendable, Codable {
    case title = 0
    case headings = 1
    case body = 2

    public var name: String {
        switch self {
        case .title: "title"
        case .headings: "headings"
        case .body: "body"
        }
    }
}

@usableFromInline
enum PostingsCodec {
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    static func append(_ entry: PostingEntry, after previousID: Int64, to bytes: inout [UInt8]) {
        precondition(entry.passageID > previousID, "postings must be appended in increasing passage order")
        appendVarint(UInt64(entry.passageID - previousID), to: &bytes)
        for value in [
            entry.termFrequency.title, entry.termFrequency.headings, entry.termFrequency.body,
            entry.fieldLength.title, entry.fieldLength.headings, entry.fieldLength.body,
        ] {
            appendVarint(UInt64(value), to: &bytes)
        }
    }

    /// Calls `body` for every entry of an encoded list. Stops (returning false) on a truncated list.
    /// Inlinable so the ranker's scoring loop is compiled together with the decoding.
    @inlinable
    @discardableResult
    static func decode(_ buffer: UnsafeRawBufferPointer, _ body: (PostingEntry) -> Void) -> Bool {
        var position = 0
        let count = buffer.count
        @inline(__always) func next() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while position < count {
                let byte = buffer[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
        var id: Int64 = 0
        while position < count {
            guard let delta = next(), let tt = next(), let th = next(), let tb = next(),
                let lt = next(), let lh = next(), let lb = next()
            else { return false }
            id += Int64(delta)
            body(
                PostingEntry(
                    passageID: id,
                    termFrequency: FieldTriple(
                        title: UInt32(truncatingIfNeeded: tt), headings: UInt32(truncatingIfNeeded: th),
                        body: UInt32(truncatingIfNeeded: tb)),
                    fieldLength: FieldTriple(
                        title: UInt32(truncatingIfNeeded: lt), headings: UInt32(truncatingIfNeeded: lh),
                        body: UInt32(truncatingIfNeeded: lb))))
        }
        return true
    }

    static func decodeAll(_ bytes: [UInt8]) -> [PostingEntry] {
        var entries: [PostingEntry] = []
        bytes.withUnsafeBytes { buffer in _ = decode(buffer) { entries.append($0) } }
        return entries
    }
}

/// A weight per lexical field (BM25F field boosts, FTS5 bm25 column weights).
public struct FieldWeights: Hashable, Sendable, Codable {
    public var title: Double
    public var headings: Double
    public var body: Double

    public init(title: Double, headings: Double, body: Double) {
        self.title = title
        self.headings = headings
        self.body = body
    }

    public subscript(field: LexicalField) -> Double {
        switch field {
        case .title: title
        case .headings: headings
        case .body: body
        }
    }
}

/// One segment's encoded postings for one term.
public struct PostingList: Sendable, Hashable {
    public var entryCount: Int
    public var bytes: [UInt8]

    @inlinable
    public init(entryCount: Int, bytes: [UInt8]) {
        self.entryCount = entryCount
        self.bytes = bytes
    }

    /// Calls `body` for every entry, in passage order.
    @inlinable
    public func forEach(_ body: (PostingEntry) -> Void) {
        bytes.withUnsafeBytes { _ = PostingsCodec.decode($0, body) }
    }
}

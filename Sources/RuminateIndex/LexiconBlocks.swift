/// Lexicon segments are stored as blocks of about `targetBytes`: each block holds consecutive terms (in
/// UTF-8 byte order, SQLite's BINARY collation) with their postings lists. A segment of tens of thousands
/// of terms is a few hundred rows, so writing one is cheap, and a query reads one small block per term
/// and segment.
///
/// Block layout: varint term count, then per term: varint byte length, the term's UTF-8 bytes,
/// varint entry count, varint postings byte length, the postings (see `PostingsCodec`).
/// The layout is the same for every storage backend (a backend stores each block's bytes as they are, keyed by
/// segment and first term), so every backend ranks from identical postings.
public struct LexiconBlock: Sendable, Hashable {
    public var firstTerm: String
    public var termCount: Int
    public var bytes: [UInt8]

    public init(firstTerm: String, termCount: Int, bytes: [UInt8]) {
        self.firstTerm = firstTerm
        self.termCount = termCount
        self.bytes = bytes
    }
}

public enum LexiconBlockCodec {
    static let targetBytes = 4096

    /// Packs terms (already sorted by UTF-8 bytes) into blocks.
    static func encode(_ terms: [(term: String, entryCount: Int, postings: [UInt8])]) -> [LexiconBlock] {
        var blocks: [LexiconBlock] = []
        var body: [UInt8] = []
        var first: String?
        var count = 0
        func emit() {
            guard let firstTerm = first else { return }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(body.count + 4)
            PostingsCodec.appendVarint(UInt64(count), to: &bytes)
            bytes.append(contentsOf: body)
            blocks.append(LexiconBlock(firstTerm: firstTerm, termCount: count, bytes: bytes))
            body.removeAll(keepingCapacity: true)
            first = nil
            count = 0
        }
        for item in terms {
            if first == nil { first = item.term }
            let utf8 = Array(item.term.utf8)
            PostingsCodec.appendVarint(UInt64(utf8.count), to: &body)
            body.append(contentsOf: utf8)
            PostingsCodec.appendVarint(UInt64(item.entryCount), to: &body)
            PostingsCodec.appendVarint(UInt64(item.postings.count), to: &body)
            body.append(contentsOf: item.postings)
            count += 1
            if body.count >= targetBytes { emit() }
        }
        emit()
        return blocks
    }

    /// Calls `body` with each term's bytes, entry count and postings; stops early when `body` returns false.
    /// Returns false if the block is truncated.
    @discardableResult
    public static func forEachTerm(
        in block: UnsafeRawBufferPointer,
        _ body: (_ term: UnsafeRawBufferPointer, _ entryCount: Int, _ postings: UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var position = 0
        func varint() -> Int? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while position < block.count {
                let byte = block[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return Int(truncatingIfNeeded: result) }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
        guard let count = varint() else { return block.isEmpty }
        for _ in 0..<count {
            guard let length = varint(), length >= 0, position + length <= block.count else { return false }
            let term = UnsafeRawBufferPointer(rebasing: block[position..<(position + length)])
            position += length
            guard let entries = varint(), let size = varint(), size >= 0, position + size <= block.count else {
                return false
            }
            let postings = UnsafeRawBufferPointer(rebasing: block[position..<(position + size)])
            position += size
            if !body(term, entries, postings) { return true }
        }
        return true
    }

    /// The postings of `term` in a block, if present.
    public static func postings(of term: [UInt8], in block: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var found: UnsafeRawBufferPointer?
        forEachTerm(in: block) { candidate, _, postings in
            if candidate.count == term.count, candidate.elementsEqual(term) {
                found = postings
                return false
            }
            return true
        }
        return found
    }
}

extension String {
    /// SQLite's BINARY collation order: UTF-8 bytes, lexicographically.
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

import Foundation
import Testing

@testable import RuminateIndex

@Suite struct LexiconBlocksTests {
    @Test func blocksSplitAtTheTargetSizeAndFindEveryTerm() throws {
        var terms: [(term: String, entryCount: Int, postings: [UInt8])] = []
        for i in 0..<2_000 {
            var pending = PendingPostings()
            pending.append(
                PostingEntry(
                    passageID: Int64(i + 1), termFrequency: FieldTriple(title: 0, headings: 0, body: UInt32(i % 7 + 1)),
                    fieldLength: FieldTriple(title: 1, headings: 0, body: 50)))
            terms.append((String(format: "term%05d", i), 1, pending.bytes))
        }
        terms.append(("ünïcode", 0, []))
        terms.append(("深度", 0, []))
        terms.sort { String.utf8Precedes($0.term, $1.term) }
        let blocks = LexiconBlockCodec.encode(terms)
        #expect(blocks.count > 1)
        #expect(blocks.map(\.termCount).reduce(0, +) == terms.count)
        #expect(zip(blocks, blocks.dropFirst()).allSatisfy { String.utf8Precedes($0.firstTerm, $1.firstTerm) })
        // Every term is found in the last block whose first term does not come after it.
        for item in terms {
            let bytes = Array(item.term.utf8)
            let block = try #require(blocks.last { !bytes.lexicographicallyPrecedes(Array($0.firstTerm.utf8)) })
            let postings = block.bytes.withUnsafeBytes {
                LexiconBlockCodec.postings(of: bytes, in: $0).map { Array($0) }
            }
            #expect(postings == item.postings, "\(item.term)")
        }
        let missing = blocks[0].bytes.withUnsafeBytes {
            LexiconBlockCodec.postings(of: Array("term00000x".utf8), in: $0)
        }
        #expect(missing == nil)
    }

    @Test func truncatedBlockIsRejected() {
        let blocks = LexiconBlockCodec.encode([("alpha", 1, [1, 2, 3, 4, 5, 6, 7])])
        let truncated = Array(blocks[0].bytes.dropLast(3))
        let complete = truncated.withUnsafeBytes { LexiconBlockCodec.forEachTerm(in: $0) { _, _, _ in true } }
        #expect(!complete)
    }

    @Test func cachedAndUncachedPostingsAgreeAcrossSegmentsAndMerges() throws {
        let index = try makeTemporaryIndex()
        // Three transactions, so three segments; enough distinct words for several blocks each.
        for batch in 0..<3 {
            let paragraphs = (0..<40).map { i in
                (0..<60).map { "w\(($0 * 13 + i + batch * 7) % 900)" }.joined(separator: " ")
            }
            try store(
                [prepared(key: "doc\(batch)", title: "Batch \(batch)", paragraphs: paragraphs)], in: index,
                path: "/c/\(batch).txt")
        }
        #expect(try index.status().lexiconSegments == 3)
        let cache = LexiconCache()
        func postings(_ term: String, cached: Bool) throws -> [PostingEntry] {
            try index.read { session in
                var out: [PostingEntry] = []
                try session.forEachPosting(of: term, cache: cached ? cache : nil) { out.append($0) }
                return out
            }
        }
        for word in ["w0", "w1", "w450", "w899", "batch", "absent"] {
            let plain = try postings(word, cached: false)
            #expect(try postings(word, cached: true) == plain)
            #expect(try postings(word, cached: true) == plain)  // now from memory
        }
        #expect(try postings("w450", cached: true).count > 0)
        let before = try ["w0", "w1", "w450", "batch"].map { try postings($0, cached: true) }
        try index.mergeSegments(maxSegments: 1)
        let live = try index.read { try $0.lexiconSegments() }
        cache.retain(only: live)
        #expect(live.count == 1)
        let after = try ["w0", "w1", "w450", "batch"].map { try postings($0, cached: true) }
        #expect(after == before)
        #expect(after[3].count == 120)  // "batch" is in every passage's title
    }
}

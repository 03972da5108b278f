import Testing

@testable import RuminateIndex

@Suite struct PostingsCodecTests {
    @Test func roundTripsEntriesWithLargeValues() {
        let entries = [
            PostingEntry(
                passageID: 1, termFrequency: FieldTriple(title: 1, headings: 0, body: 3),
                fieldLength: FieldTriple(title: 4, headings: 0, body: 120)),
            PostingEntry(
                passageID: 130, termFrequency: FieldTriple(title: 0, headings: 2, body: 0),
                fieldLength: FieldTriple(title: 9, headings: 3, body: 70_000)),
            PostingEntry(
                passageID: 5_000_000_000, termFrequency: FieldTriple(title: 0, headings: 0, body: 1),
                fieldLength: FieldTriple(title: 0, headings: 0, body: 1)),
        ]
        var pending = PendingPostings()
        for entry in entries { pending.append(entry) }
        #expect(pending.count == 3)
        #expect(PostingsCodec.decodeAll(pending.bytes) == entries)
    }

    @Test func truncatedListStopsCleanly() {
        var pending = PendingPostings()
        pending.append(
            PostingEntry(
                passageID: 7, termFrequency: FieldTriple(title: 0, headings: 0, body: 300),
                fieldLength: FieldTriple(title: 0, headings: 0, body: 300)))
        let truncated = Array(pending.bytes.dropLast(2))
        var seen = 0
        let complete = truncated.withUnsafeBytes { PostingsCodec.decode($0) { _ in seen += 1 } }
        #expect(!complete)
        #expect(seen == 0)
    }
}

import RuminateChunk
import RuminateCore
import Testing

/// Passages of paged documents (PDF) carry the page they start on.
@Suite struct ChunkerPageTests {
    /// A document whose blocks are (page, kind, text), laid out as parsers do (blank line between blocks).
    func pagedDocument(_ blocks: [(page: Int?, kind: TextBlock.Kind, text: String)]) -> ExtractedDocument {
        var text = ""
        var offset = 0
        var made: [TextBlock] = []
        for block in blocks {
            if !text.isEmpty {
                text += "\n\n"
                offset += 2
            }
            let length = block.text.unicodeScalars.count
            made.append(
                TextBlock(kind: block.kind, span: SourceSpan(start: offset, end: offset + length), page: block.page))
            text += block.text
            offset += length
        }
        return ExtractedDocument(text: text, blocks: made)
    }

    let ten = "one two three four five six seven eight nine ten."

    @Test func eachPassageHasThePageOfItsFirstBlock() {
        let document = pagedDocument([
            (1, .heading(level: 1), "Field notes"), (1, .paragraph, ten), (1, .paragraph, ten),
            (2, .paragraph, ten), (3, .paragraph, ten),
        ])
        let passages = makeChunker(maxTokens: 12, minTokens: 0, overlapTokens: 0).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 12)
        #expect(passages.map(\.page) == [1, 1, 2, 3])
        #expect(passages.allSatisfy { $0.headingPath == ["Field notes"] })

        let packed = makeChunker(maxTokens: 320).passages(for: document)
        #expect(packed.count == 1)
        #expect(packed.first?.page == 1, "one passage over three pages starts on the first")
    }

    @Test func aPassageStartingWithOverlapFromThePageBeforeHasThatPage() throws {
        let first = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu."
        let second = "Nu xi omicron pi rho sigma tau upsilon phi chi psi omega again."
        let document = pagedDocument([(4, .paragraph, first), (5, .paragraph, second)])
        let passages = makeChunker(maxTokens: 18, minTokens: 0, overlapTokens: 4).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 18)
        try #require(passages.count == 2)
        #expect(passages.map(\.page) == [4, 4])
        #expect(passages.last?.text == "Iota kappa lambda mu.\n\n" + second)
    }

    @Test func aBlockCutIntoSeveralPassagesGivesEachItsPage() {
        let long = Array(repeating: "Sentences keep coming here.", count: 12).joined(separator: " ")
        let document = pagedDocument([(7, .paragraph, "Short opening."), (8, .paragraph, long)])
        let passages = makeChunker(maxTokens: 10, minTokens: 0, overlapTokens: 0).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 10)
        #expect(passages.count > 3)
        #expect(passages.map(\.page) == [7] + Array(repeating: 8, count: passages.count - 1))
    }

    @Test func documentsWithoutPagesGiveNoPages() {
        let document = pagedDocument([
            (nil, .heading(level: 1), "Title"), (nil, .paragraph, ten), (nil, .heading(level: 2), "Empty"),
        ])
        let passages = makeChunker(maxTokens: 12).passages(for: document)
        #expect(passages.count == 2)
        #expect(passages.allSatisfy { $0.page == nil })
        let headingOnly = pagedDocument([(3, .heading(level: 1), "Only a heading")])
        #expect(makeChunker().passages(for: headingOnly).map(\.page) == [3])
    }
}

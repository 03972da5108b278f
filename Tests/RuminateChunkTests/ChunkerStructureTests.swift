import RuminateChunk
import RuminateCore
import Testing

@Suite struct ChunkerStructureTests {
    @Test func headingPathsFollowNesting() {
        var builder = DocumentBuilder()
        builder.paragraph("Preface before any heading.")
        builder.heading(1, "Alpha")
        builder.paragraph("Alpha body.")
        builder.heading(2, "Beta")
        builder.paragraph("Beta body.")
        builder.heading(3, "Gamma")
        builder.paragraph("Gamma body.")
        builder.heading(2, "Delta")
        builder.paragraph("Delta body.")
        builder.heading(1, "Epsilon")
        builder.paragraph("Epsilon body.")
        let document = builder.document
        let passages = makeChunker().passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        #expect(
            passages.map(\.headingPath) == [
                [], ["Alpha"], ["Alpha", "Beta"], ["Alpha", "Beta", "Gamma"], ["Alpha", "Delta"], ["Epsilon"],
            ])
        // Heading text is not passage text.
        #expect(
            passages.map(\.text) == [
                "Preface before any heading.", "Alpha body.", "Beta body.", "Gamma body.", "Delta body.",
                "Epsilon body.",
            ])
        for passage in passages { #expect(document.text.slice(passage.span) == passage.text) }
    }

    @Test func consecutiveBlocksShareOnePassageIncludingTheirSeparators() {
        var builder = DocumentBuilder()
        builder.heading(1, "Notes")
        builder.paragraph("First paragraph here.")
        builder.paragraph("Second paragraph here.")
        builder.paragraph("Third one.")
        let document = builder.document
        let passages = makeChunker().passages(for: document)
        #expect(passages.count == 1)
        #expect(passages.first?.text == "First paragraph here.\n\nSecond paragraph here.\n\nThird one.")
        let expected = SourceSpan(start: document.blocks[1].span.start, end: document.blocks[3].span.end)
        #expect(passages.first?.span == expected)
    }

    @Test func passagesNeverCrossAHeading() {
        var builder = DocumentBuilder()
        builder.heading(2, "One")
        builder.paragraph("Short.")
        builder.heading(2, "Two")
        builder.paragraph("Also short.")
        let passages = makeChunker().passages(for: builder.document)
        #expect(passages.map(\.text) == ["Short.", "Also short."])
        #expect(passages.map(\.headingPath) == [["One"], ["Two"]])
    }

    @Test func headingWithoutBodyBecomesItsOwnPassage() throws {
        var builder = DocumentBuilder()
        builder.heading(1, "Guide")
        builder.heading(2, "Empty section")
        builder.heading(2, "Full section")
        builder.paragraph("Body text.")
        builder.heading(2, "Trailing heading")
        let document = builder.document
        let passages = makeChunker().passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        #expect(passages.map(\.text) == ["Guide", "Empty section", "Body text.", "Trailing heading"])
        #expect(
            passages.map(\.headingPath) == [
                ["Guide"], ["Guide", "Empty section"], ["Guide", "Full section"], ["Guide", "Trailing heading"],
            ])
        try #require(passages.count == 4)
        #expect(passages[0].span == document.blocks[0].span)
        #expect(passages[3].span == document.blocks[4].span)
    }

    @Test func oversizedHeadingWithoutBodyIsStillCutToBudget() {
        var builder = DocumentBuilder()
        builder.heading(1, (1...50).map { "Clause \($0) of a runaway heading." }.joined(separator: " "))
        let document = builder.document
        let passages = makeChunker(maxTokens: 60, minTokens: 10, overlapTokens: 0).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 60)
        #expect(passages.count > 1)
        #expect(passages.map(\.text).joined(separator: " ") == builder.text)
    }

    @Test func documentWithoutBlocksIsOneTrimmedParagraph() {
        let document = ExtractedDocument(text: "  \n Plain text file. Two sentences.\n\n", blocks: [])
        let passages = makeChunker().passages(for: document)
        #expect(passages.count == 1)
        #expect(passages.first?.text == "Plain text file. Two sentences.")
        #expect(passages.first?.span == SourceSpan(start: 4, end: 35))
        #expect(passages.first?.headingPath == [])
    }

    @Test func emptyOrBlankDocumentsHaveNoPassages() {
        let chunker = makeChunker()
        #expect(chunker.passages(for: ExtractedDocument(text: "", blocks: [])).isEmpty)
        #expect(chunker.passages(for: ExtractedDocument(text: " \n\t ", blocks: [])).isEmpty)
        let blankBlock = TextBlock(kind: .paragraph, span: SourceSpan(start: 0, end: 3))
        #expect(chunker.passages(for: ExtractedDocument(text: " \n ", blocks: [blankBlock])).isEmpty)
    }

    @Test func offsetsCountUnicodeScalarsWithEmojiAndCJK() throws {
        var builder = DocumentBuilder()
        builder.heading(1, "深度研究 👩‍💻")
        builder.paragraph("Café 👩‍💻 résumé 🇯🇵 naïve.")
        builder.heading(2, "中文")
        builder.paragraph("我们在Linux上用Swift调用ICU进行中文分词。这是第二句。")
        builder.paragraph("Combining: e\u{301} and family 👨‍👩‍👧‍👦 end.")
        let document = builder.document
        let passages = makeChunker().passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        for passage in passages { #expect(document.text.slice(passage.span) == passage.text) }
        #expect(passages.map(\.headingPath) == [["深度研究 👩‍💻"], ["深度研究 👩‍💻", "中文"]])
        try #require(passages.count == 2)
        #expect(passages[0].text == "Café 👩‍💻 résumé 🇯🇵 naïve.")
        #expect(passages[1].text.hasPrefix("我们在Linux"))
        #expect(passages[1].text.hasSuffix("family 👨‍👩‍👧‍👦 end."))
    }

    @Test func headingTitlesAreTrimmed() {
        let text = "  Spaced title \n\nBody."
        let document = ExtractedDocument(
            text: text,
            blocks: [
                TextBlock(kind: .heading(level: 1), span: SourceSpan(start: 0, end: 15)),
                TextBlock(kind: .paragraph, span: SourceSpan(start: 17, end: 22)),
            ])
        let passages = makeChunker().passages(for: document)
        #expect(passages.map(\.headingPath) == [["Spaced title"]])
        #expect(passages.map(\.text) == ["Body."])
    }

    @Test func brokenBlockSpansDoNotCrashOrOverlap() {
        let text = "Alpha beta. Gamma delta.\n\nEpsilon zeta."
        let document = ExtractedDocument(
            text: text,
            blocks: [
                TextBlock(kind: .paragraph, span: SourceSpan(start: 0, end: 24)),
                TextBlock(kind: .paragraph, span: SourceSpan(start: 12, end: 24)),  // overlaps the first
                TextBlock(kind: .heading(level: 0), span: SourceSpan(start: 26, end: 33)),  // level 0
                TextBlock(kind: .paragraph, span: SourceSpan(start: 34, end: 500)),  // past the end
                TextBlock(kind: .paragraph, span: SourceSpan(start: 900, end: 950)),  // wholly outside
            ])
        let passages = makeChunker().passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        #expect(passages.map(\.text) == ["Alpha beta. Gamma delta.", "zeta."])
        #expect(passages.map(\.headingPath) == [[], ["Epsilon"]])
    }

    @Test func unusableOptionsAreClamped() {
        let chunker = Chunker(
            options: ChunkingOptions(maxTokens: 0, minTokens: -5, overlapTokens: 99),
            countTokens: testTokenCount, splitSentences: testSentenceSpans)
        #expect(chunker.options == ChunkingOptions(maxTokens: 1, minTokens: 0, overlapTokens: 0))
        let document = ExtractedDocument(text: "one two. three", blocks: [])
        let passages = chunker.passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 1)
        #expect(passages.map(\.text) == ["one", "two.", "three"])
    }
}

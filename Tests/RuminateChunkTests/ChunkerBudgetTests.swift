import RuminateChunk
import RuminateCore
import Testing

@Suite struct ChunkerBudgetTests {
    /// "Sentence 7 says word word word." with `words` tokens in all.
    private func sentence(_ number: Int, words: Int) -> String {
        (["Sentence", "\(number)"] + Array(repeating: "word", count: max(0, words - 2))).joined(separator: " ") + "."
    }

    private func isSentenceEnd(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "。" }

    @Test func manyParagraphsStayWithinBudgetAndLoseNothing() {
        var generator = SeededGenerator(seed: 7)
        var builder = DocumentBuilder()
        builder.heading(1, "Long section")
        var number = 0
        for _ in 0..<60 {
            let sentences = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                number += 1
                return sentence(number, words: Int.random(in: 3...20, using: &generator))
            }
            builder.paragraph(sentences.joined(separator: " "))
        }
        let document = builder.document
        let passages = makeChunker(maxTokens: 120, minTokens: 30, overlapTokens: 25).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 120)
        expectBodyCovered(passages, of: document)
        #expect(passages.count > 10)
        #expect(passages.allSatisfy { $0.headingPath == ["Long section"] })
        // Passages begin at a block or sentence start: the text begins with "Sentence".
        #expect(passages.allSatisfy { $0.text.hasPrefix("Sentence ") })
    }

    @Test func overlapRepeatsWholeTrailingSentencesWithinTheBudget() throws {
        var builder = DocumentBuilder()
        builder.heading(1, "Essay")
        builder.paragraph((1...40).map { sentence($0, words: 10) }.joined(separator: " "))
        let document = builder.document
        let passages = makeChunker(maxTokens: 100, minTokens: 20, overlapTokens: 25).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 100)
        expectBodyCovered(passages, of: document)
        #expect(passages.count >= 5)
        let scalars = Array(document.text.unicodeScalars)
        for (previous, next) in zip(passages, passages.dropFirst()) {
            // The overlap is the text both passages hold: from the next one's start to the previous one's end.
            #expect(next.span.start < previous.span.end, "no overlap before passage \(next.ordinal)")
            #expect(next.span.start > previous.span.start)
            guard next.span.start < previous.span.end else { continue }
            let overlap = scalarSlice(scalars, SourceSpan(start: next.span.start, end: previous.span.end))
            // Whole sentences: it starts where a sentence starts and ends with a sentence's period.
            #expect(overlap.hasPrefix("Sentence "))
            #expect(overlap.hasSuffix("."))
            #expect(isSentenceEnd(scalars[next.span.start - 2]))
            // Ten-token sentences under a 25-token overlap budget: exactly two of them.
            #expect(testTokenCount(overlap[...]) == 20)
        }
    }

    @Test func shortTrailingPieceBorrowsFromThePreviousPassage() throws {
        var builder = DocumentBuilder()
        builder.heading(1, "Tail")
        // 11 sentences of 10 tokens: greedy packing alone would leave the 11th sentence on its own.
        builder.paragraph((1...11).map { sentence($0, words: 10) }.joined(separator: " "))
        let document = builder.document
        let passages = makeChunker(maxTokens: 100, minTokens: 40, overlapTokens: 20).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 100)
        expectBodyCovered(passages, of: document)
        #expect(passages.count == 2)
        let last = try #require(passages.last)
        let first = try #require(passages.first)
        // The last passage owns sentences 8-11 (40 tokens) and repeats 6-7 as overlap.
        #expect(first.text.hasSuffix(sentence(7, words: 10)))
        #expect(last.text.hasPrefix("Sentence 6 "))
        #expect(last.text.hasSuffix(sentence(11, words: 10)))
        #expect(testTokenCount(last.text[...]) == 60)
    }

    @Test func giantSentenceIsCutAtWordsIntoBalancedPieces() {
        let words = (0..<1000).map { "w\($0)" }
        var builder = DocumentBuilder()
        builder.paragraph(words.joined(separator: " "))
        let document = builder.document
        let passages = makeChunker(maxTokens: 100, minTokens: 40, overlapTokens: 20).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 100)
        expectBodyCovered(passages, of: document)
        #expect(passages.count == 10)
        // Pieces of one sentence are not whole sentences, so they carry no overlap and cut between words.
        for (previous, next) in zip(passages, passages.dropFirst()) { #expect(next.span.start > previous.span.end) }
        let rejoined = passages.flatMap { $0.text.split(separator: " ").map(String.init) }
        #expect(rejoined == words)
    }

    @Test func cjkRunWithoutSpacesIsCutByScalarCount() {
        let han = Array("研究知识引擎深度检索文档索引")
        let run = String((0..<2_000).map { han[$0 % han.count] })
        var builder = DocumentBuilder()
        builder.heading(1, "中文")
        builder.paragraph(run)
        let document = builder.document
        let passages = makeChunker(maxTokens: 320, minTokens: 40, overlapTokens: 40).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        expectBodyCovered(passages, of: document)
        #expect(passages.count == 7)
        #expect(passages.map(\.text).joined() == run)
    }

    @Test func cjkSentencesOverlapOnSentenceMarks() {
        let sentences = (1...30).map { "第\($0)句研究知识引擎的检索方法。" }
        var builder = DocumentBuilder()
        builder.paragraph(sentences.joined())
        let document = builder.document
        let passages = makeChunker(maxTokens: 60, minTokens: 10, overlapTokens: 15).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 60)
        expectBodyCovered(passages, of: document)
        #expect(passages.count > 3)
        for (previous, next) in zip(passages, passages.dropFirst()) {
            #expect(next.span.start < previous.span.end)
            #expect(next.text.hasPrefix("第"))
            #expect(previous.text.hasSuffix("。"))
        }
    }

    @Test func emojiRunIsCutBetweenCharactersNotInsideThem() {
        // The counter sees one "word", but 6,003 scalars still cost tokens (one per 32 scalars at least),
        // so the run is cut into five; even cuts would land inside "👩 ZWJ 💻" sequences.
        let run = String(repeating: "👩‍💻", count: 2_001)
        let document = ExtractedDocument(text: run, blocks: [])
        let passages = makeChunker(maxTokens: 40, minTokens: 10, overlapTokens: 10).passages(for: document)
        expectPassageInvariants(passages, of: document, maxTokens: 40)
        #expect(passages.count == 5)
        #expect(passages.map(\.text).joined() == run)
        for passage in passages {
            #expect(passage.text.allSatisfy { $0 == "👩‍💻" })
            #expect(passage.text.unicodeScalars.count % 3 == 0)
        }
    }

    @Test func twoMegabyteDocumentChunksWithAllInvariants() {
        var generator = SeededGenerator(seed: 2024)
        let vocabulary = [
            "index", "passage", "ranking", "query", "token", "research", "engine", "café", "naïve",
            "研究", "知识", "👩‍💻", "offline", "evidence", "cite", "answer",
        ]
        func words(_ count: Int) -> String {
            (0..<count).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
        }
        var builder = DocumentBuilder()
        var level = 1
        while builder.text.utf8.count < 2_000_000 {
            level = max(1, min(4, level + Int.random(in: -1...1, using: &generator)))
            builder.heading(level, "Heading \(builder.blocks.count) " + words(2))
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: builder.paragraph(words(Int.random(in: 400...900, using: &generator)))  // one giant sentence
                case 1:  // a paragraph over budget, cut at sentences
                    let count = Int.random(in: 20...60, using: &generator)
                    builder.paragraph((0..<count).map { _ in words(12) + "." }.joined(separator: " "))
                default:
                    let count = Int.random(in: 1...5, using: &generator)
                    builder.paragraph(
                        (0..<count).map { _ in words(Int.random(in: 4...30, using: &generator)) + "." }
                            .joined(separator: " "))
                }
            }
        }
        let document = builder.document
        let passages = makeChunker().passages(for: document)
        #expect(passages.count > 1_000)
        expectPassageInvariants(passages, of: document, maxTokens: 320)
        expectBodyCovered(passages, of: document)
    }
}

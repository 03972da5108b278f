import RuminateChunk
import RuminateCore
import Testing

/// Tokens for tests: runs of non-white-space, except that every Han or Kana scalar is a token of its own
/// (as ICU's dictionary word breaking roughly makes it), so CJK text without spaces has a real count.
@Sendable func testTokenCount(_ text: Substring) -> Int {
    var count = 0
    var inWord = false
    for scalar in text.unicodeScalars {
        if scalar.properties.isWhitespace {
            inWord = false
        } else if isHanOrKana(scalar) {
            count += 1
            inWord = false
        } else if !inWord {
            count += 1
            inWord = true
        }
    }
    return count
}

private func isHanOrKana(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2FA1F: return true
    default: return false
    }
}

/// Sentences for tests: a sentence ends after "." followed by white space, or after "。".
/// Spans are in Unicode scalar offsets of `text` and include the white space that follows.
@Sendable func testSentenceSpans(_ text: String) -> [SourceSpan] {
    let scalars = Array(text.unicodeScalars)
    var spans: [SourceSpan] = []
    var start = 0
    for index in scalars.indices {
        let scalar = scalars[index]
        let followedBySpace = index + 1 < scalars.count && scalars[index + 1].properties.isWhitespace
        let endsSentence = scalar == "。" || (scalar == "." && followedBySpace)
        if endsSentence {
            spans.append(SourceSpan(start: start, end: index + 1))
            start = index + 1
        }
    }
    if start < scalars.count { spans.append(SourceSpan(start: start, end: scalars.count)) }
    return spans
}

func makeChunker(maxTokens: Int = 320, minTokens: Int = 40, overlapTokens: Int = 40) -> Chunker {
    Chunker(
        options: ChunkingOptions(maxTokens: maxTokens, minTokens: minTokens, overlapTokens: overlapTokens),
        countTokens: testTokenCount, splitSentences: testSentenceSpans)
}

/// Builds a document the way a parser would: blocks separated by blank lines, spans in scalars.
struct DocumentBuilder {
    private(set) var text = ""
    private(set) var blocks: [TextBlock] = []
    private var scalarCount = 0

    mutating func heading(_ level: Int, _ title: String) { append(title, kind: .heading(level: level)) }
    mutating func paragraph(_ body: String) { append(body, kind: .paragraph) }

    private mutating func append(_ body: String, kind: TextBlock.Kind) {
        if !text.isEmpty {
            text += "\n\n"
            scalarCount += 2
        }
        let length = body.unicodeScalars.count
        blocks.append(TextBlock(kind: kind, span: SourceSpan(start: scalarCount, end: scalarCount + length)))
        text += body
        scalarCount += length
    }

    var document: ExtractedDocument { ExtractedDocument(text: text, blocks: blocks) }
}

/// The text of `span`, cut from an array of scalars: independent of the code under test, and fast.
func scalarSlice(_ scalars: [Unicode.Scalar], _ span: SourceSpan) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[span.start..<span.end])
    return String(view)
}

/// What must hold for every passage of every document.
func expectPassageInvariants(
    _ passages: [PassageDraft], of document: ExtractedDocument, maxTokens: Int,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let scalars = Array(document.text.unicodeScalars)
    var previousStart = -1
    for (position, passage) in passages.enumerated() {
        #expect(passage.ordinal == position, sourceLocation: sourceLocation)
        #expect(!passage.text.isEmpty, "passage \(position) is empty", sourceLocation: sourceLocation)
        guard passage.span.start >= 0, passage.span.end <= scalars.count, !passage.span.isEmpty else {
            Issue.record("passage \(position) span \(passage.span) outside the text", sourceLocation: sourceLocation)
            continue
        }
        let expected = scalarSlice(scalars, passage.span)
        #expect(
            passage.text.unicodeScalars.elementsEqual(expected.unicodeScalars),
            "passage \(position) text differs from its span", sourceLocation: sourceLocation)
        #expect(
            !scalars[passage.span.start].properties.isWhitespace
                && !scalars[passage.span.end - 1].properties.isWhitespace,
            "passage \(position) starts or ends with white space", sourceLocation: sourceLocation)
        let tokens = testTokenCount(passage.text[...])
        #expect(tokens <= maxTokens, "passage \(position) has \(tokens) tokens", sourceLocation: sourceLocation)
        #expect(passage.span.start > previousStart, "passages out of order", sourceLocation: sourceLocation)
        previousStart = passage.span.start
    }
}

/// Every non-white-space scalar of every body block lies inside some passage: nothing the parser found is dropped.
func expectBodyCovered(
    _ passages: [PassageDraft], of document: ExtractedDocument, sourceLocation: SourceLocation = #_sourceLocation
) {
    let scalars = Array(document.text.unicodeScalars)
    var depthChange = [Int](repeating: 0, count: scalars.count + 1)
    for passage in passages {
        depthChange[passage.span.start] += 1
        depthChange[passage.span.end] -= 1
    }
    var covered = [Bool](repeating: false, count: scalars.count)
    var depth = 0
    for offset in scalars.indices {
        depth += depthChange[offset]
        covered[offset] = depth > 0
    }
    for block in document.blocks where block.headingLevel == nil {
        let lost = (block.span.start..<block.span.end).first { !covered[$0] && !scalars[$0].properties.isWhitespace }
        #expect(lost == nil, "block \(block.span) loses the scalar at \(lost ?? -1)", sourceLocation: sourceLocation)
    }
}

/// A small seeded generator, so long test documents are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import RuminateCore

/// The context a sentence needs to be quoted alone, found in the passage it comes from. A sentence that ends
/// with a colon brings the short blocks that follow it (the list or table rows it introduces); a sentence that
/// opens with an anaphor ("This", "It", "These"…) brings the sentence before it. The quote stays one
/// contiguous, verbatim span of the passage, so its offsets are exact like any sentence's.
public enum QuoteContext {
    /// A list item longer than this many words is prose, and ends the list.
    public static let listItemWords = 40
    /// A list brought along stops after this many words (a long list is cut at an item boundary).
    public static let listWords = 50
    /// Words that, opening a sentence, point back at something it does not name.
    public static let anaphors: Set<String> = [
        "this", "it", "these", "those", "they", "that", "such", "its", "their", "thus", "hence", "otherwise",
        "however",
    ]

    /// For each sentence span of `text` (in order), the span to quote: the sentence itself or the sentence with
    /// its context. `spans` are scalar offsets into `text`.
    public static func quotes(for spans: [SourceSpan], in text: ScalarText) -> [SourceSpan] {
        let blocks = blockNumbers(of: spans, in: text)
        return spans.indices.map { i in
            var quote = spans[i]
            let sentence = text.slice(spans[i])
            if sentence.hasSuffix(":") {
                var words = 0
                var j = i + 1
                while j < spans.count {
                    let block = spans.indices[j...].prefix { blocks[$0] == blocks[j] }
                    let blockWords = block.reduce(0) { $0 + wordCount(text.slice(spans[$1])) }
                    guard blockWords <= listItemWords, words + blockWords <= listWords || j == i + 1 else { break }
                    words += blockWords
                    quote.end = spans[block.last!].end
                    j = block.last! + 1
                }
            } else if i > 0, opensWithAnaphor(sentence) {
                quote.start = spans[i - 1].start
            }
            return quote
        }
    }

    /// True when the first word of `sentence` (folded) is an anaphor.
    public static func opensWithAnaphor(_ sentence: String) -> Bool {
        let first = sentence.prefix { $0.isLetter }.lowercased()
        return anaphors.contains(first)
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    /// A block number per sentence: it grows at each line break between two sentences (blocks of extracted
    /// text are separated by newlines).
    static func blockNumbers(of spans: [SourceSpan], in text: ScalarText) -> [Int] {
        var numbers: [Int] = []
        var block = 0
        for (i, span) in spans.enumerated() {
            if i > 0, text.slice(SourceSpan(start: spans[i - 1].end, end: span.start)).contains("\n") { block += 1 }
            numbers.append(block)
        }
        return numbers
    }
}

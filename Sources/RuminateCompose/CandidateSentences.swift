import RuminateCore
import RuminateText

/// A sentence of a retrieved passage that could go into an answer.
public struct CandidateSentence: Sendable, Hashable {
    /// Position of the passage it came from in the retrieved list (0 = best).
    public var hitIndex: Int
    public var documentID: Int64
    /// Unicode-scalar offsets into the document's stored text of the quote: the sentence with the context it
    /// needs (`QuoteContext`: the list after a colon, the sentence before an anaphor).
    public var span: SourceSpan
    /// Exactly `documentText.slice(span)`.
    public var text: String
    /// The sentence alone, within `span`.
    public var sentence: SourceSpan
    /// Position of the sentence in its passage (0 = first).
    public var position: Int
    /// Where the sentence starts in its passage, as a share of the passage's length (0 = at its start).
    public var passageOffset: Double
    /// Content terms (stopwords dropped) with their frequencies.
    public var termFrequencies: [String: Int]
    /// Number of content terms, counting repeats (the sentence's BM25 length).
    public var length: Int
    /// Number of words, stopwords included.
    public var wordCount: Int
    /// Content terms of its passage's heading path: what the section it stands in is about.
    public var headingTerms: Set<String>

    public init(
        hitIndex: Int, documentID: Int64, span: SourceSpan, text: String, termFrequencies: [String: Int], length: Int,
        wordCount: Int, sentence: SourceSpan? = nil, position: Int = 0, passageOffset: Double = 0,
        headingTerms: Set<String> = []
    ) {
        self.headingTerms = headingTerms
        self.hitIndex = hitIndex
        self.documentID = documentID
        self.span = span
        self.text = text
        self.sentence = sentence ?? span
        self.position = position
        self.passageOffset = passageOffset
        self.termFrequencies = termFrequencies
        self.length = length
        self.wordCount = wordCount
    }
}

/// Cuts retrieved passages into sentences with exact document offsets.
public enum CandidateSentences {
    /// The sentences of `hits` and, for each hit, the content terms of all its sentences.
    public struct Extraction: Sendable {
        /// Best passage first, in reading order within each passage. A sentence repeated by overlapping
        /// passages of one document is kept once, with the better passage.
        public var candidates: [CandidateSentence]
        /// Per hit: the union of its sentences' content terms (repeated sentences included).
        public var passageTerms: [Set<String>]
    }

    public static func extract(from hits: [SearchHit], analyzer: TextAnalyzer) -> Extraction {
        var seen: [SentenceKey: Int] = [:]
        var candidates: [CandidateSentence] = []
        var passageTerms = [Set<String>](repeating: [], count: hits.count)
        let labels = headingLabels(of: hits)
        for (hitIndex, hit) in hits.enumerated() {
            let passage = hit.passage
            let spans = SentenceSplitter.sentences(in: passage.text)
            let scalars = ScalarText(passage.text)
            let quotes = QuoteContext.quotes(for: spans, in: scalars)
            let headingTerms = Set(
                analyzer.analyze(passage.headingPath.joined(separator: "\n")).filter { !$0.isStopword }.map(\.term))
            var position = -1  // among the passage's sentences that are not labels
            for (sentence, span) in zip(spans, quotes) {
                let text = scalars.slice(span)
                // A heading or the title standing as a line of the text labels a section: it states nothing, so
                // it is never quoted (its terms still tell what the passage covers).
                let sentenceText = scalars.slice(sentence)
                if labels[hit.document.id, default: []].contains(labelKey(sentenceText)) || readsAsHeading(sentenceText)
                {
                    passageTerms[hitIndex].formUnion(analyzer.analyze(text).filter { !$0.isStopword }.map(\.term))
                    continue
                }
                position += 1
                let documentSpan = SourceSpan(
                    start: passage.span.start + span.start, end: passage.span.start + span.end)
                let key = SentenceKey(documentID: hit.document.id, span: documentSpan)
                if let earlier = seen[key] {
                    passageTerms[hitIndex].formUnion(candidates[earlier].termFrequencies.keys)
                    continue
                }
                seen[key] = candidates.count
                var frequencies: [String: Int] = [:]
                var length = 0, words = 0
                for token in analyzer.analyze(text) {
                    words += 1
                    guard !token.isStopword else { continue }
                    frequencies[token.term, default: 0] += 1
                    length += 1
                }
                candidates.append(
                    CandidateSentence(
                        hitIndex: hitIndex, documentID: hit.document.id, span: documentSpan, text: text,
                        termFrequencies: frequencies, length: length, wordCount: words,
                        sentence: SourceSpan(
                            start: passage.span.start + sentence.start, end: passage.span.start + sentence.end),
                        position: position, passageOffset: Double(sentence.start) / Double(max(1, scalars.count)),
                        headingTerms: headingTerms))
                passageTerms[hitIndex].formUnion(frequencies.keys)
            }
        }
        return Extraction(candidates: candidates, passageTerms: passageTerms)
    }

    /// Per document, the normalised title and headings of its retrieved passages (with and without their
    /// section numbers, as a table of contents lists them).
    static func headingLabels(of hits: [SearchHit]) -> [Int64: Set<String>] {
        var labels: [Int64: Set<String>] = [:]
        for hit in hits {
            for heading in [hit.document.title] + hit.passage.headingPath {
                let key = labelKey(heading)
                guard !key.isEmpty else { continue }
                labels[hit.document.id, default: []].insert(key)
                labels[hit.document.id, default: []].insert(labelKey(withoutSectionNumber(heading)))
            }
        }
        return labels
    }

    /// A short line in title case without a sentence's closing punctuation ("Sometimes Queries Return
    /// SQLITE_BUSY In WAL Mode"): a heading, a table of contents' entry or a link list, whatever its document.
    /// Words that are not cased (numbers, options, Chinese) neither make nor break it.
    static func readsAsHeading(_ line: String) -> Bool {
        guard !ReaderFeatures.isTerminated(line) else { return false }
        let words = line.split(whereSeparator: \.isWhitespace)
        guard (2...12).contains(words.count) else { return false }
        var cased = 0
        for word in words {
            guard let first = word.first(where: \.isLetter), first.isCased else { continue }
            if minorWords.contains(word.lowercased()) { continue }
            guard word.first!.isUppercase else { return false }
            cased += 1
        }
        return cased >= 2
    }

    /// Words a title leaves in lower case.
    static let minorWords: Set<String> = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per", "the", "to", "via",
        "vs", "vs.", "with",
    ]

    /// Case-folded, with whitespace collapsed: how a heading and the line that prints it are compared.
    static func labelKey(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// "2.1. Use of shared-cache" → "Use of shared-cache".
    static func withoutSectionNumber(_ heading: String) -> String {
        let trimmed = heading.drop { $0.isNumber || $0 == "." }
        guard trimmed.count < heading.count, trimmed.first?.isWhitespace == true else { return heading }
        return String(trimmed.drop(while: \.isWhitespace))
    }

    private struct SentenceKey: Hashable {
        var documentID: Int64
        var span: SourceSpan
    }
}

import Foundation
import RuminateCore
import RuminateRetrieve
import RuminateText

/// One content term of a question with its weight: how often it was asked and how rare it is.
public struct QuestionTerm: Sendable, Hashable {
    public var term: String
    public var count: Int
    /// Lucene's BM25 idf from the index's own passage statistics; a term the index lacks gets the
    /// largest possible idf (it is as informative as a term can be, and nothing covers it).
    public var idf: Double

    public init(term: String, count: Int, idf: Double) {
        self.term = term
        self.count = count
        self.idf = idf
    }

    public var weight: Double { idf * Double(count) }
}

/// A question reduced to the terms that carry its content.
public struct AnalyzedQuestion: Sendable, Hashable {
    public var text: String
    public var terms: [QuestionTerm]
    /// Acronyms of the question's phrases ("write-ahead logging" → "wal") with the terms each stands for: a
    /// sentence that uses the acronym matches those terms (documents name a thing once in full, then by its
    /// acronym).
    public var acronyms: [String: [String]]

    public init(text: String, terms: [QuestionTerm], acronyms: [String: [String]] = [:]) {
        self.text = text
        self.terms = terms
        self.acronyms = acronyms
    }

    /// The terms a sentence holding `termFrequencies` matches, acronyms counted for the terms they stand for.
    public func frequency(of term: String, in termFrequencies: [String: Int]) -> Int? {
        if let tf = termFrequencies[term] { return tf }
        for (acronym, covered) in acronyms where covered.contains(term) {
            if let tf = termFrequencies[acronym] { return tf }
        }
        return nil
    }

    /// Whether `term` (or an acronym standing for it) is among `present`.
    public func appears(_ term: String, in present: Set<String>) -> Bool {
        present.contains(term) || acronyms.contains { $0.value.contains(term) && present.contains($0.key) }
    }

    /// The sum of every term's weight: what a passage would cover if it held every term.
    public var totalWeight: Double { terms.reduce(0) { $0 + $1.weight } }

    /// The share of the question's weight whose terms appear in `present` (0...1).
    public func coverage(of present: (String) -> Bool) -> Double {
        let total = totalWeight
        guard total > 0 else { return 0 }
        return terms.reduce(0) { present($1.term) ? $0 + $1.weight : $0 } / total
    }
}

/// Analyses questions with the index's text policy and weighs their terms by the index's statistics.
/// Holds a postings-block cache: one per thread, like `Searcher`.
public final class QuestionAnalyzer {
    public let index: any IndexedCorpus
    public let analyzer: TextAnalyzer
    private let frequencies: DocumentFrequencies

    public init(index: any IndexedCorpus, analyzer: TextAnalyzer = TextAnalyzer()) {
        self.index = index
        self.analyzer = analyzer
        self.frequencies = index.documentFrequencies(cacheBytes: 32 << 20)
    }

    public func analyze(_ question: String) throws -> AnalyzedQuestion {
        let counts = Self.contentTerms(of: question, analyzer: analyzer)
        let idf = try frequencies.inverseDocumentFrequencies(counts.map(\.term))
        return AnalyzedQuestion(
            text: question,
            terms: counts.map { QuestionTerm(term: $0.term, count: $0.count, idf: idf[$0.term] ?? 0) },
            acronyms: Self.acronyms(of: question, analyzer: analyzer))
    }

    /// The initials of every run of 2 to 4 consecutive content words (hyphenated parts count as words), when
    /// they make 3 letters or more, each with the terms of its words.
    public static func acronyms(of question: String, analyzer: TextAnalyzer) -> [String: [String]] {
        let words = question.split { !$0.isLetter }.map(String.init)
        let analyzed = words.map { word -> (initial: Character, term: String)? in
            guard let token = analyzer.analyze(word).first, !token.isStopword,
                !QuestionWords.surfaces.contains(word.lowercased()), let initial = word.lowercased().first
            else { return nil }
            return (initial, token.term)
        }
        var result: [String: [String]] = [:]
        for start in analyzed.indices {
            for length in 2...4 where start + length <= analyzed.count {
                let run = analyzed[start..<(start + length)]
                guard run.allSatisfy({ $0 != nil }) else { continue }
                let acronym = String(run.map { $0!.initial })
                guard acronym.count >= 3, let folded = analyzer.analyze(acronym).first?.term else { continue }
                result[folded] = run.map { $0!.term }
            }
        }
        return result
    }

    /// The question's terms in order of first use with their counts: stopwords and question words
    /// ("how", "does", "I") dropped, unless nothing else is left.
    public static func contentTerms(of question: String, analyzer: TextAnalyzer) -> [(term: String, count: Int)] {
        let tokens = analyzer.analyze(question)
        let utf8 = Array(question.utf8)
        var content: [AnalyzedToken] = []
        var withoutStopwords: [AnalyzedToken] = []
        for token in tokens where !token.isStopword {
            withoutStopwords.append(token)
            let surface = String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self).lowercased()
            if !QuestionWords.surfaces.contains(surface) { content.append(token) }
        }
        let chosen = !content.isEmpty ? content : !withoutStopwords.isEmpty ? withoutStopwords : tokens
        var order: [String] = []
        var counts: [String: Int] = [:]
        for token in chosen {
            if counts[token.term] == nil { order.append(token.term) }
            counts[token.term, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }
}

/// Words that shape a question rather than name its subject. Matched on the folded surface form before
/// stemming. Kept short: every word here is one a question can no longer be matched on.
enum QuestionWords {
    static let surfaces: Set<String> = [
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "do", "does", "did", "can", "could", "should", "would", "may", "might", "must", "shall",
        "i", "me", "my", "we", "our", "you", "your",
        "tell", "explain", "describe",
        // The same words in Chinese, as ICU segments them (how, what, which, who, when, where, why, how many,
        // can, should, I, we, you, tell, explain, describe, please, and the question particles).
        "如何", "怎样", "怎么", "怎么样", "什么", "哪", "哪个", "哪些", "谁", "何时", "什么时候", "哪里", "哪儿",
        "为什么", "为何", "多少", "多少个", "几", "能", "能够", "可以", "能否", "是否", "应该", "我", "我的", "我们",
        "你", "您", "告诉", "解释", "描述", "请", "请问", "吗", "呢", "吧",
        // Chinese has no stopword flag in the analyzer (its 33 stopwords are English): the same stop set,
        // translated (a, and, are/is/be, at/in, but, by, for, if, into/to, it, no/not, of, or, that, then,
        // these, they, this, will), plus the aspect particles 了 and 着. In an index of mostly English passages
        // these words are rare, so their idf would otherwise outweigh the question's subject.
        "一", "一个", "和", "与", "及", "是", "在", "但", "但是", "被", "由", "为", "为了", "如果", "到", "它", "不",
        "没有", "的", "之", "或", "或者", "那", "那个", "然后", "这些", "他们", "这", "这个", "将", "会", "了", "着",
    ]
}

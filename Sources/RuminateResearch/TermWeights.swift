import Foundation
import RuminateRetrieve
import RuminateText

/// A passage's content terms weighted by tf-idf (Lucene idf from the index's own postings), with the
/// surface form each stemmed term was most often written as, so labels read as words, not stems.
public struct WeightedTerms: Sendable, Hashable {
    public var weights: [String: Double]
    /// Stemmed term → the surface spellings seen, with counts.
    public var surfaces: [String: [String: Int]]

    public init(weights: [String: Double] = [:], surfaces: [String: [String: Int]] = [:]) {
        self.weights = weights
        self.surfaces = surfaces
    }

    /// The terms by weight, heaviest first (ties by term, so the order is the same on every run).
    public var ranked: [String] {
        weights.keys.sorted { a, b in weights[a]! != weights[b]! ? weights[a]! > weights[b]! : a < b }
    }

    public func cosine(_ other: WeightedTerms) -> Double {
        var dot = 0.0
        for (term, weight) in weights { if let w = other.weights[term] { dot += weight * w } }
        let norms = norm * other.norm
        return norms > 0 ? dot / norms : 0
    }

    public var norm: Double { sqrt(weights.values.reduce(0) { $0 + $1 * $1 }) }

    /// The most common spelling of `term` (ties by spelling), or the term itself.
    public func surface(of term: String) -> String {
        guard let counts = surfaces[term], !counts.isEmpty else { return term }
        return counts.keys.sorted { a, b in counts[a]! != counts[b]! ? counts[a]! > counts[b]! : a < b }[0]
    }

    public mutating func add(_ other: WeightedTerms) {
        for (term, weight) in other.weights { weights[term, default: 0] += weight }
        for (term, counts) in other.surfaces {
            for (surface, count) in counts { surfaces[term, default: [:]][surface, default: 0] += count }
        }
    }
}

/// Weighs the terms of passages by the index's document frequencies; caches idf per term.
/// Holds a postings-block cache: one per thread.
public final class TermWeigher {
    public let index: any IndexedCorpus
    public let analyzer: TextAnalyzer
    private let frequencies: DocumentFrequencies
    private var idfCache: [String: Double] = [:]

    public init(index: any IndexedCorpus, analyzer: TextAnalyzer = TextAnalyzer()) {
        self.index = index
        self.analyzer = analyzer
        self.frequencies = index.documentFrequencies(cacheBytes: 16 << 20)
    }

    /// Content terms of `text` (no stopwords, no numbers, at least 3 letters, none of `excluded`) by tf-idf.
    public func weigh(_ text: String, excluding excluded: Set<String> = []) throws -> WeightedTerms {
        let utf8 = Array(text.utf8)
        var counts: [String: Int] = [:]
        var surfaces: [String: [String: Int]] = [:]
        for token in analyzer.analyze(text) where !token.isStopword && !excluded.contains(token.term) {
            let surface = String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self)
            guard Self.isWordLike(surface), !Self.genericWords.contains(surface.lowercased()) else { continue }
            counts[token.term, default: 0] += 1
            surfaces[token.term, default: [:]][surface, default: 0] += 1
        }
        let idf = try inverseDocumentFrequencies(Array(counts.keys))
        var weights: [String: Double] = [:]
        for (term, count) in counts { weights[term] = (1 + log(Double(count))) * (idf[term] ?? 0) }
        return WeightedTerms(weights: weights, surfaces: surfaces)
    }

    /// Common words outside the stopword list that say nothing about a subject ("when", "may", "every"):
    /// never a label or an expansion term.
    static let genericWords: Set<String> = [
        "about", "after", "all", "also", "any", "been", "before", "between", "both", "but", "can", "cannot", "could",
        "did", "does", "done", "each", "either", "every", "from", "had", "has", "have", "how", "its", "just", "many",
        "may", "might", "more", "most", "much", "must", "never", "new", "now", "one", "only", "other", "over", "same",
        "should", "since", "some", "such", "than", "them", "those", "through", "two", "under", "until", "use", "used",
        "uses", "using", "very", "was", "were", "what", "when", "where", "which", "while", "who", "why", "would", "you",
        "your",
        "another", "even", "few", "first", "get", "gets", "however", "last", "less", "like", "made", "make", "makes",
        "need",
        "needs", "next", "often", "own", "per", "several", "still", "therefore", "thus", "tries", "try", "usually",
        "via",
        "way", "ways", "well", "yet",
    ]

    /// Words worth naming an aspect by: at least three characters and some letter (not "42", not "0x1f").
    static func isWordLike(_ surface: String) -> Bool {
        let scalars = surface.unicodeScalars
        guard scalars.count >= 3 || scalars.contains(where: { $0.value >= 0x2E80 }) else { return false }
        return scalars.contains { CharacterSet.letters.contains($0) }
            && !scalars.contains { CharacterSet.decimalDigits.contains($0) }
    }

    /// The idf of each term (`DocumentFrequencies`), remembered for the life of the weigher.
    public func inverseDocumentFrequencies(_ terms: [String]) throws -> [String: Double] {
        let missing = terms.filter { idfCache[$0] == nil }
        if !missing.isEmpty {
            idfCache.merge(try frequencies.inverseDocumentFrequencies(missing)) { a, _ in a }
        }
        var result: [String: Double] = [:]
        for term in terms { result[term] = idfCache[term] }
        return result
    }
}

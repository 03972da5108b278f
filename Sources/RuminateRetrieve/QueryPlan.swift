import RuminateText

/// What a user's query becomes after the index's text analysis. User text never reaches FTS5's MATCH
/// raw: quotes, `NEAR(`, `col:` and parentheses are just characters the analyzer drops or splits on.
public struct QueryPlan: Sendable, Hashable {
    public struct Term: Sendable, Hashable {
        public var term: String
        /// How often the term occurs in the query (BM25's query term frequency).
        public var count: Int
        /// The first surface form typed for it, for explanations.
        public var surface: String
    }

    /// The ranking terms (stopwords dropped unless the query has nothing else).
    public var terms: [Term]
    /// Every analysed token's surface, stopwords included.
    public var surfaces: [String]
    /// The first surface of each distinct analysed word, stopwords included, in query order.
    private var distinctSurfaces: [String] = []

    public init(query: String, analyzer: TextAnalyzer) {
        let tokens = analyzer.analyze(query)
        let utf8 = Array(query.utf8)
        var surfaces: [String] = []
        var order: [String] = []
        var counts: [String: Int] = [:]
        var firstSurface: [String: String] = [:]
        var stopOrder: [String] = []
        var stopCounts: [String: Int] = [:]
        for token in tokens {
            let surface = String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self)
            surfaces.append(surface)
            if firstSurface[token.term] == nil {
                firstSurface[token.term] = surface
                distinctSurfaces.append(surface)
            }
            if token.isStopword {
                if stopCounts[token.term] == nil { stopOrder.append(token.term) }
                stopCounts[token.term, default: 0] += 1
            } else {
                if counts[token.term] == nil { order.append(token.term) }
                counts[token.term, default: 0] += 1
            }
        }
        if order.isEmpty {
            order = stopOrder
            counts = stopCounts
        }
        self.terms = order.map { Term(term: $0, count: counts[$0]!, surface: firstSurface[$0]!) }
        self.surfaces = surfaces
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// A safe FTS5 expression matching any of the query's words: each analysed word once, as its first surface
    /// form quoted as an FTS5 string (inner quotes doubled), joined with OR. FTS5 re-analyses each with the same
    /// tokenizer. Once per word, not per spelling: FTS5's ranking costs each passage its phrases times their
    /// occurrences, so 800 spellings of "the" ("THE", "thé", "ｔｈｅ"…) made a plain query take 29 s.
    public var anyWordPattern: String? {
        guard !distinctSurfaces.isEmpty else { return nil }
        return distinctSurfaces.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " OR ")
    }
}

import Foundation
import RuminateCore
import RuminateText

/// One passage of the ranking being reranked, with what each leg said about it.
public struct RerankCandidate: Sendable, Hashable {
    public var passage: PassageInfo
    /// The title of the passage's document.
    public var title: String
    /// 1-based rank in the ranking being reranked (lexical, vector or fused), and its score there.
    public var baseRank: Int
    public var baseScore: Double
    /// The lexical leg's rank and BM25F score, nil when the passage is not in its top.
    public var lexicalRank: Int?
    public var lexicalScore: Double?
    /// The vector leg's rank and cosine, nil when the leg did not run or the passage is not in its top.
    public var vectorRank: Int?
    public var vectorScore: Double?

    public init(
        passage: PassageInfo, title: String, baseRank: Int, baseScore: Double, lexicalRank: Int? = nil,
        lexicalScore: Double? = nil, vectorRank: Int? = nil, vectorScore: Double? = nil
    ) {
        self.passage = passage
        self.title = title
        self.baseRank = baseRank
        self.baseScore = baseScore
        self.lexicalRank = lexicalRank
        self.lexicalScore = lexicalScore
        self.vectorRank = vectorRank
        self.vectorScore = vectorScore
    }
}

/// The query as the reranker reads it: its terms weighed by rarity, its adjacent term pairs, and which legs ran.
public struct RerankQuery: Sendable {
    /// Analysed ranking terms and their weight (idf × count in the query).
    public var weights: [String: Double]
    /// Adjacent non-stopword terms of the query, in order.
    public var bigrams: Set<[String]>
    /// Whether the vector leg ran (its features are 0 otherwise, and the lexical-only model applies).
    public var hasVectorLeg: Bool
    /// Imputed for a candidate missing from a leg's top: that leg's lowest returned score.
    public var lexicalFloor: Double
    public var vectorFloor: Double

    public init(
        plan: QueryPlan, idf: [String: Double], analyzer: TextAnalyzer, hasVectorLeg: Bool, lexicalFloor: Double = 0,
        vectorFloor: Double = 0
    ) {
        var weights: [String: Double] = [:]
        for term in plan.terms { weights[term.term] = (idf[term.term] ?? 0) * Double(term.count) }
        self.weights = weights
        let content = analyzer.analyze(plan.surfaces.joined(separator: " ")).filter { !$0.isStopword }.map(\.term)
        self.bigrams = Set(zip(content, content.dropFirst()).map { [$0, $1] })
        self.hasVectorLeg = hasVectorLeg
        self.lexicalFloor = lexicalFloor
        self.vectorFloor = vectorFloor
    }
}

/// What the learned reranker knows about a candidate passage: what each leg said (scores and ranks), where the
/// query's weight lands (title, headings, body), and how tightly the passage answers it (its best sentence, the
/// closest window holding the matched terms, the query's word pairs). Computed from the passage text, the
/// legs' results and the query's idf, nothing else; `RerankModel` weighs them with learned constants.
public enum RerankFeatures {
    /// The features in order; `RerankModel` weights and `scripts/fit-rerank` use the same order.
    public static let names = [
        "lexical_score", "log_bm25", "lexical_rank", "vector_cosine", "vector_rank", "base_rank",
        "title_share", "headings_share", "passage_share", "sentence_bm25", "sentence_coverage", "proximity",
        "bigrams", "log_words",
    ]

    /// Sentence BM25 constants: Robertson's usual k1 and b, lengths against the candidates' average sentence.
    static let sentenceK1 = 1.2
    static let sentenceB = 0.75

    /// One feature vector (in `names` order) per candidate; some features are relative to the best candidate.
    public static func vectors(
        _ candidates: [RerankCandidate], query: RerankQuery, analyzer: TextAnalyzer
    ) -> [[Double]] {
        let texts = candidates.map { PassageMatches($0.passage.text, query: query, analyzer: analyzer) }
        let sentenceLengths = texts.flatMap(\.sentenceLengths)
        let averageSentence = max(1, Double(sentenceLengths.reduce(0, +)) / Double(max(1, sentenceLengths.count)))
        let total = query.weights.values.reduce(0, +)
        let lexical = candidates.map { $0.lexicalScore ?? query.lexicalFloor }
        let cosine = candidates.map { $0.vectorScore ?? query.vectorFloor }
        let bestLexical = lexical.max() ?? 0
        let sentence = texts.map { sentenceScores($0, query: query, averageLength: averageSentence, total: total) }
        let bestSentence = sentence.map(\.bm25).max() ?? 0
        func discount(_ rank: Int?) -> Double { rank.map { 1 / log2(1 + Double($0)) } ?? 0 }
        func share<S: Sequence<String>>(_ terms: S) -> Double {
            total > 0 ? Set(terms).reduce(0) { $0 + (query.weights[$1] ?? 0) } / total : 0
        }
        return candidates.indices.map { i in
            let candidate = candidates[i], text = texts[i]
            let vector = query.hasVectorLeg
            return [
                bestLexical > 0 ? lexical[i] / bestLexical : 0,
                log(1 + lexical[i]) / log(100),
                discount(candidate.lexicalRank),
                vector ? cosine[i] : 0,
                vector ? discount(candidate.vectorRank) : 0,
                discount(candidate.baseRank),
                share(analyzer.terms(candidate.title)),
                share(analyzer.terms(candidate.passage.headingPath.joined(separator: " "))),
                share(text.matches.map(\.term)),
                bestSentence > 0 ? sentence[i].bm25 / bestSentence : 0,
                sentence[i].coverage,
                proximity(text.matches),
                bigrams(text.matches, query: query),
                log(1 + Double(text.wordCount)) / log(1000),
            ]
        }
    }

    /// Where a passage's words (stopwords dropped) match the query's terms: cheap to keep, so 50 candidates cost
    /// one analysis each and little else.
    struct PassageMatches {
        struct Match {
            var position: Int
            var sentence: Int
            var term: String
        }

        var matches: [Match] = []
        var wordCount = 0
        /// Words per sentence, for the sentences with any.
        var sentenceLengths: [Int] = []

        init(_ text: String, query: RerankQuery, analyzer: TextAnalyzer) {
            // Sentence ends as UTF-8 offsets, to assign each token (which carries UTF-8 offsets) to its sentence.
            let spans = SentenceSplitter.sentences(in: text)
            var utf8Ends: [Int] = []
            utf8Ends.reserveCapacity(spans.count)
            var scalar = 0, utf8 = 0, next = 0
            for value in text.unicodeScalars {
                while next < spans.count, spans[next].end <= scalar {
                    utf8Ends.append(utf8)
                    next += 1
                }
                scalar += 1
                utf8 += value.utf8.count
            }
            while next < spans.count {
                utf8Ends.append(utf8)
                next += 1
            }
            var sentence = 0, inSentence = 0
            for token in analyzer.analyze(text) where !token.isStopword {
                while sentence < utf8Ends.count, token.utf8Start >= utf8Ends[sentence] {
                    if inSentence > 0 { sentenceLengths.append(inSentence) }
                    inSentence = 0
                    sentence += 1
                }
                if query.weights[token.term] != nil {
                    matches.append(Match(position: wordCount, sentence: sentenceLengths.count, term: token.term))
                }
                inSentence += 1
                wordCount += 1
            }
            if inSentence > 0 { sentenceLengths.append(inSentence) }
        }
    }

    /// The best sentence's BM25 against the query, and the largest share of the query's weight one sentence holds.
    static func sentenceScores(_ text: PassageMatches, query: RerankQuery, averageLength: Double, total: Double)
        -> (bm25: Double, coverage: Double)
    {
        var best = 0.0, coverage = 0.0
        var start = 0
        while start < text.matches.count {
            let sentence = text.matches[start].sentence
            var end = start
            var counts: [String: Int] = [:]
            while end < text.matches.count, text.matches[end].sentence == sentence {
                counts[text.matches[end].term, default: 0] += 1
                end += 1
            }
            let norm = 1 - sentenceB + sentenceB * Double(text.sentenceLengths[sentence]) / averageLength
            var score = 0.0, covered = 0.0
            for (term, count) in counts {
                let weight = query.weights[term]!
                score += weight * Double(count) * (sentenceK1 + 1) / (Double(count) + sentenceK1 * norm)
                covered += weight
            }
            best = max(best, score)
            coverage = max(coverage, total > 0 ? covered / total : 0)
            start = end
        }
        return (best, coverage)
    }

    /// How tightly the matched query terms sit: distinct matched terms over the length of the shortest run of
    /// words holding them all (1 when adjacent); 0 when fewer than two distinct terms match.
    static func proximity(_ matches: [PassageMatches.Match]) -> Double {
        let wanted = Set(matches.map(\.term)).count
        guard wanted >= 2 else { return 0 }
        var counts: [String: Int] = [:]
        var have = 0, left = 0, shortest = Int.max
        for right in matches.indices {
            counts[matches[right].term, default: 0] += 1
            if counts[matches[right].term] == 1 { have += 1 }
            while have == wanted {
                shortest = min(shortest, matches[right].position - matches[left].position + 1)
                counts[matches[left].term]! -= 1
                if counts[matches[left].term] == 0 { have -= 1 }
                left += 1
            }
        }
        return Double(wanted) / Double(shortest)
    }

    /// The share of the query's adjacent word pairs that the passage has adjacent too (stopwords skipped).
    static func bigrams(_ matches: [PassageMatches.Match], query: RerankQuery) -> Double {
        guard !query.bigrams.isEmpty else { return 0 }
        var found = Set<[String]>()
        for (a, b) in zip(matches, matches.dropFirst()) where b.position == a.position + 1 {
            let pair = [a.term, b.term]
            if query.bigrams.contains(pair) { found.insert(pair) }
        }
        return Double(found.count) / Double(query.bigrams.count)
    }
}

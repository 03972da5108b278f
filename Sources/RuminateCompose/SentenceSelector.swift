/// Chooses the answer's sentences by maximal marginal relevance: each pick maximises
/// `(1 - novelty) * relevance - novelty * (similarity to the closest sentence already chosen)`, and a
/// candidate at least `nearDuplicate` similar to a chosen one, or overlapping it, is never taken.
public struct SentenceSelector: Sendable {
    public var options: ComposeOptions

    public init(options: ComposeOptions) {
        self.options = options
    }

    /// Whether candidate `i` may be quoted at all: on the question's topic (`Scores.onTopic`) and long enough.
    public static func qualifies(
        _ i: Int, _ candidates: [CandidateSentence], scores: SentenceScorer.Scores, options: ComposeOptions
    ) -> Bool {
        scores.onTopic[i] && candidates[i].wordCount >= options.minimumWords
    }

    /// Indices into `candidates` of the chosen sentences, in the order they were picked (best first).
    /// Only candidates that qualify (`qualifies`) are chosen.
    public func select(_ candidates: [CandidateSentence], scores: SentenceScorer.Scores) -> [Int] {
        var remaining = candidates.indices.filter { Self.qualifies($0, candidates, scores: scores, options: options) }
        let termSets = candidates.map { Set($0.termFrequencies.keys) }
        var chosen: [Int] = []
        var closest = [Double](repeating: 0, count: candidates.count)  // max similarity to a chosen sentence
        var words = 0
        while chosen.count < options.sentences, !remaining.isEmpty {
            var best: (position: Int, value: Double)?
            for (position, i) in remaining.enumerated() where closest[i] < options.nearDuplicate {
                // The first two quotes are always taken; later ones only while the answer stays short.
                if chosen.count >= 2, words + candidates[i].wordCount > options.wordBudget { continue }
                let value = (1 - options.novelty) * scores.relevance[i] - options.novelty * closest[i]
                if best == nil || value > best!.value { best = (position, value) }
            }
            guard let pick = best else { break }
            let index = remaining.remove(at: pick.position)
            chosen.append(index)
            words += candidates[index].wordCount
            for i in remaining {
                // Quotes carry context, so two can share words of the document: one quote never repeats another's.
                let overlaps =
                    candidates[i].documentID == candidates[index].documentID
                    && candidates[i].span.start < candidates[index].span.end
                    && candidates[index].span.start < candidates[i].span.end
                closest[i] = overlaps ? .infinity : max(closest[i], Self.jaccard(termSets[i], termSets[index]))
            }
        }
        return chosen
    }

    /// |A ∩ B| / |A ∪ B| of two term sets (1 for two empty sets: nothing tells them apart).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = a.count < b.count ? a.filter(b.contains).count : b.filter(a.contains).count
        return Double(shared) / Double(a.count + b.count - shared)
    }
}

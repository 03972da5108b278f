import RuminateCore
import RuminateIndex

/// A passage and its score, best first.
public struct RankedPassage: Sendable, Hashable {
    public var passageID: Int64
    public var score: Double

    public init(passageID: Int64, score: Double) {
        self.passageID = passageID
        self.score = score
    }
}

/// The per-term facts a ranking used, kept for `--explain`.
struct TermEvidence {
    var term: QueryPlan.Term
    var documentFrequency: Int
    var idf: Double
    /// Entries of this term for the passages being explained.
    var entries: [Int64: PostingEntry]
}

/// BM25F over the index's lexicon segments, scored in memory: for each query term, one blob read per
/// segment, decoded straight into a dense score array. This is the default ranking path; FTS5 stays the
/// phrase/boolean engine and the store.
public final class LexicalRanker: PassageRanker {
    public var parameters: BM25Parameters
    private var scores: [Double] = []
    private var touched: [Int64] = []
    private var buffer: [PostingEntry] = []
    /// Postings blocks of immutable segments, kept across queries.
    let cache = LexiconCache()

    public init(parameters: BM25Parameters = .default) {
        self.parameters = parameters
    }

    public func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        guard !request.plan.isEmpty else { return Ranking(engine: .bm25f) }
        let result = try rank(
            request.plan, in: session, parameters: parameters, limit: request.limit, keepEvidence: request.explain,
            deadline: request.deadline)
        var ranking = Ranking(engine: .bm25f, passages: result.ranked, scoredCount: result.scoredCount)
        if request.explain {
            let explainer = ScoreExplainer(parameters: parameters, statistics: result.statistics)
            ranking.explanation = {
                explainer.explain(passageID: $0.passageID, score: $0.score, evidence: result.evidence)
            }
        }
        return ranking
    }

    struct Result {
        var ranked: [RankedPassage]
        var evidence: [TermEvidence]
        var statistics: LexiconStatistics
        /// How many passages scored above zero.
        var scoredCount: Int
    }

    func rank(
        _ plan: QueryPlan, in session: any IndexReading, parameters: BM25Parameters, limit: Int,
        keepEvidence: Bool, deadline: QueryDeadline? = nil
    ) throws -> Result {
        let statistics = try session.lexiconStatistics()
        let deleted = try session.deletedPassages()
        let segments = try session.lexiconSegments()
        cache.retain(only: segments)
        var evidence: [TermEvidence] = []
        let averages = LexicalField.allCases.map { statistics.averageLength($0) }
        let k1 = parameters.k1
        let weights = parameters.weights, b = parameters.b
        // Work on locals: class properties inside the hot loop would pay for exclusivity checks.
        var scores: [Double] = []
        var touched: [Int64] = []
        var buffer: [PostingEntry] = []
        swap(&scores, &self.scores)
        swap(&touched, &self.touched)
        swap(&buffer, &self.buffer)
        defer {
            for id in touched { scores[Int(id)] = 0 }
            touched.removeAll(keepingCapacity: true)
            buffer.removeAll(keepingCapacity: true)
            swap(&scores, &self.scores)
            swap(&touched, &self.touched)
            swap(&buffer, &self.buffer)
        }

        let norms = FieldNorms(weights: weights, b: b, averages: averages)
        if Int(statistics.maximumPassageID) >= scores.count {
            scores.append(
                contentsOf: repeatElement(0, count: Int(statistics.maximumPassageID) + 1 - scores.count + 1024))
        }
        for term in plan.terms {
            // Per term: one term's postings take at most milliseconds, a query's terms are bounded (`QueryLimits`).
            try deadline?.check()
            let lists = try session.postingLists(of: term.term, in: segments, cache: cache)
            // Document frequency: from the stored counts when nothing is tombstoned, else by decoding.
            var documentFrequency = lists.reduce(0) { $0 + $1.entryCount }
            buffer.removeAll(keepingCapacity: true)
            if !deleted.isEmpty || keepEvidence {
                for list in lists {
                    list.forEach { entry in if !deleted.contains(entry.passageID) { buffer.append(entry) } }
                }
                documentFrequency = buffer.count
            }
            guard documentFrequency > 0 else {
                if keepEvidence {
                    evidence.append(TermEvidence(term: term, documentFrequency: 0, idf: 0, entries: [:]))
                }
                continue
            }
            let idf = DocumentFrequencies.idf(passages: statistics.passageCount, documentFrequency: documentFrequency)
            let termWeight = idf * Double(term.count)
            @inline(__always) func score(_ entry: PostingEntry, _ scores: inout UnsafeMutableBufferPointer<Double>) {
                let index = Int(entry.passageID)
                if index >= scores.count { return }
                let tf = norms.weightedFrequency(entry)
                if scores[index] == 0 { touched.append(entry.passageID) }
                scores[index] += termWeight * tf / (k1 + tf)
            }
            scores.withUnsafeMutableBufferPointer { scores in
                if deleted.isEmpty && !keepEvidence {
                    for list in lists { list.forEach { score($0, &scores) } }
                } else {
                    for entry in buffer { score(entry, &scores) }
                }
            }
            if keepEvidence {
                evidence.append(
                    TermEvidence(
                        term: term, documentFrequency: documentFrequency, idf: idf,
                        entries: Dictionary(buffer.map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })))
            }
        }
        let ranked = Self.topK(limit, of: touched, scores: scores)
        if keepEvidence {
            let wanted = Set(ranked.map(\.passageID))
            for i in evidence.indices { evidence[i].entries = evidence[i].entries.filter { wanted.contains($0.key) } }
        }
        return Result(ranked: ranked, evidence: evidence, statistics: statistics, scoredCount: touched.count)
    }

    /// Per-field constants of BM25F's length normalisation, so scoring an entry is three multiply-adds.
    struct FieldNorms {
        var weight: (Double, Double, Double)
        var constant: (Double, Double, Double)  // 1 - b (or 1 when the field is empty everywhere)
        var slope: (Double, Double, Double)  // b / average length (or 0)

        init(weights: FieldWeights, b: FieldWeights, averages: [Double]) {
            func parts(_ field: LexicalField) -> (Double, Double) {
                let average = averages[field.rawValue]
                return average > 0 ? (1 - b[field], b[field] / average) : (1, 0)
            }
            let (ct, st) = parts(.title), (ch, sh) = parts(.headings), (cb, sb) = parts(.body)
            weight = (weights.title, weights.headings, weights.body)
            constant = (ct, ch, cb)
            slope = (st, sh, sb)
        }

        @inline(__always)
        func weightedFrequency(_ entry: PostingEntry) -> Double {
            var total = 0.0
            let tf = entry.termFrequency, length = entry.fieldLength
            if tf.body > 0 { total += weight.2 * Double(tf.body) / (constant.2 + slope.2 * Double(length.body)) }
            if tf.title > 0 { total += weight.0 * Double(tf.title) / (constant.0 + slope.0 * Double(length.title)) }
            if tf.headings > 0 {
                total += weight.1 * Double(tf.headings) / (constant.1 + slope.1 * Double(length.headings))
            }
            return total
        }
    }

    /// The best `k` touched passages: score descending, then passage id ascending (deterministic).
    private static func topK(_ k: Int, of touched: [Int64], scores: [Double]) -> [RankedPassage] {
        guard k > 0, !touched.isEmpty else { return [] }
        func better(_ a: RankedPassage, _ b: RankedPassage) -> Bool {
            a.score != b.score ? a.score > b.score : a.passageID < b.passageID
        }
        if touched.count <= k {
            return touched.map { RankedPassage(passageID: $0, score: scores[Int($0)]) }.sorted(by: better)
        }
        // A bounded min-heap on "worse first".
        var heap: [RankedPassage] = []
        heap.reserveCapacity(k)
        for id in touched {
            let candidate = RankedPassage(passageID: id, score: scores[Int(id)])
            if heap.count < k {
                heap.append(candidate)
                siftUp(&heap, heap.count - 1, better)
            } else if better(candidate, heap[0]) {
                heap[0] = candidate
                siftDown(&heap, 0, better)
            }
        }
        return heap.sorted(by: better)
    }

    private static func siftUp(
        _ heap: inout [RankedPassage], _ index: Int, _ better: (RankedPassage, RankedPassage) -> Bool
    ) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard better(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(
        _ heap: inout [RankedPassage], _ index: Int, _ better: (RankedPassage, RankedPassage) -> Bool
    ) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, better(heap[worst], heap[left]) { worst = left }
            if right < heap.count, better(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}

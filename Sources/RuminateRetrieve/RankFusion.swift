import RuminateCore

/// How the lexical and vector rankings are combined.
public struct FusionParameters: Sendable, Hashable, Codable {
    /// Reciprocal-rank fusion constant: a hit at rank r contributes weight / (k + r).
    public var k: Double
    public var lexicalWeight: Double
    public var vectorWeight: Double
    /// How deep each leg ranks before fusing.
    public var depth: Int

    public init(k: Double = 60, lexicalWeight: Double = 1, vectorWeight: Double = 1, depth: Int = 100) {
        self.k = k
        self.lexicalWeight = lexicalWeight
        self.vectorWeight = vectorWeight
        self.depth = depth
    }
}

/// Reciprocal-rank fusion (Cormack, Clarke and Büttcher, 2009): rank-based, so BM25 scores and cosine
/// similarities need no calibration against each other. Each fused score is explained leg by leg.
public enum RankFusion {
    public struct Fused: Sendable, Hashable {
        public var passageID: Int64
        public var score: Double
        public var lexicalRank: Int?
        public var lexicalScore: Double?
        public var vectorRank: Int?
        public var vectorScore: Double?
    }

    public static func reciprocalRank(
        lexical: [RankedPassage], vector: [RankedPassage], parameters: FusionParameters
    ) -> [Fused] {
        var fused: [Int64: Fused] = [:]
        for (i, item) in lexical.prefix(parameters.depth).enumerated() {
            var entry = fused[item.passageID] ?? Fused(passageID: item.passageID, score: 0)
            entry.lexicalRank = i + 1
            entry.lexicalScore = item.score
            entry.score += parameters.lexicalWeight / (parameters.k + Double(i + 1))
            fused[item.passageID] = entry
        }
        for (i, item) in vector.prefix(parameters.depth).enumerated() {
            var entry = fused[item.passageID] ?? Fused(passageID: item.passageID, score: 0)
            entry.vectorRank = i + 1
            entry.vectorScore = item.score
            entry.score += parameters.vectorWeight / (parameters.k + Double(i + 1))
            fused[item.passageID] = entry
        }
        return fused.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.passageID < $1.passageID }
    }

    /// Explains each of `fused` leg by leg, with the lexical leg's own BM25F explanation beneath its term.
    static func explanation<C: Collection<Fused>>(of fused: C, parameters: FusionParameters, lexicalLeg: Ranking)
        -> (RankedPassage) -> ScoreExplanation?
    {
        let items = Dictionary(fused.map { ($0.passageID, $0) }, uniquingKeysWith: { a, _ in a })
        return { passage in
            guard let item = items[passage.passageID] else { return nil }
            let lexical =
                item.lexicalRank == nil
                ? nil
                : lexicalLeg.explanation?(RankedPassage(passageID: item.passageID, score: item.lexicalScore ?? 0))
            return explain(item, parameters: parameters, lexical: lexical)
        }
    }

    public static func explain(_ item: Fused, parameters: FusionParameters, lexical: ScoreExplanation?)
        -> ScoreExplanation
    {
        var details: [ScoreExplanation] = []
        if let rank = item.lexicalRank {
            var leg = ScoreExplanation(
                value: parameters.lexicalWeight / (parameters.k + Double(rank)),
                description:
                    "lexical leg: weight \(formatScore(parameters.lexicalWeight)) / (k \(formatScore(parameters.k)) + rank \(rank)); BM25F score \(formatScore(item.lexicalScore ?? 0))"
            )
            if let lexical { leg.details = [lexical] }
            details.append(leg)
        } else {
            details.append(ScoreExplanation(value: 0, description: "lexical leg: not in the top \(parameters.depth)"))
        }
        if let rank = item.vectorRank {
            details.append(
                ScoreExplanation(
                    value: parameters.vectorWeight / (parameters.k + Double(rank)),
                    description:
                        "vector leg: weight \(formatScore(parameters.vectorWeight)) / (k \(formatScore(parameters.k)) + rank \(rank)); cosine \(formatScore(item.vectorScore ?? 0))"
                ))
        } else {
            details.append(ScoreExplanation(value: 0, description: "vector leg: not in the top \(parameters.depth)"))
        }
        return ScoreExplanation(
            value: item.score, description: "hybrid: reciprocal-rank fusion of the lexical and vector rankings",
            details: details)
    }
}

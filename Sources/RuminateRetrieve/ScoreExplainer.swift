import RuminateCore
import RuminateIndex

/// Rebuilds a BM25F score term by term, field by field, for `--explain`.
struct ScoreExplainer {
    let parameters: BM25Parameters
    let statistics: LexiconStatistics

    func explain(passageID: Int64, score: Double, evidence: [TermEvidence]) -> ScoreExplanation {
        var details: [ScoreExplanation] = []
        // The ranker's own arithmetic, so the explained total is the ranked score.
        let norms = LexicalRanker.FieldNorms(
            weights: parameters.weights, b: parameters.b,
            averages: LexicalField.allCases.map { statistics.averageLength($0) })
        for item in evidence {
            guard let entry = item.entries[passageID] else { continue }
            let tf = norms.weightedFrequency(entry)
            let saturation = tf / (parameters.k1 + tf)
            let value = item.idf * Double(item.term.count) * saturation
            var fields: [ScoreExplanation] = []
            for field in LexicalField.allCases where entry.termFrequency[field] > 0 {
                let average = statistics.averageLength(field)
                let b = parameters.b[field]
                let norm = average > 0 ? 1 - b + b * Double(entry.fieldLength[field]) / average : 1
                let contribution = parameters.weights[field] * Double(entry.termFrequency[field]) / norm
                fields.append(
                    ScoreExplanation(
                        value: contribution,
                        description:
                            "\(field.name): weight \(formatScore(parameters.weights[field])) × tf \(entry.termFrequency[field]) / (1 - b + b × length \(entry.fieldLength[field]) / average \(formatScore(average))), b = \(formatScore(b))"
                    ))
            }
            details.append(
                ScoreExplanation(
                    value: value,
                    description:
                        "term \"\(item.term.term)\" (typed \"\(item.term.surface)\"\(item.term.count > 1 ? ", ×\(item.term.count)" : "")): idf × tf~/(k1 + tf~)",
                    details: [
                        ScoreExplanation(
                            value: item.idf,
                            description:
                                "idf = ln(1 + (N - df + 0.5)/(df + 0.5)), N = \(statistics.passageCount) passages, df = \(item.documentFrequency)"
                        ),
                        ScoreExplanation(
                            value: tf,
                            description:
                                "tf~ = weighted, length-normalised frequency summed over fields; k1 = \(formatScore(parameters.k1))",
                            details: fields),
                    ]))
        }
        let missing = evidence.filter { $0.entries[passageID] == nil }.map { "\"\($0.term.term)\"" }
        var description = "BM25F: sum over query terms"
        if !missing.isEmpty { description += " (not in this passage: \(missing.joined(separator: ", ")))" }
        return ScoreExplanation(value: score, description: description, details: details)
    }
}

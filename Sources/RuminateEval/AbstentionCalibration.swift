import Foundation
import RuminateCompose

/// Chooses the lexical abstention threshold from data: evidence values of answerable questions (SciFact train
/// claims with evidence) and of unanswerable ones (`OffTopicQuestions.calibration`). The evidence model used when
/// the vector leg runs is fitted on `EvidenceTrainingRow`s by `scripts/fit-evidence`.
public enum AbstentionCalibration {
    /// One candidate threshold and how it does.
    public struct Point: Sendable, Hashable, Codable {
        public var measure: AbstentionPolicy.Measure
        public var threshold: Double
        /// Share of unanswerable questions abstained on.
        public var correctAbstention: Double
        /// Share of answerable questions abstained on.
        public var wrongAbstention: Double
        public var balancedAccuracy: Double { (correctAbstention + 1 - wrongAbstention) / 2 }

        enum CodingKeys: String, CodingKey {
            case measure, threshold, correctAbstention = "correct_abstention_rate", wrongAbstention =
                "wrong_abstention_rate"
        }
    }

    /// The threshold (abstain when the value is below it) that maximises balanced accuracy, tried halfway
    /// between consecutive observed values; on a tie the lowest, which abstains least on answerable questions.
    /// Rounded to 3 decimals (the value a person copies into `AbstentionPolicy.calibrated`).
    public static func best(measure: AbstentionPolicy.Measure, answerable: [Double], unanswerable: [Double]) -> Point {
        let values = Array(Set(answerable + unanswerable)).sorted()
        var candidates: [Double] = [0]
        for (a, b) in zip(values, values.dropFirst()) { candidates.append((((a + b) / 2) * 1000).rounded() / 1000) }
        if let last = values.last { candidates.append(last + 0.001) }
        var best: Point?
        for threshold in candidates {
            let point = evaluate(
                measure: measure, threshold: threshold, answerable: answerable, unanswerable: unanswerable)
            if best == nil || point.balancedAccuracy > best!.balancedAccuracy + 1e-12 { best = point }
        }
        return best!
    }

    public static func evaluate(
        measure: AbstentionPolicy.Measure, threshold: Double, answerable: [Double], unanswerable: [Double]
    ) -> Point {
        func share(_ values: [Double]) -> Double {
            values.isEmpty ? 0 : Double(values.filter { $0 < threshold }.count) / Double(values.count)
        }
        return Point(
            measure: measure, threshold: threshold, correctAbstention: share(unanswerable),
            wrongAbstention: share(answerable))
    }
}

extension AnswerEvaluation {
    /// The calibration report: the best threshold for each evidence measure, best measure first.
    public func calibrate(answerable claims: [SciFactClaim], unanswerable questions: [String]) throws
        -> [AbstentionCalibration.Point]
    {
        let answerable = try askAll(claims.map(\.text)).map(\.answer.evidence)
        let unanswerable = try askAll(questions).map(\.answer.evidence)
        let measures: [(AbstentionPolicy.Measure, KeyPath<Answer.Evidence, Double>)] = [
            (.passageCoverage, \.passageCoverage), (.sentenceCoverage, \.sentenceCoverage),
        ]
        return measures.map { measure, value in
            AbstentionCalibration.best(
                measure: measure, answerable: answerable.map { $0[keyPath: value] },
                unanswerable: unanswerable.map { $0[keyPath: value] })
        }.sorted { $0.balancedAccuracy > $1.balancedAccuracy }
    }
}

/// One question as a training example for `EvidenceModel`: the evidence signals of its answer and whether the
/// collection answers it (`scripts/fit-evidence` reads these rows).
public struct EvidenceTrainingRow: Sendable, Codable {
    public var question: String
    /// Which set the row comes from (the fit weighs every set the same within its label).
    public var source: String
    public var label: Int
    public var passageCoverage: Double
    public var sentenceCoverage: Double
    /// Null when the vector leg did not run (the row then only informs the lexical threshold).
    public var bestCosine: Double?
    public var cosineGap: Double?
    public var legsAgree: Bool?

    /// `rows` as JSON lines, the file `scripts/fit-evidence` reads.
    public static func jsonLines(_ rows: [EvidenceTrainingRow]) throws -> Data {
        let encoder = JSONEncoder()
        return try rows.reduce(into: Data()) { data, row in
            data.append(try encoder.encode(row))
            data.append(0x0A)
        }
    }

    enum CodingKeys: String, CodingKey {
        case question, source, label, passageCoverage = "passage_coverage", sentenceCoverage = "sentence_coverage"
        case bestCosine = "best_cosine", cosineGap = "cosine_gap", legsAgree = "legs_agree"
    }
}

extension AnswerEvaluation {
    /// The evidence rows of `questions`, each labelled `answerable ? 1 : 0`.
    public func evidenceRows(_ questions: [(text: String, answerable: Bool)], source: String) throws
        -> [EvidenceTrainingRow]
    {
        let asked = try askAll(questions.map(\.text))
        return zip(questions, asked).map { question, item in
            let evidence = item.answer.evidence
            return EvidenceTrainingRow(
                question: question.text, source: source, label: question.answerable ? 1 : 0,
                passageCoverage: evidence.passageCoverage, sentenceCoverage: evidence.sentenceCoverage,
                bestCosine: evidence.bestCosine, cosineGap: evidence.cosineGap, legsAgree: evidence.legsAgree)
        }
    }
}

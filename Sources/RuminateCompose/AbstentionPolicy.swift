import RuminateCore
import RuminateText

/// How strongly the retrieved passages bear on the question.
public struct EvidenceStrength: Sendable, Hashable, Codable {
    /// The largest share of the question's idf weight that one retrieved passage (with its document's
    /// title) contains.
    public var passageCoverage: Double
    /// The largest share that one candidate sentence contains.
    public var sentenceCoverage: Double

    public init(passageCoverage: Double, sentenceCoverage: Double) {
        self.passageCoverage = passageCoverage
        self.sentenceCoverage = sentenceCoverage
    }

    public static let none = EvidenceStrength(passageCoverage: 0, sentenceCoverage: 0)

    public func value(of measure: AbstentionPolicy.Measure) -> Double {
        switch measure {
        case .passageCoverage: passageCoverage
        case .sentenceCoverage: sentenceCoverage
        }
    }
}

/// Abstain when the evidence is below a threshold. The threshold is calibrated, not guessed:
/// `ruminate eval-answers SCIFACT --calibrate` (SCIFACT: BEIR's scifact folder, SciFact's own release in
/// `original/`) asks SciFact's train claims that have evidence (answerable) and the calibration half of
/// `OffTopicQuestions` (unanswerable), and prints the threshold that maximises balanced accuracy (mean of
/// correct-abstention and non-abstention rates).
public struct AbstentionPolicy: Sendable, Hashable {
    public enum Measure: String, Sendable, Hashable, Codable {
        case passageCoverage = "passage_coverage"
        case sentenceCoverage = "sentence_coverage"
    }

    public var measure: Measure
    public var threshold: Double

    public init(measure: Measure, threshold: Double) {
        self.measure = measure
        self.threshold = threshold
    }

    /// The value chosen by `ruminate eval-answers SCIFACT --calibrate` (see ANSWERS.md).
    public static let calibrated = AbstentionPolicy(measure: .passageCoverage, threshold: 0.438)

    /// Never abstain (the evaluation uses it to see every answer).
    public static let never = AbstentionPolicy(measure: .passageCoverage, threshold: 0)

    public func abstains(_ strength: EvidenceStrength) -> Bool {
        strength.value(of: measure) < threshold
    }
}

enum EvidenceMeasurer {
    /// Coverage of the question by each passage (its sentences' terms plus its title's) and by each sentence.
    /// Only passages written mostly in the question's script count: a Chinese question is not answered by
    /// an English passage that shares its Latin keywords, nor an English question by a Chinese page.
    static func strength(
        question: AnalyzedQuestion, hits: [SearchHit], extraction: CandidateSentences.Extraction,
        titleTerms: [Int64: Set<String>]
    ) -> EvidenceStrength {
        guard !hits.isEmpty, question.totalWeight > 0 else { return .none }
        let counts = inQuestionScript(question.text, hits: hits)
        let passageTerms = extraction.passageTerms
        var bestSentence = 0.0
        for candidate in extraction.candidates where counts[candidate.hitIndex] {
            bestSentence = max(bestSentence, question.coverage { candidate.termFrequencies[$0] != nil })
        }
        var bestPassage = 0.0
        for (i, hit) in hits.enumerated() where counts[i] {
            let title = titleTerms[hit.document.id] ?? []
            bestPassage = max(bestPassage, question.coverage { passageTerms[i].contains($0) || title.contains($0) })
        }
        return EvidenceStrength(passageCoverage: bestPassage, sentenceCoverage: bestSentence)
    }

    /// For each hit, whether its passage's dominant script is the question's (every hit, for a question
    /// without words of any script).
    static func inQuestionScript(_ question: String, hits: [SearchHit]) -> [Bool] {
        guard let script = ScriptProfile(question).dominant else { return hits.map { _ in true } }
        return hits.map { ScriptProfile($0.passage.text).dominant == script }
    }

    /// The sentences an answer may quote: those in the question's script, or in none (numbers, symbols).
    /// Judged per sentence, so the English lines of a Chinese page stay quotable for an English question.
    static func quotable(_ candidates: [CandidateSentence], question: String) -> [CandidateSentence] {
        guard let script = ScriptProfile(question).dominant else { return candidates }
        return candidates.filter { ScriptProfile($0.text).dominant.map { $0 == script } ?? true }
    }
}

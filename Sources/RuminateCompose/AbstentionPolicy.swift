import RuminateCore
import RuminateText

/// How strongly the retrieved passages bear on the question.
public struct EvidenceStrength: Sendable, Hashable, Codable {
    /// The largest share of the question's idf weight that one retrieved passage (with its document's
    /// title) contains. For a question written in more than one script ("VACUUM 命令有什么用?"), a passage
    /// covers the least of its shares of each script's terms: a Chinese page that shares the question's
    /// Chinese words but not its Latin keyword does not cover it, nor a page that holds only the keyword.
    public var passageCoverage: Double
    /// The largest share that one candidate sentence contains.
    public var sentenceCoverage: Double
    /// What the vector leg says, when it ran (nil for lexical evidence and cross-script questions).
    public var semantic: SemanticEvidence?

    public init(passageCoverage: Double, sentenceCoverage: Double, semantic: SemanticEvidence? = nil) {
        self.passageCoverage = passageCoverage
        self.sentenceCoverage = sentenceCoverage
        self.semantic = semantic
    }

    public static let none = EvidenceStrength(passageCoverage: 0, sentenceCoverage: 0)

    public func value(of measure: AbstentionPolicy.Measure) -> Double {
        switch measure {
        case .passageCoverage: passageCoverage
        case .sentenceCoverage: sentenceCoverage
        case .evidenceModel: EvidenceModel.calibrated.probability(self) ?? passageCoverage
        }
    }
}

/// Abstain when the evidence is below a threshold. Both rules are calibrated, not guessed
/// (`ruminate eval-answers SCIFACT --calibrate` for the lexical threshold, `scripts/fit-evidence` for the model;
/// ANSWERS.md): with lexical evidence only, the passage coverage is compared with `threshold`; when the vector
/// leg ran, `model` combines coverage with the semantic evidence and its probability is compared with the
/// model's own threshold.
public struct AbstentionPolicy: Sendable, Hashable {
    public enum Measure: String, Sendable, Hashable, Codable {
        case passageCoverage = "passage_coverage"
        case sentenceCoverage = "sentence_coverage"
        /// `EvidenceModel`'s probability that the collection answers the question.
        case evidenceModel = "evidence_model"
    }

    /// The lexical rule: `measure` below `threshold` abstains.
    public var measure: Measure
    public var threshold: Double
    /// The rule when semantic evidence exists; nil: the lexical rule always.
    public var model: EvidenceModel?

    public init(measure: Measure, threshold: Double, model: EvidenceModel? = nil) {
        self.measure = measure
        self.threshold = threshold
        self.model = model
    }

    /// The values chosen by calibration (see ANSWERS.md).
    public static let calibrated = AbstentionPolicy(
        measure: .passageCoverage, threshold: 0.438, model: .calibrated)

    /// Never abstain (the evaluation uses it to see every answer).
    public static let never = AbstentionPolicy(measure: .passageCoverage, threshold: 0)

    /// Which rule applies to `strength`, the value it compares and its threshold.
    public func decision(_ strength: EvidenceStrength) -> (measure: Measure, value: Double, threshold: Double) {
        if let model, let probability = model.probability(strength) {
            return (.evidenceModel, probability, model.threshold)
        }
        return (measure, strength.value(of: measure), threshold)
    }

    public func abstains(_ strength: EvidenceStrength) -> Bool {
        let decision = decision(strength)
        return decision.value < decision.threshold
    }
}

enum EvidenceMeasurer {
    /// Coverage of the question by each passage (its sentences' terms plus its title's) and by each sentence.
    /// Only passages written mostly in the question's script count: a Chinese question is not answered by
    /// an English passage that shares its Latin keywords, nor an English question by a Chinese page.
    static func strength(
        question: AnalyzedQuestion, hits: [SearchHit], extraction: CandidateSentences.Extraction,
        titleTerms: [Int64: Set<String>], semantic: SemanticEvidence? = nil
    ) -> EvidenceStrength {
        guard !hits.isEmpty, question.totalWeight > 0 else { return .none }
        let counts = inQuestionScript(question.text, hits: hits)
        let groups = scriptGroups(question)
        let passageTerms = extraction.passageTerms
        var bestSentence = 0.0
        for candidate in extraction.candidates where counts[candidate.hitIndex] {
            bestSentence = max(bestSentence, coverage(groups) { candidate.termFrequencies[$0] != nil })
        }
        var bestPassage = 0.0
        for (i, hit) in hits.enumerated() where counts[i] {
            let title = titleTerms[hit.document.id] ?? []
            bestPassage = max(bestPassage, coverage(groups) { passageTerms[i].contains($0) || title.contains($0) })
        }
        return EvidenceStrength(passageCoverage: bestPassage, sentenceCoverage: bestSentence, semantic: semantic)
    }

    /// The question's terms split by the script of their first letter (terms of no script, such as numbers,
    /// join the question's dominant script), each group as a question of its own.
    static func scriptGroups(_ question: AnalyzedQuestion) -> [AnalyzedQuestion] {
        let dominant = ScriptProfile(question.text).dominant
        var groups: [WritingScript?: [QuestionTerm]] = [:]
        for term in question.terms {
            var script = term.term.unicodeScalars.lazy.compactMap(WritingScript.of).first ?? dominant
            if dominant == .japanese, script == .han { script = .japanese }
            groups[script, default: []].append(term)
        }
        return groups.values.map { AnalyzedQuestion(text: question.text, terms: $0, acronyms: question.acronyms) }
    }

    /// The least share any script group of the question has in `present` (the plain coverage for a question in
    /// one script).
    static func coverage(_ groups: [AnalyzedQuestion], present: (String) -> Bool) -> Double {
        groups.filter { $0.totalWeight > 0 }.map { $0.coverage(of: present) }.min() ?? 0
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

import RuminateCore

/// Whether the collection answers a question, from lexical and semantic evidence together: a logistic model
/// over passage coverage, sentence coverage, the vector leg's best cosine, how far it stands above the tenth,
/// and whether the two legs agree on the top document. Lexical coverage alone refuses a question worded unlike
/// its page; the cosine carries it. Used only when the vector leg ran (`SemanticEvidence`); otherwise the
/// lexical threshold decides.
///
/// The weights and the threshold are fitted, not chosen: `ruminate eval-answers … --evidence-features FILE`
/// writes one row per question, and `scripts/fit-evidence` fits them (ANSWERS.md).
public struct EvidenceModel: Sendable, Hashable, Codable {
    public var bias: Double
    /// In `features` order.
    public var weights: [Double]
    /// Abstain below this probability.
    public var threshold: Double

    public init(bias: Double, weights: [Double], threshold: Double) {
        self.bias = bias
        self.weights = weights
        self.threshold = threshold
    }

    /// The names of the features, in the order of `weights` (and of the rows `scripts/fit-evidence` reads).
    public static let featureNames = [
        "passage_coverage", "sentence_coverage", "best_cosine", "cosine_gap", "legs_agree",
    ]

    /// The features of `strength`; nil without semantic evidence.
    public static func features(_ strength: EvidenceStrength) -> [Double]? {
        guard let semantic = strength.semantic else { return nil }
        return [
            strength.passageCoverage, strength.sentenceCoverage, semantic.bestCosine, semantic.cosineGap,
            semantic.legsAgree ? 1 : 0,
        ]
    }

    /// The probability that the question is answered; nil without semantic evidence.
    public func probability(_ strength: EvidenceStrength) -> Double? {
        guard let features = Self.features(strength), features.count == weights.count else { return nil }
        return Logistic.probability(logit: Logistic.logit(bias: bias, weights: weights, features: features))
    }

    /// Fitted by `scripts/fit-evidence` on 505 SciFact train claims and `eval/sqlite-train` (answerable) against
    /// `OffTopicQuestions.calibration` and `eval/sqlite-absent/calibration.tsv` (ANSWERS.md). The cosine carries
    /// most of the weight; sentence coverage, collinear with passage coverage, gets a small negative one.
    public static let calibrated = EvidenceModel(
        bias: -10.400, weights: [4.248, -0.954, 15.932, 1.950, 0.133], threshold: 0.408)
}

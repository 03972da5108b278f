import RuminateCore

/// The reader: a logistic model over `ReaderFeatures` giving the probability that a candidate sentence states
/// what the question asks. Its weights are learned, not chosen: `scripts/fit-reader` fits them (L2-regularised
/// logistic regression, each question weighing the same) on feature rows that
/// `ruminate eval-answers … --reader-features FILE` writes for SciFact's train claims (label: the sentence is a
/// gold rationale) and for `eval/sqlite-train/train.tsv` (label: the quote matches the fact), and prints the
/// constants below. ANSWERS.md records the run.
public struct ReaderModel: Sendable, Hashable {
    public var bias: Double
    /// One weight per `ReaderFeatures.names` entry.
    public var weights: [Double]

    public init(bias: Double, weights: [Double]) {
        precondition(weights.count == ReaderFeatures.names.count, "one weight per reader feature")
        self.bias = bias
        self.weights = weights
    }

    /// P(answers the question) for one feature vector.
    public func probability(_ features: [Double]) -> Double {
        Logistic.probability(logit: Logistic.logit(bias: bias, weights: weights, features: features))
    }

    /// The model for answers read with an embedder (the semantic features are set for the candidates it read).
    public static let withEmbeddings = ReaderModel(
        bias: -10.7328,
        weights: [
            1.4974, -0.0462, 4.9579, 0.2813, 0.0051, -1.3302, 0.5424, 1.6651, 1.2287, 1.3395, 2.8241, 1.9354, 0.2449,
            0.7726, 0.3721, 0.1632, -0.1659, -0.2278, 2.0262, 1.2239, 0.3295, 1.0640,
        ])

    /// The model for answers read without an embedder (the semantic features are 0). It also picks the candidates
    /// the embedder reads, so both models come from one fit.
    public static let lexicalOnly = ReaderModel(
        bias: -11.7587,
        weights: [
            2.1312, -0.0672, 6.1208, 0.0000, 0.0054, -1.5195, 0.4630, 1.7759, 1.2527, 1.3843, 2.8939, 2.1832, 0.3071,
            0.7401, 0.3503, 0.1887, -0.2578, -0.4794, 2.1966, 1.2266, 0.3257, 0.0000,
        ])
}

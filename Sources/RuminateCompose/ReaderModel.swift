import Foundation

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
        var z = bias
        for (weight, value) in zip(weights, features) { z += weight * value }
        return 1 / (1 + exp(-z))
    }

    /// The model for answers read with an embedder (the semantic features are set for the candidates it read).
    public static let withEmbeddings = ReaderModel(
        bias: -10.7328,
        weights: [
            1.4974, -0.0462, 4.9579, 0.2813, 0.0051, -1.3302, 0.5424, 1.6651, 1.2287, 1.3395, 2.8241, 1.9354, 0.2449,
            0.7726, 0.3721, 0.1632, -0.1659, -0.2278, 2.0262, 1.2239, 0.3295, 1.0640,
        ])

    /// The model for answers read without one (the semantic features are 0). An earlier fit, before the claim
    /// features (their weights are 0): refitting it with them lowered `eval/sqlite-train/docs.tsv` on the lexical
    /// index (0.37 → 0.34) and the development sets did not move (ANSWERS.md).
    public static let lexicalOnly = ReaderModel(
        bias: -11.1980,
        weights: [
            2.4874, 0.6869, 5.9467, 0.0000, -0.5763, -1.4303, 0.0322, 1.8932, 0.6786, 0.7227, 2.1826, 1.7630, 0.4499,
            -0.4583, 0.2925, 0.2836, -0.1920, -0.7142, 1.3024, 0.0000, 0.0000, 0.0000,
        ])
}

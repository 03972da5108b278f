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

    /// The model for answers read with an embedder (the semantic feature is set).
    public static let withEmbeddings = ReaderModel(
        bias: -10.4379,
        weights: [
            2.0705, 0.4417, 4.8369, 1.4872, -0.5615, -1.1892, 0.1269, 1.7201, 0.7419, 0.7209, 2.1677, 1.7815, 0.3801,
            -0.4496, 0.3137, 0.2520, -0.1297, -0.4414, 1.2213,
        ])

    /// The model for answers read without one (the semantic feature is 0).
    public static let lexicalOnly = ReaderModel(
        bias: -11.1980,
        weights: [
            2.4874, 0.6869, 5.9467, 0.0000, -0.5763, -1.4303, 0.0322, 1.8932, 0.6786, 0.7227, 2.1826, 1.7630, 0.4499,
            -0.4583, 0.2925, 0.2836, -0.1920, -0.7142, 1.3024,
        ])
}

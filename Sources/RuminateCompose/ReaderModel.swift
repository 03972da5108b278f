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
        bias: -10.5476,
        weights: [
            2.0941, 1.6298, 5.0963, 1.2401, -0.6283, -1.2504, 0.2192, 1.7365, 0.7319, 0.7176, 2.0886, 1.6265, 0.8590,
            -0.3217, 0.2847, 0.2836, 0.1794,
        ])

    /// The model for answers read without one (the semantic feature is 0).
    public static let lexicalOnly = ReaderModel(
        bias: -11.1969,
        weights: [
            2.5513, 1.8331, 5.9361, 0.0000, -0.5611, -1.4427, 0.1266, 1.9180, 0.6602, 0.7604, 2.0649, 1.5505, 0.8414,
            -0.3678, 0.2850, 0.2966, 0.0331,
        ])
}

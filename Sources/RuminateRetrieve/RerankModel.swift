import Foundation
import RuminateCore

/// The learned reranker's weights: a logistic model over `RerankFeatures` giving the probability that a
/// candidate passage is relevant to the query. The weights are learned, not chosen: `scripts/fit-rerank` fits them
/// (pairwise logistic regression with L2, every query weighing the same, the strength chosen by 5-fold
/// cross-validation over queries on held-out nDCG@10, then Platt scaling) on feature rows that
/// `ruminate eval … --rerank-features FILE` writes for SciFact's train queries (label: the passage's document is
/// relevant in qrels/train.tsv) and for `eval/sqlite-train/train.tsv` (label: the passage's document is the gold
/// page), and prints the constants below. RERANK.md records the run.
public struct RerankModel: Sendable, Hashable {
    public var bias: Double
    /// One weight per `RerankFeatures.names` entry.
    public var weights: [Double]

    public init(bias: Double, weights: [Double]) {
        precondition(weights.count == RerankFeatures.names.count, "one weight per rerank feature")
        self.bias = bias
        self.weights = weights
    }

    /// The log-odds of relevance for one feature vector.
    public func logit(_ features: [Double]) -> Double {
        Logistic.logit(bias: bias, weights: weights, features: features)
    }

    /// P(relevant) and how it was made: the log-odds as the bias plus one contribution per feature.
    public func explain(_ features: [Double]) -> ScoreExplanation {
        let z = logit(features)
        var terms = [ScoreExplanation(value: bias, description: "bias")]
        for (i, name) in RerankFeatures.names.enumerated() where weights[i] != 0 {
            terms.append(
                ScoreExplanation(
                    value: weights[i] * features[i],
                    description: "\(name) \(formatScore(features[i])) × weight \(formatScore(weights[i]))"))
        }
        return ScoreExplanation(
            value: Logistic.probability(logit: z), description: "P(relevant) = 1 / (1 + e^-z)",
            details: [ScoreExplanation(value: z, description: "z = bias + Σ weight × feature", details: terms)])
    }

    /// The model for rankings with a vector leg (hybrid and vector modes).
    public static let withVectors = RerankModel(
        bias: -9.6675,
        weights: [
            0.1858, 4.4051, 1.0525, 6.6240, 0.9889, 0.3645, 1.7614, 0.5944, -0.8488, 0.5105, 0.8591, -0.2008, 0.8886,
            -0.1881,
        ])

    /// The model for lexical rankings (the vector features are 0).
    public static let lexicalOnly = RerankModel(
        bias: -8.4030,
        weights: [
            4.6929, 2.8470, 0.6610, 0.0000, 0.0000, 0.6610, 3.9421, 1.7831, -1.7597, 1.5006, 1.0303, -0.0953, 0.1054,
            -1.2514,
        ])
}

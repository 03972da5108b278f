#if canImport(Glibc)
import Glibc  // exp: Core stays free of Foundation
#else
import Darwin
#endif

/// The arithmetic of the learned linear models (the search reranker, the answer reader, the evidence model): the
/// log-odds `bias + Σ weight × feature` and the probability `1 / (1 + e^-z)`. Each model keeps its own fitted
/// constants and feature names; this is the one place they are applied.
public enum Logistic {
    /// `bias + Σ weights[i] × features[i]` over the shorter of the two.
    public static func logit(bias: Double, weights: [Double], features: [Double]) -> Double {
        zip(weights, features).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    /// `1 / (1 + e^-z)`.
    public static func probability(logit z: Double) -> Double { 1 / (1 + exp(-z)) }
}

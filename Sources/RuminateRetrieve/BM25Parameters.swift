import RuminateIndex

/// BM25F settings. Defaults are documented in the README ("Ranking") and were chosen on SciFact's
/// *train* split, so the test split stays an honest held-out measure.
public struct BM25Parameters: Sendable, Hashable, Codable {
    /// Term-frequency saturation.
    public var k1: Double
    /// Length normalisation per field (0 = none, 1 = full).
    public var b: FieldWeights
    /// Field boosts: a title match counts `weights.title` times a body match.
    public var weights: FieldWeights

    public init(k1: Double, b: FieldWeights, weights: FieldWeights) {
        self.k1 = k1
        self.b = b
        self.weights = weights
    }

    public static let `default` = BM25Parameters(
        k1: 1.2,
        b: FieldWeights(title: 0.75, headings: 0.75, body: 0.75),
        weights: FieldWeights(title: 1.0, headings: 1.0, body: 1.0))
}

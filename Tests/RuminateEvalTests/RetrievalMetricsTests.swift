import Foundation
import Testing

@testable import RuminateEval

@Suite struct RetrievalMetricsTests {
    @Test func ndcgMatchesHandComputation() {
        // Relevant at ranks 1 and 3 of two relevant documents.
        let ndcg = RetrievalMetrics.ndcg(ranked: ["a", "x", "b"], relevance: ["a": 1, "b": 1], at: 10)
        let expected = (1 + 1 / log2(4.0)) / (1 + 1 / log2(3.0))
        #expect(abs(ndcg - expected) < 1e-12)
        #expect(RetrievalMetrics.ndcg(ranked: ["x", "y"], relevance: ["a": 1], at: 10) == 0)
        #expect(RetrievalMetrics.ndcg(ranked: ["a"], relevance: ["a": 2], at: 10) == 1)
    }

    @Test func gradedGainIsLinear() {
        // BEIR/pytrec_eval: gain = grade, so swapping a 2 and a 1 costs exactly this much.
        let ndcg = RetrievalMetrics.ndcg(ranked: ["one", "two"], relevance: ["one": 1, "two": 2], at: 10)
        let expected = (1 + 2 / log2(3.0)) / (2 + 1 / log2(3.0))
        #expect(abs(ndcg - expected) < 1e-12)
    }

    @Test func recallAndReciprocalRank() {
        #expect(RetrievalMetrics.recall(ranked: ["a", "x"], relevance: ["a": 1, "b": 1, "z": 0], at: 100) == 0.5)
        #expect(RetrievalMetrics.reciprocalRank(ranked: ["x", "y", "a"], relevance: ["a": 1], at: 10) == 1.0 / 3)
        #expect(RetrievalMetrics.reciprocalRank(ranked: ["x", "y", "a"], relevance: ["a": 1], at: 2) == 0)
    }
}

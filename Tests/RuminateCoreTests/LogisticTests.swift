import RuminateCore
import Testing

@Suite struct LogisticTests {
    @Test func theLogitIsTheBiasPlusTheWeightedFeatures() {
        #expect(Logistic.logit(bias: -1, weights: [2, 0.5], features: [1, 4]) == 3)
        #expect(Logistic.probability(logit: 0) == 0.5)
        #expect(abs(Logistic.probability(logit: 3) - 0.9525741268224334) < 1e-12)
        #expect(Logistic.probability(logit: -3) < 0.05)
    }
}

import Testing

@testable import RuminateRetrieve

@Suite struct RankFusionTests {
    @Test func agreementBeatsASingleLeg() {
        let lexical = [
            RankedPassage(passageID: 1, score: 9), RankedPassage(passageID: 2, score: 8),
            RankedPassage(passageID: 3, score: 7),
        ]
        let vector = [
            RankedPassage(passageID: 3, score: 0.9), RankedPassage(passageID: 4, score: 0.8),
            RankedPassage(passageID: 1, score: 0.7),
        ]
        let fused = RankFusion.reciprocalRank(lexical: lexical, vector: vector, parameters: FusionParameters())
        #expect(fused.map(\.passageID) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (1 / 61.0 + 1 / 63.0)) < 1e-12)
        #expect(fused[0].lexicalRank == 1 && fused[0].vectorRank == 3)
        #expect(fused[3].lexicalRank == nil && fused[3].vectorScore == 0.8)
    }

    @Test func weightsAndDepthApply() {
        let lexical = [RankedPassage(passageID: 1, score: 9), RankedPassage(passageID: 2, score: 8)]
        let vector = [RankedPassage(passageID: 2, score: 0.9), RankedPassage(passageID: 1, score: 0.8)]
        let vectorHeavy = RankFusion.reciprocalRank(
            lexical: lexical, vector: vector, parameters: FusionParameters(lexicalWeight: 0.5, vectorWeight: 2))
        #expect(vectorHeavy.first?.passageID == 2)
        let shallow = RankFusion.reciprocalRank(
            lexical: lexical, vector: vector, parameters: FusionParameters(depth: 1))
        #expect(shallow.count == 2)
        #expect(shallow.allSatisfy { ($0.lexicalRank == nil) != ($0.vectorRank == nil) })
    }

    @Test func explanationSumsTheLegs() {
        let fused = RankFusion.reciprocalRank(
            lexical: [RankedPassage(passageID: 5, score: 3)], vector: [RankedPassage(passageID: 5, score: 0.5)],
            parameters: FusionParameters())
        let explanation = RankFusion.explain(fused[0], parameters: FusionParameters(), lexical: nil)
        #expect(abs(explanation.details.map(\.value).reduce(0, +) - explanation.value) < 1e-12)
        #expect(explanation.rendered().contains("vector leg"))
    }
}

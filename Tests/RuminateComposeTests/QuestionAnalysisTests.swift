import RuminateCompose
import RuminateText
import Testing

@Suite struct QuestionAnalysisTests {
    @Test func questionWordsAndStopwordsAreDroppedUnlessNothingElseIsLeft() {
        let analyzer = TextAnalyzer()
        #expect(
            QuestionAnalyzer.contentTerms(of: "How does the WAL work? How do I checkpoint the WAL?", analyzer: analyzer)
                .map(\.term)
                == ["wal", "work", "checkpoint"])
        #expect(
            QuestionAnalyzer.contentTerms(of: "How does the WAL work? How do I checkpoint the WAL?", analyzer: analyzer)
                .first?.count == 2)
        #expect(QuestionAnalyzer.contentTerms(of: "How do I?", analyzer: analyzer).map(\.term) == ["how", "do", "i"])
        #expect(QuestionAnalyzer.contentTerms(of: "the of", analyzer: analyzer).map(\.term) == ["the", "of"])
    }

    @Test func rareAndAbsentTermsWeighMoreThanCommonOnes() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let question = try QuestionAnalyzer(index: fixture.index).analyze("checkpoint interior zeppelin")
        let idf = Dictionary(uniqueKeysWithValues: question.terms.map { ($0.term, $0.idf) })
        // "checkpoint" is in three passages, "interior" in one, "zeppelin" in none.
        #expect(idf["checkpoint"]! < idf["interior"]!)
        #expect(idf["interior"]! < idf["zeppelin"]!)
        let covered = question.coverage { $0 != "zeppelin" }
        #expect(covered > 0 && covered < 1)
        #expect(abs(covered - (idf["checkpoint"]! + idf["interior"]!) / question.totalWeight) < 1e-12)
    }
}

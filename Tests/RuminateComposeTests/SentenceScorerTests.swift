import RuminateCompose
import RuminateCore
import Testing

@Suite struct SentenceScorerTests {
    func hit(_ score: Double, rank: Int) -> SearchHit {
        let document = DocumentInfo(
            id: Int64(rank), key: "/d\(rank)", path: "/d\(rank)", memberID: nil, title: "", format: .text,
            contentHash: "", byteSize: 0, passageCount: 1, indexedAt: 0)
        let passage = PassageInfo(
            id: Int64(rank), documentID: Int64(rank), ordinal: 0, span: SourceSpan(start: 0, end: 100), headingPath: [],
            text: "")
        return SearchHit(document: document, passage: passage, rank: rank, score: score, snippet: "")
    }

    func candidate(_ terms: [String: Int], hit: Int) -> CandidateSentence {
        CandidateSentence(
            hitIndex: hit, documentID: Int64(hit + 1), span: SourceSpan(start: 0, end: 10), text: "",
            termFrequencies: terms, length: terms.values.reduce(0, +), wordCount: 10)
    }

    @Test func blendsTheSentenceMatchWithItsPassageScore() {
        let question = AnalyzedQuestion(
            text: "",
            terms: [QuestionTerm(term: "wal", count: 1, idf: 2), QuestionTerm(term: "reader", count: 1, idf: 1)])
        let hits = [hit(10, rank: 1), hit(5, rank: 2)]
        let candidates = [
            candidate(["wal": 1], hit: 0), candidate(["wal": 1, "reader": 1], hit: 1), candidate(["other": 1], hit: 0),
        ]
        let options = ComposeOptions(sentenceWeight: 0.5, k1: 1.2, b: 0)
        let scores = SentenceScorer(options: options).score(candidates, question: question, hits: hits)
        // With b = 0 a matching term contributes idf·tf·(k1+1)/(tf+k1) = idf.
        #expect(scores.match.map { ($0 * 1e9).rounded() / 1e9 } == [2, 3, 0])
        #expect(abs(scores.relevance[0] - (0.5 * 2.0 / 3.0 + 0.5 * 1.0)) < 1e-12)
        #expect(abs(scores.relevance[1] - (0.5 * 1.0 + 0.5 * 0.5)) < 1e-12)
        #expect(abs(scores.relevance[2] - 0.5) < 1e-12)  // no match, but its passage is the best one
    }

    @Test func fallsBackToRankWhenScoresAreNotPositive() {
        let question = AnalyzedQuestion(text: "", terms: [QuestionTerm(term: "wal", count: 1, idf: 1)])
        let scores = SentenceScorer(options: ComposeOptions(sentenceWeight: 0)).score(
            [candidate(["wal": 1], hit: 0), candidate(["wal": 1], hit: 1)], question: question,
            hits: [hit(0, rank: 1), hit(0, rank: 2)])
        #expect(scores.relevance == [1, 0.5])
    }
}

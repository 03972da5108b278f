import RuminateCompose
import RuminateCore
import RuminateText
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

    @Test func theReaderWeighsTheSentenceMatchAndItsPassageScore() {
        let question = AnalyzedQuestion(
            text: "",
            terms: [QuestionTerm(term: "wal", count: 1, idf: 2), QuestionTerm(term: "reader", count: 1, idf: 1)])
        let hits = [hit(10, rank: 1), hit(5, rank: 2)]
        let candidates = [
            candidate(["wal": 1], hit: 0), candidate(["wal": 1, "reader": 1], hit: 1), candidate(["other": 1], hit: 0),
            candidate(["wal": 1, "reader": 1], hit: 0),
        ]
        let options = ComposeOptions(k1: 1.2, b: 0)
        let scores = SentenceScorer(options: options).score(candidates, question: question, hits: hits)
        // With b = 0 a matching term contributes idf·tf·(k1+1)/(tf+k1) = idf.
        #expect(scores.match.map { ($0 * 1e9).rounded() / 1e9 } == [2, 3, 0, 3])
        let lexical = ReaderFeatures.names.firstIndex(of: "lexical")!
        let passage = ReaderFeatures.names.firstIndex(of: "passage")!
        #expect(scores.features.map { $0[lexical] } == [2.0 / 3.0, 1, 0, 1])
        #expect(scores.features.map { $0[passage] } == [1, 0.5, 1, 1])
        #expect(scores.relevance == scores.features.map(ReaderModel.lexicalOnly.probability))
        // More of the question, or a better passage, reads as a better answer.
        #expect(scores.relevance[3] > scores.relevance[0])
        #expect(scores.relevance[3] > scores.relevance[1])
        #expect(scores.relevance[0] > scores.relevance[2])
    }

    @Test func anAcronymInTheSentenceMatchesThePhraseOfTheQuestion() {
        let analyzer = TextAnalyzer()
        let acronyms = QuestionAnalyzer.acronyms(of: "How do I turn on write-ahead logging?", analyzer: analyzer)
        #expect(acronyms["wal"] != nil)
        let question = AnalyzedQuestion(
            text: "", terms: acronyms["wal"]!.map { QuestionTerm(term: $0, count: 1, idf: 1) }, acronyms: acronyms)
        let scores = SentenceScorer(options: ComposeOptions(b: 0)).score(
            [candidate(["wal": 1, "mode": 1], hit: 0), candidate(["mode": 1], hit: 0)], question: question,
            hits: [hit(1, rank: 1)])
        #expect(scores.match[0] > 0)
        #expect(scores.match[1] == 0)
    }

    @Test func fallsBackToRankWhenScoresAreNotPositive() {
        let question = AnalyzedQuestion(text: "", terms: [QuestionTerm(term: "wal", count: 1, idf: 1)])
        let scores = SentenceScorer(options: ComposeOptions()).score(
            [candidate(["wal": 1], hit: 0), candidate(["wal": 1], hit: 1)], question: question,
            hits: [hit(0, rank: 1), hit(0, rank: 2)])
        let passage = ReaderFeatures.names.firstIndex(of: "passage")!
        #expect(scores.features.map { $0[passage] } == [1, 0.5])
    }
}

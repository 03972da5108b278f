import RuminateCompose
import RuminateCore
import Testing

@Suite struct SentenceSelectorTests {
    func candidate(_ terms: [String], words: Int = 8, document: Int64 = 1, at start: Int = 0) -> CandidateSentence {
        CandidateSentence(
            hitIndex: 0, documentID: document, span: SourceSpan(start: start, end: start + 10),
            text: terms.joined(separator: " "),
            termFrequencies: Dictionary(terms.map { ($0, 1) }, uniquingKeysWith: +), length: terms.count,
            wordCount: words)
    }

    @Test func jaccardOfTermSets() {
        #expect(SentenceSelector.jaccard(["a", "b"], ["b", "c"]) == 1.0 / 3.0)
        #expect(SentenceSelector.jaccard(["a"], ["a"]) == 1)
        #expect(SentenceSelector.jaccard(["a"], ["b"]) == 0)
    }

    @Test func neverPicksANearDuplicateEvenWhenItScoresHigh() {
        let candidates = [
            candidate(["wal", "checkpoint", "database", "file"], at: 0),
            candidate(["wal", "checkpoint", "database", "file", "back"], at: 20),  // Jaccard 0.8 with the first
            candidate(["reader", "wal", "writer"], at: 40),
        ]
        let scores = SentenceScorer.Scores(match: [3, 3, 1], relevance: [1.0, 0.99, 0.3])
        let chosen = SentenceSelector(options: ComposeOptions(sentences: 3)).select(candidates, scores: scores)
        #expect(chosen == [0, 2])
    }

    @Test func skipsFragmentsAndSentencesSharingNoTermWithTheQuestion() {
        let candidates = [
            candidate(["wal"], words: 2), candidate(["unrelated", "words"], at: 20),
            candidate(["wal", "reader"], at: 40),
        ]
        let scores = SentenceScorer.Scores(match: [5, 0, 1], relevance: [1, 0.9, 0.2])
        #expect(SentenceSelector(options: ComposeOptions(sentences: 3)).select(candidates, scores: scores) == [2])
    }

    @Test func neverQuotesTheSameWordsTwiceWhenQuotesCarryContext() {
        // A quote with its context (0..<30) and the sentence it brought along (20..<30) overlap.
        var withContext = candidate(["wal", "mode", "pragma"], at: 0)
        withContext.span = SourceSpan(start: 0, end: 30)
        let candidates = [withContext, candidate(["pragma", "journal"], at: 20), candidate(["wal", "other"], at: 40)]
        let scores = SentenceScorer.Scores(match: [3, 2, 1], relevance: [1, 0.9, 0.3])
        #expect(SentenceSelector(options: ComposeOptions(sentences: 3)).select(candidates, scores: scores) == [0, 2])
    }

    @Test func afterTwoQuotesTheWordBudgetSkipsLongOnes() {
        let candidates = [
            candidate(["a"], words: 40, at: 0), candidate(["b"], words: 40, at: 20),
            candidate(["c"], words: 40, at: 40), candidate(["d"], words: 10, at: 60),
        ]
        let scores = SentenceScorer.Scores(match: [1, 1, 1, 1], relevance: [1, 0.9, 0.8, 0.1])
        let options = ComposeOptions(sentences: 4, wordBudget: 100)
        #expect(SentenceSelector(options: options).select(candidates, scores: scores) == [0, 1, 3])
    }

    @Test func stopsAtTheRequestedNumberBestFirst() {
        let candidates = (0..<6).map { candidate(["t\($0)", "shared"], at: $0 * 20) }
        let scores = SentenceScorer.Scores(
            match: Array(repeating: 1, count: 6), relevance: [0.1, 0.9, 0.5, 0.7, 0.2, 0.3])
        #expect(
            SentenceSelector(options: ComposeOptions(sentences: 3, novelty: 0)).select(candidates, scores: scores) == [
                1, 3, 2,
            ])
    }
}

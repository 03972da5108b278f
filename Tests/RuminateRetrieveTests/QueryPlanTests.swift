import RuminateText
import Testing

@testable import RuminateRetrieve

@Suite struct QueryPlanTests {
    @Test func hostileSyntaxBecomesPlainWords() {
        let plan = QueryPlan(query: "title:foo NEAR(\"x\" OR (bar", analyzer: TextAnalyzer())
        #expect(plan.terms.map(\.term) == ["titl", "foo", "near", "x", "bar"])
        // The fallback pattern quotes every word, so FTS5 never sees an operator.
        #expect(plan.anyWordPattern == "\"title\" OR \"foo\" OR \"NEAR\" OR \"x\" OR \"OR\" OR \"bar\"")
    }

    @Test func stopwordsAreDroppedUnlessTheyAreAllThereIs() {
        let analyzer = TextAnalyzer()
        #expect(QueryPlan(query: "the running of the bulls", analyzer: analyzer).terms.map(\.term) == ["run", "bull"])
        #expect(
            QueryPlan(query: "to be or not to be", analyzer: analyzer).terms.map(\.term) == ["to", "be", "or", "not"])
    }

    @Test func repeatedWordsRaiseTheQueryTermCount() {
        let plan = QueryPlan(query: "cells Cell CELLS membrane", analyzer: TextAnalyzer())
        #expect(plan.terms.first?.term == "cell")
        #expect(plan.terms.first?.count == 3)
        #expect(plan.terms.first?.surface == "cells")
    }

    @Test func thePatternHasEachAnalysedWordOnce() {
        // Spellings of one word are one phrase: FTS5's ranking costs, per passage, its phrases times their
        // occurrences, and a query of 800 spellings of "the" ("THE", "thé", "ｔｈｅ"…) took 29 s.
        let plan = QueryPlan(query: "the THE Thé ｔｈｅ and AND the", analyzer: TextAnalyzer())
        #expect(plan.anyWordPattern == "\"the\" OR \"and\"")
        #expect(plan.surfaces.count == 7)
    }

    @Test func quotesInsideWordsAreEscapedInThePattern() {
        let plan = QueryPlan(query: "don't", analyzer: TextAnalyzer())
        #expect(plan.anyWordPattern?.contains("\"\"") == false)
        #expect(plan.anyWordPattern == "\"don't\"")
    }
}

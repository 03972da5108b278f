import Testing
import RuminateText
@testable import RuminateRetrieve

@Suite struct HighlighterTests {
    @Test func marksMatchesFoundThroughAnalysis() {
        let snippet = Highlighter(open: "[", close: "]").snippet(of: "She Runs to the Café daily.", terms: ["run", "cafe"], analyzer: TextAnalyzer())
        #expect(snippet == "She [Runs] to the [Café] daily.")
    }

    @Test func picksTheWindowWithTheMostDistinctMatches() {
        let filler = Array(repeating: "filler", count: 60).joined(separator: " ")
        let text = "alpha " + filler + " beta gamma delta"
        let snippet = Highlighter(open: "[", close: "]", window: 8).snippet(of: text, terms: ["beta", "gamma", "delta"], analyzer: TextAnalyzer())
        #expect(snippet.hasPrefix("…"))
        #expect(snippet.contains("[beta] [gamma] [delta]"))
        #expect(!snippet.contains("alpha"))
    }
}

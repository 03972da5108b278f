import RuminateCore
import RuminateText
import Testing

@testable import RuminateRetrieve

@Suite struct HighlighterTests {
    @Test func marksMatchesFoundThroughAnalysis() {
        let snippet = Highlighter(open: "[", close: "]").snippet(
            of: "She Runs to the Café daily.", terms: ["run", "cafe"], analyzer: TextAnalyzer())
        #expect(snippet == "She [Runs] to the [Café] daily.")
    }

    @Test func picksTheWindowWithTheMostDistinctMatches() {
        let filler = Array(repeating: "filler", count: 60).joined(separator: " ")
        let text = "alpha " + filler + " beta gamma delta"
        let snippet = Highlighter(open: "[", close: "]", window: 8).snippet(
            of: text, terms: ["beta", "gamma", "delta"], analyzer: TextAnalyzer())
        #expect(snippet.hasPrefix("…"))
        #expect(snippet.contains("[beta] [gamma] [delta]"))
        #expect(!snippet.contains("alpha"))
    }

    /// A document that contains the markers literally: in segments they stay plain text, so only real
    /// matches are highlighted (the marked string cannot tell them apart).
    @Test func segmentsKeepLiteralMarkersAsText() {
        let text = "Wrap a word in <mark>word</mark> to highlight it; the mark element."
        let segments = Highlighter().segments(of: text, terms: ["highlight"], analyzer: TextAnalyzer())
        #expect(
            segments == [
                TextSegment(text: "Wrap a word in <mark>word</mark> to ", highlighted: false),
                TextSegment(text: "highlight", highlighted: true),
                TextSegment(text: " it; the mark element.", highlighted: false),
            ])
        #expect(
            Highlighter().render(segments)
                == Highlighter().snippet(of: text, terms: ["highlight"], analyzer: TextAnalyzer()))
    }

    /// Line breaks read as one space each run, none at the ends, wherever the pieces are cut.
    @Test(arguments: [
        ("\n\nalpha beta\n\n\ngamma\n", "alpha [beta] gamma"),
        ("beta\nbeta \n gamma", "[beta] [beta]   gamma"),
        ("alpha\r\nbeta\n", "alpha [beta]"),
    ])
    func lineBreaksBecomeSingleSpaces(_ text: String, _ expected: String) {
        let highlighter = Highlighter(open: "[", close: "]")
        let segments = highlighter.segments(of: text, terms: ["beta"], analyzer: TextAnalyzer())
        #expect(highlighter.render(segments) == expected)
        #expect(segments.allSatisfy { !$0.text.isEmpty && !$0.text.contains(where: \.isNewline) })
        let joined = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(segments.map(\.text).joined() == joined, "the old whole-string rule")
    }
}

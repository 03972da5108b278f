import Testing

@testable import RuminateCore

@Suite struct SourceSpanTests {
    @Test func sliceCountsUnicodeScalars() {
        let text = "Café 深度研究 👩‍💻 done"
        // "深度研究" starts after "Café " (5 scalars).
        #expect(text.slice(SourceSpan(start: 5, end: 9)) == "深度研究")
        // The ZWJ emoji sequence is three scalars, not one character.
        #expect(text.slice(SourceSpan(start: 10, end: 13)) == "👩‍💻")
    }

    @Test func sliceClampsOutOfRange() {
        #expect("abc".slice(SourceSpan(start: 2, end: 10)) == "c")
        #expect("abc".slice(SourceSpan(start: 5, end: 9)) == "")
    }

    @Test func containment() {
        #expect(SourceSpan(start: 0, end: 10).contains(SourceSpan(start: 2, end: 10)))
        #expect(!SourceSpan(start: 3, end: 10).contains(SourceSpan(start: 2, end: 5)))
    }

    @Test func explanationRendersTree() {
        let e = ScoreExplanation(
            value: 1.5, description: "sum",
            details: [
                ScoreExplanation(value: 1, description: "a"), ScoreExplanation(value: 0.5, description: "b"),
            ])
        #expect(e.rendered() == "1.5 = sum\n  1.0 = a\n  0.5 = b\n")
    }

    @Test func errorDescriptionCarriesHintAndCause() {
        struct Boom: Error {}
        let error = RuminateError(.notFound, "no index at x", hint: "run `ruminate index` first", cause: Boom())
        #expect(error.description.contains("run `ruminate index` first"))
        #expect(error.description.contains("Boom"))
        #expect(error.code == .notFound)
    }
}

import RuminateCore
import Testing

@Suite struct ScalarTextTests {
    let text =
        "👍🏽 你好。 e\u{301}t\u{E9} 🇯🇵 最后！ "
        + String(repeating: "plain ASCII tail, long enough to pass a checkpoint. ", count: 3)

    /// The plain definition: walk the scalars from the start.
    func walked(_ text: String, _ span: SourceSpan) -> String {
        let scalars = Array(text.unicodeScalars)
        let lower = min(max(0, span.start), scalars.count), upper = min(max(lower, span.end), scalars.count)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lower..<upper])
        return String(out)
    }

    @Test func slicesMatchAWalkForEverySpanIncludingEmojiAndCJK() {
        let length = text.unicodeScalars.count
        var spans: [SourceSpan] = []
        for start in stride(from: 0, through: length + 3, by: 3) {
            for end in stride(from: start, through: length + 5, by: 4) {
                spans.append(SourceSpan(start: start, end: end))
            }
        }
        let scalars = ScalarText(text)
        #expect(scalars.count == length)
        #expect(spans.map(scalars.slice) == spans.map { walked(text, $0) })
        #expect(spans.map(text.slice) == spans.map { walked(text, $0) })
    }

    @Test func spansMayComeInAnyOrderAndOverlap() {
        let spans = [SourceSpan(start: 10, end: 14), SourceSpan(start: 0, end: 2), SourceSpan(start: 1, end: 12)]
        let slices = spans.map(ScalarText(text).slice)
        #expect(slices == spans.map { walked(text, $0) })
        #expect(slices[1] == "👍🏽")  // two scalars: thumbs up and a skin-tone modifier
    }

    @Test func countsScalarsNotCharactersOrUTF16() {
        // "é" written as e + combining acute is two scalars but one Character.
        #expect(ScalarText("e\u{301}").count == 2)
        #expect(ScalarText("🇯🇵").count == 2)
        #expect(ScalarText("").count == 0 && ScalarText("").slice(SourceSpan(start: 0, end: 3)) == "")
        #expect("e\u{301}x".slice(SourceSpan(start: 1, end: 3)).unicodeScalars.first == "\u{301}")
        #expect(ScalarText("e\u{301}x").scalar(at: 1) == "\u{301}")
    }

    @Test func clampsSpansPastTheEnd() {
        let abc = ScalarText("abc")
        #expect([SourceSpan(start: 2, end: 10), SourceSpan(start: 5, end: 9)].map(abc.slice) == ["c", ""])
    }
}

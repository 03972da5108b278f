import RuminateCompose
import RuminateCore
import Testing

@Suite struct ScalarSlicerTests {
    let text = "👍🏽 你好。 e\u{301}t\u{E9} 🇯🇵 最后！ plain ASCII tail."

    @Test func slicesMatchStringSliceForEverySpanIncludingEmojiAndCJK() {
        let length = text.unicodeScalars.count
        var spans: [SourceSpan] = []
        for start in stride(from: 0, through: length, by: 3) {
            for end in stride(from: start, through: length, by: 4) { spans.append(SourceSpan(start: start, end: end)) }
        }
        #expect(ScalarSlicer.slices(of: text, spans: spans) == spans.map { text.slice($0) })
    }

    @Test func spansMayComeInAnyOrderAndOverlap() {
        let spans = [SourceSpan(start: 10, end: 14), SourceSpan(start: 0, end: 2), SourceSpan(start: 1, end: 12)]
        let slices = ScalarSlicer.slices(of: text, spans: spans)
        #expect(slices == spans.map { text.slice($0) })
        #expect(slices[1] == "👍🏽")  // two scalars: thumbs up and a skin-tone modifier
    }

    @Test func countsScalarsNotCharactersOrUTF16() {
        // "é" written as e + combining acute is two scalars but one Character.
        #expect(ScalarSlicer.length(of: "e\u{301}") == 2)
        #expect(ScalarSlicer.length(of: "🇯🇵") == 2)
        #expect(ScalarSlicer.slices(of: "e\u{301}x", spans: [SourceSpan(start: 1, end: 3)]).first?.unicodeScalars.first == "\u{301}")
    }

    @Test func clampsSpansPastTheEnd() {
        #expect(ScalarSlicer.slices(of: "abc", spans: [SourceSpan(start: 2, end: 10), SourceSpan(start: 5, end: 9)]) == ["c", ""])
    }
}

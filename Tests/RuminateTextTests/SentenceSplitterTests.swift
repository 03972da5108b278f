import RuminateCore
import Testing

@testable import RuminateText

@Suite struct SentenceSplitterTests {
    func sentences(_ text: String) -> [String] {
        SentenceSplitter.sentences(in: text).map { text.slice($0) }
    }

    @Test func splitsAndTrimsSentences() {
        let text = "  Hello world.  This is a test!\nIs it? Yes.  \n"
        #expect(sentences(text) == ["Hello world.", "This is a test!", "Is it?", "Yes."])
        let spans = SentenceSplitter.sentences(in: text)
        #expect(spans.first == SourceSpan(start: 2, end: 14))
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.end <= $1.start })
    }

    @Test func countsOffsetsInScalarsAfterEmojiAndCJK() {
        // 👍🏽 is two scalars (four UTF-16 units, eight UTF-8 bytes); ideographs are one scalar each.
        let text = "👍🏽 你好。 Second one. 🇯🇵 最后！"
        let spans = SentenceSplitter.sentences(in: text)
        #expect(sentences(text) == ["👍🏽 你好。", "Second one.", "🇯🇵 最后！"])
        #expect(
            spans == [
                SourceSpan(start: 0, end: 6),
                SourceSpan(start: 7, end: 18),
                SourceSpan(start: 19, end: 25),
            ])
    }

    @Test func keepsCommonAbbreviationsInsideSentences() {
        #expect(
            sentences("Mr. Smith arrived at 5 p.m. today. He left.") == [
                "Mr. Smith arrived at 5 p.m. today.", "He left.",
            ])
    }

    @Test func dropsEmptyAndWhitespaceOnlyText() {
        #expect(SentenceSplitter.sentences(in: "").isEmpty)
        #expect(SentenceSplitter.sentences(in: " \n\t\u{3000} ").isEmpty)
    }

    @Test func returnsTheWholeTextWhenThereIsNoSentenceEnd() {
        let text = "no full stop here"
        #expect(SentenceSplitter.sentences(in: text) == [SourceSpan(start: 0, end: 17)])
    }
}

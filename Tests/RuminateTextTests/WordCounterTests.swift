import Testing

@testable import RuminateText

@Suite struct WordCounterTests {
    @Test func countsWordsLikeTheAnalyzer() {
        let samples = [
            "Hello, world!",
            "我们在Linux上用Swift调用ICU进行中文分词",
            "In 2024, 3.14 of 1,000,000 people — 😀 — saw it.",
            "a \(String(repeating: "z", count: 150)) b",
            "  ",
        ]
        let analyzer = TextAnalyzer()
        for sample in samples {
            #expect(WordCounter.count(sample[...]) == analyzer.analyze(sample).count, "\(sample)")
        }
        #expect(WordCounter.count("Hello, world!"[...]) == 2)
        #expect(WordCounter.count("a \(String(repeating: "z", count: 150)) b"[...]) == 2)
    }

    @Test func countsOnlyTheSubstring() {
        let text = "one two three four five"
        let middle = text[text.index(text.startIndex, offsetBy: 4)..<text.index(text.startIndex, offsetBy: 13)]
        #expect(middle == "two three")
        #expect(WordCounter.count(middle) == 2)
    }
}

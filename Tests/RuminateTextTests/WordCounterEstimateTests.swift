import Testing

@testable import RuminateText

@Suite struct WordCounterEstimateTests {
    @Test func matchesExactCountsOnSpacedText() {
        for text in [
            "The quick brown fox jumps over 13 lazy dogs.", "naïve café résumé", "snake_case and CamelCase x2",
        ] {
            #expect(WordCounter.estimate(Substring(text)) == WordCounter.count(Substring(text)), "\(text)")
        }
    }

    @Test func approximatesUnspacedScripts() {
        let chinese = "我们在Linux上用Swift调用ICU进行中文分词"
        let exact = WordCounter.count(Substring(chinese))
        let estimate = WordCounter.estimate(Substring(chinese))
        #expect(abs(estimate - exact) <= exact / 2, "exact \(exact), estimate \(estimate)")
        #expect(WordCounter.estimate("") == 0)
        #expect(WordCounter.estimate("  ,.;  ") == 0)
        #expect(WordCounter.estimate("日本語") == 2)
    }
}

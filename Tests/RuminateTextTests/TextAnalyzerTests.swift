import Testing

@testable import RuminateText

/// Segmentation, offsets and robustness of the whole analyser. Normalisation details are in TermBuilderTests.
@Suite struct TextAnalyzerTests {
    let analyzer = TextAnalyzer()
    let unstemmed = TextAnalyzer(options: AnalyzerOptions(stemEnglish: false))

    /// The surface text of each token, read back from the UTF-8 input through its byte offsets.
    func surfaces(_ text: String, _ tokens: [AnalyzedToken]) -> [String] {
        let utf8 = Array(text.utf8)
        return tokens.map { String(decoding: utf8[$0.utf8Start..<$0.utf8End], as: UTF8.self) }
    }

    @Test func splitsChineseIntoDictionaryWords() {
        let text = "我们在Linux上用Swift调用ICU进行中文分词"
        let terms = analyzer.terms(text)
        #expect(terms.count >= 10)
        for word in ["我们", "linux", "swift", "icu", "进行", "中文", "分词"] {
            #expect(terms.contains(word), "missing \(word) in \(terms)")
        }
        // Every character belongs to some word: no ideograph is lost.
        #expect(surfaces(text, analyzer.analyze(text)).joined() == text)
    }

    @Test func chineseQueryTermsOccurInTheDocumentInTheSameOrder() {
        let query = analyzer.terms("深度研究")
        let document = analyzer.terms("近年来，深度研究成为热点。我们讨论深度研究的方法。")
        #expect(!query.isEmpty)
        let occurrences = (0...(document.count - query.count)).filter {
            Array(document[$0..<($0 + query.count)]) == query
        }
        #expect(occurrences.count == 2, "query \(query) in document \(document)")
    }

    @Test func splitsJapaneseKanaAndKanji() {
        let text = "私は東京大学で日本語を勉強しています"
        let terms = analyzer.terms(text)
        #expect(terms.contains("東京"))
        #expect(terms.contains("日本語"))
        #expect(terms.contains("は"))
        #expect(terms.count >= 8)
        #expect(surfaces(text, analyzer.analyze(text)).joined() == text)
    }

    @Test func splitsThaiIntoSeveralWords() {
        let text = "ภาษาไทยเป็นภาษาที่สวยงาม"
        let terms = analyzer.terms(text)
        #expect(terms.count >= 4)
        #expect(terms.contains("ภาษา"))
        #expect(surfaces(text, analyzer.analyze(text)).joined() == text)
    }

    @Test func keepsNumbersAsICUSegmentsThem() {
        let terms = analyzer.terms("In 2024, 3.14 of 1,000,000 people saw COVID-19.")
        #expect(terms == ["in", "2024", "3.14", "of", "1,000,000", "peopl", "saw", "covid", "19"])
    }

    @Test func skipsPunctuationSymbolsAndEmoji() {
        #expect(analyzer.terms("— !? ... 😀 ☃ → ∑").isEmpty)
        #expect(analyzer.terms("hello 😀 world!") == ["hello", "world"])
    }

    @Test func dropsTokensOverOneHundredBytesAndKeepsOthersWhole() {
        let longest = String(repeating: "x", count: 100)
        let tooLong = String(repeating: "y", count: 101)
        let tooLongCJK = String(repeating: "研", count: 34)  // 102 bytes, but ICU splits ideographs
        #expect(analyzer.terms("a \(tooLong) \(longest) b") == ["a", longest, "b"])
        #expect(!analyzer.terms(tooLongCJK).isEmpty)
    }

    @Test func offsetsPointAtTheSurfaceTextOfEveryToken() {
        let text = "Ｈéllo — naïve 😀 Straße! 我们在Linux上 ｶﾞｲﾄﾞ ภาษาไทย don't 3.14 Ёлка\n\ttail"
        let tokens = analyzer.analyze(text)
        let utf8 = Array(text.utf8)
        var previousEnd = 0
        for token in tokens {
            #expect(token.utf8Start >= previousEnd && token.utf8Start < token.utf8End && token.utf8End <= utf8.count)
            previousEnd = token.utf8End
            let surface = String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self)
            // The surface alone analyses to exactly this token's term.
            #expect(analyzer.terms(surface) == [token.term], "surface \(surface)")
        }
        #expect(surfaces(text, tokens).contains("Ｈéllo"))
        #expect(surfaces(text, tokens).contains("ｶﾞｲﾄﾞ"))
    }

    @Test func emptyAndWhitespaceOnlyInputGiveNoTokens() {
        #expect(analyzer.analyze("").isEmpty)
        #expect(analyzer.analyze(" \n\t\u{3000}\u{00A0}  ").isEmpty)
        #expect(WordCounter.count(""[...]) == 0)
    }

    @Test func survivesInvalidUTF8ThroughTheBufferAPI() {
        // "foo", a stray 0xFF, a broken two-byte sequence, "bar", a truncated three-byte sequence.
        let bytes: [UInt8] = [0x66, 0x6F, 0x6F, 0xFF, 0xC3, 0x28, 0x62, 0x61, 0x72, 0x20, 0x63, 0x61, 0x66, 0xE2, 0x82]
        var tokens: [AnalyzedToken] = []
        bytes.withUnsafeBufferPointer { buffer in analyzer.analyze(utf8: buffer) { tokens.append($0) } }
        #expect(tokens.map(\.term) == ["foo", "bar", "caf"])
        #expect(tokens.allSatisfy { $0.utf8Start < $0.utf8End && $0.utf8End <= bytes.count })
    }

    @Test func survivesRandomBytes() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            var previousEnd = 0
            bytes.withUnsafeBufferPointer { buffer in
                analyzer.analyze(utf8: buffer) { token in
                    #expect(token.utf8Start >= previousEnd && token.utf8End <= bytes.count && !token.term.isEmpty)
                    previousEnd = token.utf8End
                }
            }
        }
    }

    @Test func termsAreTheTermsOfAnalyze() {
        let text = "The quick brown foxes jumped over 2 lazy dogs; 我们在上海。"
        #expect(analyzer.terms(text) == analyzer.analyze(text).map(\.term))
    }

    @Test func descriptorNamesThePolicyAndOptions() {
        let descriptor = analyzer.descriptor
        #expect(descriptor.hasPrefix("ruminate-text/\(TextAnalyzer.policyVersion) icu"))
        #expect(descriptor.contains("nfkc-casefold"))
        #expect(descriptor.contains("fold-diacritics"))
        #expect(descriptor.contains("snowball-english"))
        let other = TextAnalyzer(options: AnalyzerOptions(foldDiacritics: false, stemEnglish: false)).descriptor
        #expect(other != descriptor)
        #expect(other.contains("keep-diacritics") && other.contains("no-stemming"))
    }

    @Test func analysesTheSameWhenTheBodyAnalysesAgain() {
        // A nested analysis on the same thread must not disturb the outer one's break iterator.
        let text = "Outer text with several words, and 我们在上海 too."
        var outer: [String] = []
        text.utf8.withContiguousStorageIfAvailable { buffer in
            analyzer.analyze(utf8: buffer) { token in
                outer.append(token.term)
                _ = analyzer.terms("inner text 内部")
            }
        }
        #expect(outer == analyzer.terms(text))
    }
}

/// A small seeded generator so random tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

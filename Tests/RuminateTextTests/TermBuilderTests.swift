import Testing

@testable import RuminateText

/// Normalisation, folding, stopword flags and stemming of single tokens (policy steps 2 to 5).
@Suite struct TermBuilderTests {
    let analyzer = TextAnalyzer()
    let unstemmed = TextAnalyzer(options: AnalyzerOptions(stemEnglish: false))

    @Test func appliesNFKCCasefoldToWidthLigaturesAndSharpS() {
        #expect(unstemmed.terms("ＡＢＣ１２３ ﬁle Straße") == ["abc123", "file", "strasse"])
        #expect(unstemmed.terms("ΣΊΣΥΦΟΣ") == unstemmed.terms("σίσυφος"))  // final sigma folds too
    }

    @Test func foldsDiacriticsOnLatinGreekAndCyrillic() {
        #expect(unstemmed.terms("café Ångström naïve") == ["cafe", "angstrom", "naive"])
        #expect(unstemmed.terms("Tiếng Việt") == ["tieng", "viet"])
        #expect(unstemmed.terms("Ελληνικά") == ["ελληνικα"])
        #expect(unstemmed.terms("Ёлка") == ["елка"])
        // Decomposed input folds the same as precomposed.
        #expect(unstemmed.terms("cafe\u{301}") == ["cafe"])
    }

    @Test func keepsDiacriticsOutsideLatinGreekCyrillic() {
        #expect(analyzer.terms("が") != analyzer.terms("か"))
        #expect(analyzer.terms("ガイド") == ["ガイド"])
        #expect(analyzer.terms("ｶﾞｲﾄﾞ") == ["ガイド"])  // half-width kana with a separate voiced mark
        #expect(analyzer.terms("हिन्दी").joined().unicodeScalars.contains("\u{94D}"))  // Devanagari virama kept
    }

    @Test func keepsDiacriticsWhenFoldingIsOff() {
        let keeping = TextAnalyzer(options: AnalyzerOptions(foldDiacritics: false, stemEnglish: false))
        #expect(keeping.terms("Café Ångström") == ["café", "ångström"])
    }

    @Test func asciiFastPathEqualsICUNormalisation() {
        var samples = (0x21...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["Hello", "WORLD", "MiXeD123", "x_y", "A.B.C", "don't", "3.14"]
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { output in
            for sample in samples {
                let bytes = Array(sample.utf8)
                for fold in [true, false] {
                    let length = bytes.withUnsafeBufferPointer {
                        TermBuilder.normalizeWithICU($0, foldDiacritics: fold, into: output)
                    }
                    let viaICU = String(decoding: UnsafeBufferPointer(rebasing: output[..<length]), as: UTF8.self)
                    #expect(viaICU == sample.lowercased(), "\(sample)")
                }
            }
        }
    }

    @Test func flagsStopwordsOnTheFoldedUnstemmedForm() {
        let tokens = analyzer.analyze("The cats and THE hats are Ｔｈｅ theirs")
        #expect(tokens.map(\.isStopword) == [true, false, true, true, false, true, true, false])
        #expect(tokens.map(\.term) == ["the", "cat", "and", "the", "hat", "are", "the", "their"])
    }

    @Test func stemsOnlyWordsOfASCIILetters() {
        #expect(analyzer.terms("running runs generously") == ["run", "run", "generous"])
        // Letters after folding count: "cafés" stems like "cafes".
        #expect(analyzer.terms("cafés") == analyzer.terms("cafes"))
        // Not all letters: left as normalised.
        #expect(analyzer.terms("covid19 don't x_ray") == ["covid19", "don't", "x_ray"])
        #expect(unstemmed.terms("running") == ["running"])
    }
}

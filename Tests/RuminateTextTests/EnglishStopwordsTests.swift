import Testing

@testable import RuminateText

@Suite struct EnglishStopwordsTests {
    @Test func isTheBM25SEnglishList() {
        // bm25s 0.3.x STOPWORDS_EN (Lucene's English stop set).
        let expected: Set<String> = [
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
            "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
            "this", "to", "was", "will", "with",
        ]
        #expect(EnglishStopwords.words == expected)
        #expect(EnglishStopwords.words.allSatisfy { $0.utf8.count <= EnglishStopwords.maximumLength })
    }

    @Test func bytewiseMembershipAgreesWithTheSet() {
        let candidates =
            Array(EnglishStopwords.words) + ["", "th", "thee", "these", "thesis", "ands", "a\0", "A", "i", "into "]
        for word in candidates {
            let bytes = Array(word.utf8)
            let found = bytes.withUnsafeBufferPointer { EnglishStopwords.contains($0) }
            #expect(found == EnglishStopwords.words.contains(word), "\(word.debugDescription)")
        }
    }
}

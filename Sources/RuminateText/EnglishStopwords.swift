/// The English stopword list: the 33 words that the Python `bm25s` package (0.3.x) uses for
/// `stopwords="en"` (its `STOPWORDS_EN`), which is Lucene's classic `ENGLISH_STOP_WORDS_SET`.
/// Using the same list keeps our BM25 comparable with the bm25s reference peer.
public enum EnglishStopwords {
    public static let words: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
        "this", "to", "was", "will", "with",
    ]

    /// The longest stopword, in bytes; longer terms are never stopwords.
    static let maximumLength = 5

    /// Each stopword packed into an integer (see `pack`), so the analyser's hot path tests membership
    /// without building a String.
    private static let packedWords: Set<UInt64> = Set(
        words.map { word in
            var bytes = Array(word.utf8)
            return bytes.withUnsafeMutableBufferPointer { pack(UnsafeBufferPointer($0)) }
        })

    /// Whether the UTF-8 bytes spell a stopword (compared exactly: pass folded, lowercase text).
    @inline(__always)
    static func contains(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count <= maximumLength && utf8.count > 0 && packedWords.contains(pack(utf8))
    }

    /// Up to 8 bytes packed little-endian, with the length in the top byte so "a" and "a\0" differ.
    @inline(__always)
    private static func pack(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value = UInt64(utf8.count) << 56
        for i in 0..<min(utf8.count, 7) { value |= UInt64(utf8[i]) << (8 * UInt64(i)) }
        return value
    }
}

/// Counts word tokens cheaply, for token budgets (e.g. the chunker's).
public enum WordCounter {
    /// The number of tokens `TextAnalyzer.analyze` would return for `text`: the same ICU word segments,
    /// minus those over `TextAnalyzer.maximumTokenBytes`, without normalising or stemming anything.
    public static func count(_ text: Substring) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            var count = 0
            ICUSegments.forEach(.words, in: utf8) { start, end, _ in
                if end - start <= TextAnalyzer.maximumTokenBytes { count += 1 }
            }
            return count
        }
    }
}

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

extension WordCounter {
    /// An estimate of `count(text)` in one pass over the bytes, without ICU: runs of letters and digits
    /// count as one word each, and scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar)
    /// count one word per two characters, about what ICU's dictionaries produce. Good enough for budgets
    /// (the chunker's), and several times cheaper than segmenting.
    public static func estimate(_ text: Substring) -> Int {
        var words = 0
        var unspaced = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let isWordByte = (value &- 0x30 < 10) || ((value | 0x20) &- 0x61 < 26) || value == 0x5F
                if isWordByte && !inWord { words += 1 }
                inWord = isWordByte
            } else if Self.isUnspacedScript(value) {
                unspaced += 1
                inWord = false
            } else {
                let isLetter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                if isLetter && !inWord { words += 1 }
                inWord = isLetter || scalar.properties.generalCategory == .nonspacingMark
            }
        }
        return words + (unspaced + 1) / 2
    }

    @inline(__always)
    static func isUnspacedScript(_ value: UInt32) -> Bool {
        (0x3040...0x30FF).contains(value)  // Hiragana, Katakana
            || (0x3400...0x4DBF).contains(value)  // CJK extension A
            || (0x4E00...0x9FFF).contains(value)  // CJK unified ideographs
            || (0xF900...0xFAFF).contains(value)  // CJK compatibility ideographs
            || (0x20000...0x3FFFF).contains(value)  // CJK extensions B and later
            || (0x0E00...0x0EFF).contains(value)  // Thai, Lao
            || (0x1000...0x109F).contains(value)  // Myanmar
            || (0x1780...0x17FF).contains(value)  // Khmer
    }
}

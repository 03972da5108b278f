import Foundation

/// Hugging Face's `BertNormalizer` followed by `BertPreTokenizer`, scalar for scalar: clean the text, space out
/// CJK ideographs, strip accents (NFD, drop nonspacing marks), lowercase, then split into words on whitespace
/// and punctuation. Character classes come from `BertCharacterTables` (measured from the reference library).
struct BertNormalizer: Sendable {
    var cleanText = true
    var handleChineseChars = true
    var stripAccents = true
    var lowercase = true

    /// Calls `word` with each pre-token (a word or a single punctuation scalar) in order; stops early when
    /// `word` returns false, so a long text costs only as much as the tokens that survive truncation.
    func forEachWord(in text: Substring.UnicodeScalarView, _ word: ([UInt32]) -> Bool) {
        var chunk: [UInt32] = []  // cleaned scalars up to the next whitespace (NFD never crosses a space)
        chunk.reserveCapacity(32)
        var chunkIsASCII = true
        for scalar in text {
            let value = scalar.value
            if cleanText {
                if BertNormalizer.isRemovedByCleaning(value) { continue }
                if value == 0x20 || BertNormalizer.isCleanedToSpace(value) {
                    if !flush(&chunk, isASCII: chunkIsASCII, word) { return }
                    chunkIsASCII = true
                    continue
                }
            }
            if handleChineseChars && BertNormalizer.isCJKIdeograph(value) {
                // Spacing an ideograph out makes it a word of its own.
                if !flush(&chunk, isASCII: chunkIsASCII, word) { return }
                chunk.append(value)
                if !flush(&chunk, isASCII: false, word) { return }
                chunkIsASCII = true
                continue
            }
            if BertNormalizer.isWhitespace(value) {
                if !flush(&chunk, isASCII: chunkIsASCII, word) { return }
                chunkIsASCII = true
                continue
            }
            if value >= 0x80 { chunkIsASCII = false }
            chunk.append(value)
        }
        _ = flush(&chunk, isASCII: chunkIsASCII, word)
    }

    /// Normalises one whitespace-free chunk, splits it on punctuation and hands the words on.
    private func flush(_ chunk: inout [UInt32], isASCII: Bool, _ word: ([UInt32]) -> Bool) -> Bool {
        if chunk.isEmpty { return true }
        defer { chunk.removeAll(keepingCapacity: true) }
        let normalized = isASCII ? asciiNormalized(chunk) : unicodeNormalized(chunk)
        var current: [UInt32] = []
        current.reserveCapacity(normalized.count)
        for value in normalized {
            if BertNormalizer.isWhitespace(value) {
                if !current.isEmpty { if !word(current) { return false }; current.removeAll(keepingCapacity: true) }
            } else if BertNormalizer.isPunctuation(value) {
                if !current.isEmpty { if !word(current) { return false }; current.removeAll(keepingCapacity: true) }
                if !word([value]) { return false }
            } else {
                current.append(value)
            }
        }
        if !current.isEmpty { return word(current) }
        return true
    }

    private func asciiNormalized(_ chunk: [UInt32]) -> [UInt32] {
        guard lowercase else { return chunk }
        return chunk.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
    }

    private func unicodeNormalized(_ chunk: [UInt32]) -> [UInt32] {
        var scalars = chunk
        if stripAccents {
            scalars.removeAll(keepingCapacity: true)
            var pending = String.UnicodeScalarView()
            func decomposePending() {
                guard !pending.isEmpty else { return }
                for scalar in String(pending).decomposedStringWithCanonicalMapping.unicodeScalars
                where !BertNormalizer.isNonspacingMark(scalar.value) {
                    scalars.append(scalar.value)
                }
                pending = String.UnicodeScalarView()
            }
            for value in chunk {
                if let fixed = BertCharacterTables.decompositionOverrides[value] {
                    // Starters with no decomposition in the reference: NFD on either side is independent.
                    decomposePending()
                    scalars += fixed.filter { !BertNormalizer.isNonspacingMark($0) }
                } else if let scalar = Unicode.Scalar(value) {
                    pending.append(scalar)
                }
            }
            decomposePending()
        }
        guard lowercase else { return scalars }
        var out: [UInt32] = []
        out.reserveCapacity(scalars.count)
        for value in scalars {
            if value < 0x80 {
                out.append((0x41...0x5A).contains(value) ? value + 0x20 : value)
            } else if let scalar = Unicode.Scalar(value) {
                // Per scalar, without context (Rust's char::to_lowercase): no final-sigma rule.
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower.value) }
            }
        }
        return out
    }

    // MARK: Character classes

    static func isRemovedByCleaning(_ value: UInt32) -> Bool {
        if value >= 0x20 && value < 0x7F { return false }
        return contains(BertCharacterTables.removedByCleaning, value)
    }

    static func isCleanedToSpace(_ value: UInt32) -> Bool {
        if value > 0x20 && value < 0x7F { return false }
        return contains(BertCharacterTables.cleanedToSpace, value)
    }

    static func isWhitespace(_ value: UInt32) -> Bool {
        if value > 0x20 && value < 0x7F { return false }
        return contains(BertCharacterTables.whitespace, value)
    }

    static func isPunctuation(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
                || (123...126).contains(value)
        }
        return contains(BertCharacterTables.punctuation, value)
    }

    static func isNonspacingMark(_ value: UInt32) -> Bool {
        value >= 0x300 && contains(BertCharacterTables.nonspacingMarks, value)
    }

    /// The CJK Unified Ideograph blocks of BERT's `_is_chinese_char` (not Hangul, Hiragana or Katakana), as
    /// Hugging Face's Rust port has them: its Extension E range starts at U+2B920 where Google's starts at U+2B820.
    static func isCJKIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B920...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }

    /// Binary search in sorted, disjoint ranges.
    static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            let range = ranges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}

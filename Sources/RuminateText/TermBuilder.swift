internal import CICU

/// Steps 2–5 of the policy for one token: normalise, fold, flag stopwords, stem.
enum TermBuilder {
    /// The term for one token's surface bytes and whether it is a stopword; nil when it normalises to
    /// nothing. `scratch` is working space of `TextAnalyzer.scratchBytes` bytes.
    @inline(__always)
    static func term(
        for surface: UnsafeBufferPointer<UInt8>,
        options: AnalyzerOptions,
        scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> (String, Bool)? {
        let output = scratch.baseAddress!
        if let lettersOnly = lowercaseASCII(surface, into: output) {
            return finish(output, length: surface.count, lettersOnly: lettersOnly, stem: options.stemEnglish)
        }
        let needed = normalizeWithICU(surface, foldDiacritics: options.foldDiacritics, into: scratch)
        if needed <= 0 { return nil }
        if needed <= scratch.count {
            return finish(
                output, length: needed, lettersOnly: areLowercaseLetters(output, needed), stem: options.stemEnglish)
        }
        // Only reachable for exotic expansions; the scratch space covers every token up to 100 bytes.
        var large = [UInt8](repeating: 0, count: needed)
        return large.withUnsafeMutableBufferPointer { buffer -> (String, Bool)? in
            let written = normalizeWithICU(surface, foldDiacritics: options.foldDiacritics, into: buffer)
            guard written > 0, written <= buffer.count else { return nil }
            let base = buffer.baseAddress!
            return finish(
                base, length: written, lettersOnly: areLowercaseLetters(base, written), stem: options.stemEnglish)
        }
    }

    /// NFKC_Casefold (plus diacritic folding) through ICU, written to `output`. Returns the byte length of
    /// the result, which exceeds `output.count` when it did not fit, or -1 when ICU fails.
    static func normalizeWithICU(
        _ surface: UnsafeBufferPointer<UInt8>,
        foldDiacritics: Bool,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        Int(
            cicu_normalize_token(
                surface.baseAddress, Int32(surface.count), foldDiacritics ? 1 : 0, output.baseAddress,
                Int32(output.count)))
    }

    /// If `surface` is pure ASCII, writes it lowercased to `output` and returns whether it is made of
    /// letters only; returns nil (having written garbage) when a non-ASCII byte occurs.
    @inline(__always)
    static func lowercaseASCII(_ surface: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Bool?
    {
        var lettersOnly = true
        for i in 0..<surface.count {
            var byte = surface[i]
            if byte >= 0x80 { return nil }
            if byte &- 0x41 < 26 { byte |= 0x20 }
            lettersOnly = lettersOnly && byte &- 0x61 < 26
            output[i] = byte
        }
        return lettersOnly
    }

    @inline(__always)
    static func areLowercaseLetters(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where bytes[i] &- 0x61 >= 26 { return false }
        return true
    }

    @inline(__always)
    static func finish(_ bytes: UnsafeMutablePointer<UInt8>, length: Int, lettersOnly: Bool, stem: Bool) -> (
        String, Bool
    )? {
        guard length > 0 else { return nil }
        let isStopword = EnglishStopwords.contains(UnsafeBufferPointer(start: bytes, count: length))
        let termLength = stem && lettersOnly ? EnglishStemmer.stemInPlace(bytes, count: length) : length
        return (String(decoding: UnsafeBufferPointer(start: bytes, count: termLength), as: UTF8.self), isStopword)
    }
}

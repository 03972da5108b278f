import RuminateText

/// Bytes to text, for every parser. The charset is decided in this order:
/// 1. a byte-order mark (UTF-8, UTF-16 LE/BE);
/// 2. a declared charset: the caller's (a MIME `charset=` parameter), else the document's own
///    (`<meta charset>`, `http-equiv` content type, XML `encoding=`), resolved like a browser does;
/// 3. UTF-16 without a BOM, when NUL bytes fall on every other byte;
/// 4. valid UTF-8 (unless escape sequences make it ISO-2022-JP/KR/CN, which are 7-bit);
/// 5. UTF-8 with a few damaged bytes (mostly valid multi-byte sequences);
/// 6. ICU's statistical detection, when its best guess reaches `minimumConfidence`;
/// 7. else UTF-8 with replacements.
/// Ill-formed or unmapped sequences become U+FFFD and a warning; decoding never fails.
enum TextDecoding {
    struct Decoded {
        var text: String
        var warning: String?
        /// The charset the bytes were read in ("UTF-8", "GB18030", "Shift_JIS", "windows-1252" ...).
        var charset: String = Charset.utf8.name

        /// What a parser records as the document's "charset" metadata: nil for UTF-8, the common case.
        var recordedCharset: String? { charset == Charset.utf8.name ? nil : charset }

        /// The same result as metadata (empty for UTF-8).
        var metadata: [String: String] { recordedCharset.map { ["charset": $0] } ?? [:] }
    }

    /// Where a charset declaration may sit inside the bytes.
    enum Markup {
        case none, html, xml
    }

    /// ICU's guesses below this confidence (0-100) are not trusted. Short Cyrillic texts in KOI8-R or
    /// windows-1251 score 29-42, multi-byte CJK charsets 100, random bytes about 10.
    static let minimumConfidence = 20
    /// Guesses below this confidence are used but reported as a warning.
    static let confidentGuess = 50
    /// ICU's detector reads at most this much of a file.
    static let detectionSample = 256 << 10
    /// Each of ICU's guesses is tried on this much of the file.
    static let checkSample = 64 << 10
    /// A declared single-byte or CJK charset yields to UTF-8 when the bytes are valid UTF-8 with at least
    /// this many multi-byte characters (mis-declared pages; a few CJK characters can be valid UTF-8 by chance).
    static let utf8OverridesDeclarationAfter = 4

    static func decode(_ data: [UInt8], declared: String? = nil, markup: Markup = .none) -> Decoded {
        decode(data[...], declared: declared, markup: markup)
    }

    static func decode(_ bytes: ArraySlice<UInt8>, declared: String? = nil, markup: Markup = .none) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decodeUTF8(bytes.dropFirst(3)) }
        if bytes.starts(with: [0xFF, 0xFE]) { return decodeUTF16(bytes.dropFirst(2), littleEndian: true) }
        if bytes.starts(with: [0xFE, 0xFF]) { return decodeUTF16(bytes.dropFirst(2), littleEndian: false) }

        var notes: [String] = []
        if let label = declared ?? CharsetDeclaration.find(in: bytes, markup: markup) {
            if let charset = CharsetLabels.resolve(label, declaredInDocument: declared == nil) {
                if let decoded = decodeDeclared(bytes, charset) { return decoded }
            }
            notes.append("unknown charset \"\(label.prefix(64))\" declared, ignored")
        }
        // Before the UTF-8 check: ASCII text in UTF-16 is valid UTF-8, NULs and all.
        if bytes.prefix(4096).contains(0), let littleEndian = utf16ByteOrderWithoutBOM(bytes) {
            return with(notes, decodeUTF16(bytes, littleEndian: littleEndian))
        }
        if let valid = String(validating: bytes, as: UTF8.self) {
            if bytes.prefix(detectionSample).contains(0x1B), let stateful = decodeISO2022(bytes, markup: markup) {
                return with(notes, stateful)
            }
            return with(notes, Decoded(text: valid))
        }
        if isMostlyUTF8(bytes.prefix(detectionSample)) {
            return with(notes, decodeUTF8(bytes))
        }
        if let guess = guessCharset(bytes, markup: markup), let decoded = convert(bytes, guess.charset) {
            if guess.confidence < confidentGuess {
                notes.append("charset guessed as \(guess.charset.name) (confidence \(guess.confidence)%)")
            }
            return with(notes, decoded)
        }
        notes.append("charset not recognised")
        return with(notes, decodeUTF8(bytes))
    }

    /// Whether the bytes start with a UTF-16 byte-order mark.
    static func hasUTF16BOM(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
    }

    // MARK: - Declared charsets

    private static func decodeDeclared(_ bytes: ArraySlice<UInt8>, _ charset: Charset) -> Decoded? {
        if charset == .utf8 {
            var decoded = decodeUTF8(bytes)
            if decoded.warning != nil {
                decoded.warning = "declared UTF-8 but " + decoded.warning!
            }
            return decoded
        }
        if charset.asciiCompatible, let valid = String(validating: bytes, as: UTF8.self) {
            let multiByte = bytes.reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
            // Pure ASCII reads the same in every ASCII-compatible charset: nothing to convert or record.
            if multiByte == 0 { return Decoded(text: valid) }
            if multiByte >= utf8OverridesDeclarationAfter {
                return Decoded(
                    text: valid, warning: "declared \(charset.name) but the bytes are valid UTF-8; read as UTF-8")
            }
        }
        guard var decoded = convert(bytes, charset) else { return nil }
        if let warning = decoded.warning { decoded.warning = "declared " + warning }
        return decoded
    }

    /// ICU's conversion; nil when ICU has no converter for the charset.
    private static func convert(_ bytes: ArraySlice<UInt8>, _ charset: Charset) -> Decoded? {
        if charset == .utf16LE || charset == .utf16BE {
            return decodeUTF16(bytes, littleEndian: charset == .utf16LE)
        }
        guard let (text, replaced) = ICUCharsets.convert(bytes, from: charset.converter) else { return nil }
        let warning =
            replaced == 0
            ? nil : "\(charset.name): \(replaced) invalid byte sequence(s) replaced with U+FFFD"
        return Decoded(text: text, warning: warning, charset: charset.name)
    }

    // MARK: - Detection

    /// ICU's guesses that reach `minimumConfidence`, neither UTF-8 (already ruled out) nor UTF-16/32 (those
    /// need a BOM or the NUL-byte heuristic), mapped through the label table (ICU's "ISO-8859-1" is read as
    /// windows-1252). The first of them that reads a sample without a single invalid sequence wins, else
    /// the one with the fewest: ICU's n-gram scores alone rank ISO-8859-8 above KOI8-R for some Russian
    /// texts, though half the KOI8-R letters are unassigned in ISO-8859-8.
    static func guessCharset(_ bytes: ArraySlice<UInt8>, markup: Markup) -> (charset: Charset, confidence: Int)? {
        let matches = ICUCharsets.detect(bytes.prefix(detectionSample), stripMarkup: markup != .none)
        var best: (charset: Charset, confidence: Int, replaced: Int)?
        var tried = 0
        for match in matches where match.confidence >= minimumConfidence && tried < 4 {
            if match.name.uppercased().hasPrefix("UTF-") { continue }
            guard let charset = CharsetLabels.resolve(match.name) else { continue }
            tried += 1
            guard let (_, replaced) = ICUCharsets.convert(bytes.prefix(checkSample), from: charset.converter) else {
                continue
            }
            // A sample cut short may end inside a multi-byte character.
            if replaced <= (bytes.count > checkSample ? 1 : 0) { return (charset, match.confidence) }
            if best == nil || replaced < best!.replaced { best = (charset, match.confidence, replaced) }
        }
        return best.map { ($0.charset, $0.confidence) }
    }

    /// 7-bit text with escape sequences that ICU recognises as ISO-2022-JP, -KR or -CN (Japanese mail).
    private static func decodeISO2022(_ bytes: ArraySlice<UInt8>, markup: Markup) -> Decoded? {
        let matches = ICUCharsets.detect(bytes.prefix(detectionSample), stripMarkup: markup != .none)
        guard let match = matches.first(where: { $0.name.hasPrefix("ISO-2022") && $0.confidence >= minimumConfidence }),
            let charset = CharsetLabels.resolve(match.name)
        else { return nil }
        return convert(bytes, charset)
    }

    /// Little-endian (true) or big-endian (false) when the bytes look like BOM-less UTF-16 text: NUL bytes
    /// on at least a quarter of one parity and almost none on the other, and few control characters.
    static func utf16ByteOrderWithoutBOM(_ bytes: ArraySlice<UInt8>) -> Bool? {
        let sample = bytes.prefix(4096)
        let pairs = sample.count / 2
        guard pairs >= 2, bytes.count % 2 == 0 else { return nil }
        var zerosAtEven = 0, zerosAtOdd = 0
        for (offset, byte) in sample.prefix(pairs * 2).enumerated() where byte == 0 {
            if offset % 2 == 0 { zerosAtEven += 1 } else { zerosAtOdd += 1 }
        }
        let littleEndian: Bool
        if zerosAtOdd * 4 >= pairs, zerosAtEven * 20 <= zerosAtOdd {
            littleEndian = true
        } else if zerosAtEven * 4 >= pairs, zerosAtOdd * 20 <= zerosAtEven {
            littleEndian = false
        } else {
            return nil
        }
        var controls = 0
        var index = sample.startIndex
        while index + 1 < sample.startIndex + pairs * 2 {
            let unit =
                littleEndian
                ? UInt16(sample[index]) | UInt16(sample[index + 1]) << 8
                : UInt16(sample[index]) << 8 | UInt16(sample[index + 1])
            if unit < 0x20, unit != 0x09, unit != 0x0A, unit != 0x0C, unit != 0x0D { controls += 1 }
            index += 2
        }
        return controls * 100 <= pairs ? littleEndian : nil
    }

    /// UTF-8 with a few damaged bytes: at least four valid multi-byte characters for each invalid sequence.
    static func isMostlyUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var valid = 0, invalid = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar.value >= 0x80 { valid += 1 }
            case .error: invalid += 1
            case .emptyInput: break loop
            }
        }
        return valid > 0 && invalid * 4 <= valid
    }

    // MARK: - Unicode encodings

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> Decoded {
        if let valid = String(validating: bytes, as: UTF8.self) { return Decoded(text: valid) }
        let repaired = String(decoding: bytes, as: UTF8.self)
        let replaced =
            repaired.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
            - bytes.count(ofSequence: [0xEF, 0xBF, 0xBD])
        return Decoded(
            text: repaired,
            warning: "invalid UTF-8: \(replaced) sequence(s) replaced with U+FFFD (is the file in another encoding?)")
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> Decoded {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        var warnings: [String] = []
        if bytes.count % 2 != 0 { warnings.append("UTF-16 input has an odd trailing byte, dropped") }
        var text = ""
        var replaced = 0
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .error:
                replaced += 1
                text.unicodeScalars.append("\u{FFFD}")
            case .emptyInput: break loop
            }
        }
        if replaced > 0 { warnings.append("invalid UTF-16: \(replaced) unit(s) replaced with U+FFFD") }
        return Decoded(
            text: text, warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "),
            charset: littleEndian ? Charset.utf16LE.name : Charset.utf16BE.name)
    }

    /// `decoded` with `notes` put before its own warning.
    private static func with(_ notes: [String], _ decoded: Decoded) -> Decoded {
        guard !notes.isEmpty else { return decoded }
        var result = decoded
        result.warning = (notes + [decoded.warning].compactMap { $0 }).joined(separator: "; ")
        return result
    }
}

extension ArraySlice<UInt8> {
    /// How many times `pattern` occurs (non-overlapping).
    func count(ofSequence pattern: [UInt8]) -> Int {
        guard let first = pattern.first else { return 0 }
        var count = 0
        var index = startIndex
        while index + pattern.count <= endIndex {
            if self[index] == first, self[index..<index + pattern.count].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}

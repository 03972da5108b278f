internal import CICU

/// A writing system, named by its ISO 15924 code (`Latn`, `Hani`, `Cyrl`): what decides whether an
/// embedding model trained on one language can read a text, and whether a passage is in the question's
/// language. Japanese is one system, `Jpan` (Han, Hiragana and Katakana together), as ISO 15924 has it.
public struct WritingScript: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var code: String

    public init(code: String) {
        self.code = code
    }

    public static let latin = WritingScript(code: "Latn")
    public static let han = WritingScript(code: "Hani")
    public static let japanese = WritingScript(code: "Jpan")
    public static let hangul = WritingScript(code: "Hang")
    public static let cyrillic = WritingScript(code: "Cyrl")

    public static func < (a: WritingScript, b: WritingScript) -> Bool { a.code < b.code }

    /// The English name for messages ("Han", "Latin"), else the code.
    public var description: String { Self.names[code] ?? code }

    private static let names: [String: String] = [
        "Latn": "Latin", "Hani": "Han", "Jpan": "Japanese", "Hang": "Hangul", "Cyrl": "Cyrillic", "Grek": "Greek",
        "Arab": "Arabic", "Hebr": "Hebrew", "Deva": "Devanagari", "Thai": "Thai",
    ]

    /// The script of one character (ICU's Script property); nil for characters every script shares (digits,
    /// punctuation, symbols: `Zyyy`), inherited marks (`Zinh`) and unassigned ones.
    public static func of(_ scalar: Unicode.Scalar) -> WritingScript? {
        if scalar.isASCII {
            return scalar.properties.isAlphabetic ? .latin : nil
        }
        var name: [CChar] = Array(repeating: 0, count: 16)
        let length = cicu_script_code(scalar.value, &name, Int32(name.count))
        guard length > 0 else { return nil }
        let code = String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch code {
        case "Zyyy", "Zinh", "Zzzz": return nil
        case "Hira", "Kana": return .japanese
        default: return WritingScript(code: code)
        }
    }

    /// The scripts a language is written in, by its ISO 639-1 code as model cards name it (`en`, `zh`);
    /// nil for a code this table does not know.
    public static func scripts(ofLanguage language: String) -> Set<WritingScript>? {
        let code = language.lowercased().split(separator: "-").first.map(String.init) ?? ""
        if latinLanguages.contains(code) { return [.latin] }
        switch code {
        case "zh": return [.han]
        case "ja": return [.japanese, .han]
        case "ko": return [.hangul]
        case "ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg": return [.cyrillic]
        case "el": return [WritingScript(code: "Grek")]
        case "ar", "fa", "ur", "ps": return [WritingScript(code: "Arab")]
        case "he", "yi": return [WritingScript(code: "Hebr")]
        case "hi", "mr", "ne", "sa": return [WritingScript(code: "Deva")]
        case "th": return [WritingScript(code: "Thai")]
        default: return nil
        }
    }

    private static let latinLanguages: Set<String> = [
        "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "is", "pl", "cs", "sk", "sl",
        "hr", "bs", "hu", "ro", "ca", "gl", "eu", "et", "lv", "lt", "tr", "az", "uz", "id", "ms", "vi", "tl", "sw",
        "af", "sq", "mt", "ga", "cy", "eo", "la",
    ]
}

/// How many words of a text each writing system has: a word (an ICU word segment, as `TextAnalyzer` cuts
/// them) counts for the script of its first letter; numbers count for none. Counting words, not letters,
/// keeps one ideograph-word from weighing less than one English word of eight letters.
public struct ScriptProfile: Sendable, Hashable {
    public private(set) var words: [WritingScript: Int] = [:]

    public init(_ text: String) {
        var text = text
        var words: [WritingScript: Int] = [:]
        text.withUTF8 { utf8 in
            ICUSegments.forEach(.words, in: utf8) { start, end, _ in
                if let script = Self.firstScript(UnsafeBufferPointer(rebasing: utf8[start..<end])) {
                    words[script, default: 0] += 1
                }
            }
        }
        // Japanese writes with Han too: in a text that has kana, its Han words are Japanese.
        if let han = words[.han], words[.japanese] != nil {
            words[.japanese, default: 0] += han
            words[.han] = nil
        }
        self.words = words
    }

    /// The script of a word's first letter; ASCII bytes are read without decoding (an ask profiles every
    /// candidate sentence, and most words are ASCII).
    private static func firstScript(_ word: UnsafeBufferPointer<UInt8>) -> WritingScript? {
        for (i, byte) in word.enumerated() {
            if byte < 0x80 {
                if (byte | 0x20) &- 0x61 < 26 { return .latin }
                continue
            }
            guard byte >= 0xC0 else { continue }  // a continuation byte: its lead byte was not a letter
            let rest = String(decoding: UnsafeBufferPointer(rebasing: word[i...]), as: UTF8.self)
            for scalar in rest.unicodeScalars {
                if let script = WritingScript.of(scalar) { return script }
            }
            return nil
        }
        return nil
    }

    /// The number of words that have a script.
    public var total: Int { words.values.reduce(0, +) }

    /// The script with the most words (ties broken by code, so the answer is stable); nil for a text of
    /// numbers and symbols only.
    public var dominant: WritingScript? {
        words.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}

/// roff's named glyphs (`\(em`, `\[lq]`, `\[u2014]`, `\[char65]`) and the strings man pages use without
/// defining them (`\*(lq`, `\*R`, `\*(Tm`). Names follow groff_char(7); unknown names give nil and are
/// dropped by the interpreter rather than printed raw.
enum RoffGlyphs {
    static func glyph(_ name: String) -> String? {
        if let known = table[name] { return known }
        return numbered(name)
    }

    /// `u00E9`, `u0065_0301` (a composed sequence) and `char233`.
    static func numbered(_ name: String) -> String? {
        if name.hasPrefix("u"), name.count >= 5 {
            var text = ""
            for part in name.dropFirst().split(separator: "_", omittingEmptySubsequences: false) {
                guard (4...6).contains(part.count), let value = UInt32(part, radix: 16),
                    let scalar = printable(value)
                else { return nil }
                text.unicodeScalars.append(scalar)
            }
            return text
        }
        if name.hasPrefix("char"), let value = UInt32(name.dropFirst(4)), let scalar = printable(value) {
            return String(Character(scalar))
        }
        return nil
    }

    /// A scalar worth putting in text: not a control character, not a surrogate or noncharacter.
    static func printable(_ value: UInt32) -> Unicode.Scalar? {
        guard value >= 0x20, value != 0x7F, !(0x80..<0xA0).contains(value), let scalar = Unicode.Scalar(value),
            !scalar.properties.isNoncharacterCodePoint
        else { return nil }
        return scalar
    }

    /// Strings every man page may use; a page's own `.ds` replaces them.
    static let predefinedStrings: [String: String] = [
        "lq": "\u{201C}", "rq": "\u{201D}", "R": "\u{00AE}", "Tm": "\u{2122}", "S": "", "HF": "", "Aq": "'",
        "C+": "C++", "L\"": "\u{201C}", "R\"": "\u{201D}", "C`": "", "C'": "", "PI": "\u{03C0}", "--": "\u{2014}",
    ]

    static let table: [String: String] = {
        var table: [String: String] = [
            // Dashes, quotes and punctuation.
            "-": "-", "hy": "-", "mi": "-", "en": "\u{2013}", "em": "\u{2014}", "--": "\u{2014}",
            "aq": "'", "dq": "\"", "lq": "\u{201C}", "rq": "\u{201D}", "oq": "\u{2018}", "cq": "\u{2019}",
            "Bq": "\u{201E}", "bq": "\u{201A}", "Fo": "\u{00AB}", "Fc": "\u{00BB}", "fo": "\u{2039}", "fc": "\u{203A}",
            "ga": "`", "aa": "\u{00B4}", "ha": "^", "ti": "~", "a^": "^", "a~": "~", "a-": "\u{00AF}",
            "bu": "\u{2022}", "ci": "\u{25CB}", "sq": "\u{25A1}", "pc": "\u{00B7}", "md": "\u{22C5}",
            "sl": "/", "rs": "\\", "ba": "|", "or": "|", "br": "\u{2502}", "bv": "|", "ul": "_", "ru": "_",
            "at": "@", "sh": "#", "Do": "$", "ct": "\u{00A2}", "Po": "\u{00A3}", "Ye": "\u{00A5}", "Eu": "\u{20AC}",
            "eu": "\u{20AC}", "Cs": "\u{00A4}", "co": "\u{00A9}", "rg": "\u{00AE}", "tm": "\u{2122}", "sc": "\u{00A7}",
            "ps": "\u{00B6}", "dg": "\u{2020}", "dd": "\u{2021}", "de": "\u{00B0}", "%0": "\u{2030}", "fm": "\u{2032}",
            "sd": "\u{2033}", "mc": "\u{00B5}", "r!": "\u{00A1}", "r?": "\u{00BF}", "lB": "[", "rB": "]", "lC": "{",
            "rC": "}", "la": "\u{27E8}", "ra": "\u{27E9}", "hA": "\u{21D4}", "lh": "\u{261C}", "rh": "\u{261E}",
            "OK": "\u{2713}", "ss": "\u{00DF}", "AE": "\u{00C6}", "ae": "\u{00E6}", "OE": "\u{0152}", "oe": "\u{0153}",
            "/O": "\u{00D8}", "/o": "\u{00F8}", "-D": "\u{00D0}", "Sd": "\u{00F0}", "TP": "\u{00DE}", "Tp": "\u{00FE}",
            "IJ": "\u{0132}", "ij": "\u{0133}", ".i": "\u{0131}", "ff": "ff", "fi": "fi", "fl": "fl", "Fi": "ffi",
            "Fl": "ffl", "em-": "\u{2014}",
            // Arrows and mathematics.
            "->": "\u{2192}", "<-": "\u{2190}", "<>": "\u{2194}", "ua": "\u{2191}", "da": "\u{2193}", "=>": "\u{21D2}",
            "<=": "\u{2264}", ">=": "\u{2265}", "!=": "\u{2260}", "==": "\u{2261}", "=~": "\u{2245}", "~~": "\u{2248}",
            "~=": "\u{2248}", "ap": "\u{223C}", "pl": "+", "eq": "=", "mu": "\u{00D7}", "di": "\u{00F7}",
            "+-": "\u{00B1}",
            "-+": "\u{2213}", "no": "\u{00AC}", "tno": "\u{00AC}", "sr": "\u{221A}", "if": "\u{221E}", "pt": "\u{221D}",
            "is": "\u{222B}", "gr": "\u{2207}", "pd": "\u{2202}", "es": "\u{2205}", "mo": "\u{2208}", "nm": "\u{2209}",
            "sb": "\u{2282}", "sp": "\u{2283}", "ib": "\u{2286}", "ip": "\u{2287}", "ca": "\u{2229}", "cu": "\u{222A}",
            "fa": "\u{2200}", "te": "\u{2203}", "AN": "\u{2227}", "OR": "\u{2228}", "**": "\u{2217}", "12": "\u{00BD}",
            "14": "\u{00BC}", "34": "\u{00BE}", "S1": "\u{00B9}", "S2": "\u{00B2}", "S3": "\u{00B3}", "tf": "\u{2234}",
            "c*": "\u{2297}", "c+": "\u{2295}", "Ah": "\u{2135}", "Im": "\u{2111}", "Re": "\u{211C}", "wp": "\u{2118}",
            "lA": "\u{21D0}", "rA": "\u{21D2}", "uA": "\u{21D1}", "dA": "\u{21D3}", "st": "\u{220B}",
            "product": "\u{220F}",
            "sum": "\u{2211}", "integral": "\u{222B}", "lz": "\u{25CA}", "CR": "\u{21B5}",
        ]
        // Greek: \(*a … \(*w and capitals.
        let greek: [(Character, UInt32, UInt32)] = [
            ("a", 0x3B1, 0x391), ("b", 0x3B2, 0x392), ("g", 0x3B3, 0x393), ("d", 0x3B4, 0x394), ("e", 0x3B5, 0x395),
            ("z", 0x3B6, 0x396), ("y", 0x3B7, 0x397), ("h", 0x3B8, 0x398), ("i", 0x3B9, 0x399), ("k", 0x3BA, 0x39A),
            ("l", 0x3BB, 0x39B), ("m", 0x3BC, 0x39C), ("n", 0x3BD, 0x39D), ("c", 0x3BE, 0x39E), ("o", 0x3BF, 0x39F),
            ("p", 0x3C0, 0x3A0), ("r", 0x3C1, 0x3A1), ("s", 0x3C3, 0x3A3), ("t", 0x3C4, 0x3A4), ("u", 0x3C5, 0x3A5),
            ("f", 0x3C6, 0x3A6), ("x", 0x3C7, 0x3A7), ("q", 0x3C8, 0x3A8), ("w", 0x3C9, 0x3A9),
        ]
        for (letter, lower, upper) in greek {
            table["*\(letter)"] = String(Character(Unicode.Scalar(lower)!))
            table["*\(letter.uppercased())"] = String(Character(Unicode.Scalar(upper)!))
        }
        table["ts"] = "\u{03C2}"
        // Accented letters: \(:a ä, \('e é, \(`a à, \(^o ô, \(~n ñ, \(,c ç, \(oa å, \(vs š.
        let marks: [(Character, UInt32)] = [
            (":", 0x308), ("'", 0x301), ("`", 0x300), ("^", 0x302), ("~", 0x303), (",", 0x327), ("o", 0x30A),
            ("v", 0x30C),
        ]
        // String equality is canonical equivalence, so the precomposed letter is found by comparison.
        let precomposed = (0xC0...0x17F).compactMap(Unicode.Scalar.init).map { String(Character($0)) }
        for (mark, combining) in marks {
            for letter in "aeiouyncszrAEIOUYNCSZR" {
                let decomposed = String(letter) + String(Character(Unicode.Scalar(combining)!))
                if let composed = precomposed.first(where: { $0 == decomposed }) {
                    table["\(mark)\(letter)"] = composed
                }
            }
        }
        return table
    }()
}

/// Character references in Markdown text (`&amp;`, `&#233;`, `&#x1F600;`): the numeric forms and the
/// named ones people actually type. Unknown names stay as written.
enum HTMLEntities {
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "bull": "•", "middot": "·", "times": "×", "divide": "÷", "deg": "°", "euro": "€",
        "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "para": "¶", "laquo": "«", "raquo": "»",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "check": "✓", "plusmn": "±",
        "le": "≤", "ge": "≥", "ne": "≠", "infin": "∞", "micro": "µ", "eacute": "é", "egrave": "è",
        "agrave": "à", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ccedil": "ç", "zwj": "\u{200D}",
        "shy": "\u{AD}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
    ]

    /// Decodes the reference starting at `start` ('&'): the scalar and the index after ';'.
    static func decode(_ source: ArraySlice<UInt8>, _ start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(source.endIndex, start + 34)
        var index = start + 1
        while index < limit, source[index] != 0x3B {
            let byte = source[index]
            guard
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || (byte == 0x23 && index == start + 1)
            else { return nil }
            index += 1
        }
        guard index < limit, index > start + 1 else { return nil }
        let body = String(decoding: source[(start + 1)..<index], as: UTF8.self)
        let after = index + 1
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = digits.count > 1 && digits.count <= 7 ? UInt32(digits.dropFirst(), radix: 16) : nil
            } else {
                value = !digits.isEmpty && digits.count <= 7 ? UInt32(digits) : nil
            }
            guard let value else { return nil }
            return (value == 0 ? "\u{FFFD}" : Unicode.Scalar(value) ?? "\u{FFFD}", after)
        }
        guard let scalar = named[body] else { return nil }
        return (scalar, after)
    }
}

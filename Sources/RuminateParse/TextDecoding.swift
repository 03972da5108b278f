/// Bytes to text for the formats Ruminate decodes itself (plain text, Markdown, JSONL): UTF-8 with an
/// optional BOM, or UTF-16 when a BOM says so. Invalid sequences become U+FFFD and a warning.
enum TextDecoding {
    struct Decoded {
        var text: String
        var warning: String?
    }

    static func decode(_ data: [UInt8]) -> Decoded {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return decodeUTF8(data[3...]) }
        if data.starts(with: [0xFF, 0xFE]) { return decodeUTF16(data[2...], littleEndian: true) }
        if data.starts(with: [0xFE, 0xFF]) { return decodeUTF16(data[2...], littleEndian: false) }
        return decodeUTF8(data[...])
    }

    private static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> Decoded {
        if let valid = String(validating: bytes, as: UTF8.self) { return Decoded(text: valid) }
        let repaired = String(decoding: bytes, as: UTF8.self)
        let replaced = repaired.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        return Decoded(
            text: repaired,
            warning: "invalid UTF-8: \(replaced) sequence(s) replaced with U+FFFD (is the file in another encoding?)")
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> Decoded {
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
        return Decoded(text: text, warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "))
    }
}

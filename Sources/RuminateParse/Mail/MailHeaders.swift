/// The header block of a message or MIME part (RFC 5322 §2.2): fields unfolded, names lowercased,
/// values kept as raw bytes (they may hold RFC 2047 encoded words or stray 8-bit text).
struct MailHeaders {
    struct Field {
        var name: String
        var value: [UInt8]
    }

    private(set) var fields: [Field] = []

    /// Past this many fields a header block is only scanned for its end (hostile input).
    static let maxFields = 1000

    /// The value of the first field called `name` (lowercase), unfolded.
    subscript(name: String) -> [UInt8]? {
        fields.first(where: { $0.name == name })?.value
    }

    /// Splits `entity` into its header block and its body. The header block ends at the first empty
    /// line; a line that is neither a field nor a continuation also ends it (and starts the body), as
    /// in Python's `email` package. CRLF and LF line ends are both accepted.
    static func parse(_ entity: ArraySlice<UInt8>) -> (headers: MailHeaders, body: ArraySlice<UInt8>) {
        var headers = MailHeaders()
        var lineStart = entity.startIndex
        while lineStart < entity.endIndex {
            let newline = entity.lineFeedIndex(from: lineStart)
            let lineEnd = newline ?? entity.endIndex
            var contentEnd = lineEnd
            if contentEnd > lineStart, entity[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = entity[lineStart..<contentEnd]
            let next = newline.map { $0 + 1 } ?? entity.endIndex
            if line.isEmpty { return (headers, entity[next...]) }
            if line.first == 0x20 || line.first == 0x09 {
                // Folding: the line break goes, the whitespace stays.
                if !headers.fields.isEmpty, headers.fields.count <= maxFields {
                    headers.fields[headers.fields.count - 1].value.append(contentsOf: line)
                }
            } else if let colon = fieldNameEnd(line) {
                if headers.fields.count < maxFields {
                    let name = String(decoding: line[lineStart..<colon], as: UTF8.self)
                        .trimmed(of: [" ", "\t"]).lowercased()
                    headers.fields.append(Field(name: name, value: Array(line[(colon + 1)...])))
                }
            } else if headers.fields.isEmpty, line.starts(with: "From ".utf8) || line.starts(with: ">From ".utf8) {
                // An mbox separator left at the top of a message.
            } else {
                return (headers, entity[lineStart...])
            }
            lineStart = next
        }
        return (headers, entity[entity.endIndex...])
    }

    /// The index of the colon when `line` starts with a field name (printable ASCII, no colon; spaces
    /// before the colon tolerated).
    static func fieldNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        guard let colon = line.prefix(200).firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            return nil
        }
        let name = line[line.startIndex..<colon]
        var sawSpace = false
        for byte in name {
            if byte == 0x20 || byte == 0x09 {
                sawSpace = true
            } else if byte > 0x20, byte < 0x7F, !sawSpace {
                continue
            } else {
                return nil
            }
        }
        return colon
    }

    /// Header text past this many bytes is not shown (a hostile megabyte-long Subject costs nothing).
    static let maxTextBytes = 16 << 10

    /// The field's text for display: encoded words decoded, other bytes read in `fallbackCharset`
    /// (the message's charset, for mailers that put raw 8-bit text in headers), whitespace collapsed.
    func text(_ name: String, fallbackCharset: String?, warnings: inout [String]) -> String? {
        guard let raw = self[name] else { return nil }
        let text = EncodedWords.decode(
            Array(raw.prefix(Self.maxTextBytes)), fallbackCharset: fallbackCharset, warnings: &warnings)
        let collapsed = Lines.collapsed(Substring(text))
        return collapsed.isEmpty ? nil : collapsed
    }
}

/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in header values. Whitespace
/// between two encoded words is dropped, and adjacent words in one charset are joined before decoding,
/// since mailers split multi-byte characters across words.
enum EncodedWords {
    private struct Segment {
        /// Nil for literal text.
        var charset: String?
        var bytes: [UInt8]
    }

    static func decode(_ value: [UInt8], fallbackCharset: String?, warnings: inout [String]) -> String {
        var segments: [Segment] = []
        var literalStart = 0
        var index = 0
        while index + 1 < value.count {
            guard value[index] == UInt8(ascii: "="), value[index + 1] == UInt8(ascii: "?"),
                let (charset, bytes, end) = encodedWord(value, at: index)
            else {
                index += 1
                continue
            }
            let literal = Array(value[literalStart..<index])
            let onlySpace = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if let previous = segments.last?.charset, onlySpace {
                if previous.lowercased() == charset.lowercased() {
                    segments[segments.count - 1].bytes += bytes  // in place: thousands of words stay linear
                } else {
                    segments.append(Segment(charset: charset, bytes: bytes))
                }
            } else {
                if !literal.isEmpty { segments.append(Segment(charset: nil, bytes: literal)) }
                segments.append(Segment(charset: charset, bytes: bytes))
            }
            index = end
            literalStart = end
        }
        if literalStart < value.count { segments.append(Segment(charset: nil, bytes: Array(value[literalStart...]))) }

        var text = ""
        for segment in segments {
            if let charset = segment.charset {
                let decoded = TextDecoding.decode(segment.bytes, declared: charset)
                if let warning = decoded.warning { warnings.append("header text: \(warning)") }
                text += decoded.text
            } else if let utf8 = String(validating: segment.bytes, as: UTF8.self) {
                text += utf8
            } else {
                text += TextDecoding.decode(segment.bytes, declared: fallbackCharset).text
            }
        }
        return text
    }

    /// The encoded word starting at `start`: its charset (RFC 2231 language suffix removed), its decoded
    /// bytes and the index after its `?=`. Nil when the bytes there are not a well-formed encoded word.
    private static func encodedWord(_ value: [UInt8], at start: Int) -> (String, [UInt8], Int)? {
        var index = start + 2
        let charsetStart = index
        while index < value.count, value[index] != UInt8(ascii: "?") {
            guard value[index] > 0x20, value[index] < 0x7F, index - charsetStart < 64 else { return nil }
            index += 1
        }
        guard index + 2 < value.count, index > charsetStart, value[index + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: value[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = value[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < value.count, !(value[end] == UInt8(ascii: "?") && value[end + 1] == UInt8(ascii: "=")) {
            // RFC 2047 allows 75 bytes per word; the bound keeps hostile headers linear.
            guard value[end] > 0x20, value[end] < 0x7F, end - textStart < 4096 else { return nil }
            end += 1
        }
        guard end + 1 < value.count else { return nil }
        let encoded = value[textStart..<end]
        let bytes =
            encoding == UInt8(ascii: "b")
            ? TransferDecoding.base64(encoded) : TransferDecoding.quotedPrintable(encoded, underscoreIsSpace: true)
        return (charset, bytes, end + 2)
    }
}

/// Finds the charset a document declares inside itself, before it is decoded: an XML declaration's
/// `encoding`, or an HTML `<meta charset>` / `<meta http-equiv="content-type" content="...; charset=...">`
/// (a simplified form of the HTML prescan: comments and other tags are skipped, attributes are read with
/// their quotes). Only the first `scanLimit` bytes are looked at, like a browser.
enum CharsetDeclaration {
    static let scanLimit = 4096

    /// The declared label, if any (not yet resolved).
    static func find(in bytes: ArraySlice<UInt8>, markup: TextDecoding.Markup) -> String? {
        let head = bytes.prefix(scanLimit)
        switch markup {
        case .none: return nil
        case .xml: return xmlEncoding(head)
        case .html: return xmlEncoding(head) ?? htmlMetaCharset(head)
        }
    }

    /// `encoding="..."` of an XML declaration at the very start.
    static func xmlEncoding(_ head: ArraySlice<UInt8>) -> String? {
        guard head.starts(with: "<?xml".utf8) else { return nil }
        guard let close = firstIndex(of: Array("?>".utf8), in: head) else { return nil }
        var scanner = TagScanner(bytes: head[(head.startIndex + 5)..<close])
        while let (name, value) = scanner.nextAttribute() {
            if name == "encoding", let value, !value.isEmpty { return value }
        }
        return nil
    }

    /// The charset of the first `<meta>` that declares one.
    static func htmlMetaCharset(_ head: ArraySlice<UInt8>) -> String? {
        var index = head.startIndex
        while index < head.endIndex {
            guard head[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let rest = head[index...]
            if rest.starts(with: "<!--".utf8) {
                guard let end = firstIndex(of: Array("-->".utf8), in: head[(index + 4)...]) else { return nil }
                index = end + 3
                continue
            }
            if startsWithCaseInsensitive(rest, "<meta"), rest.count > 5, isSpaceOrSlash(rest[index + 5]) {
                var scanner = TagScanner(bytes: head[(index + 5)...])
                if let charset = metaCharset(&scanner) { return charset }
                index = scanner.position
                continue
            }
            if rest.count > 1, isASCIILetter(rest[index + 1]) || rest[index + 1] == UInt8(ascii: "/") {
                // Another tag: skip its attributes (their values may hold '>').
                var scanner = TagScanner(bytes: head[(index + 1)...])
                scanner.skipName()
                while scanner.nextAttribute() != nil {}
                index = max(scanner.position, index + 1)
                continue
            }
            if rest.starts(with: "<!".utf8) || rest.starts(with: "<?".utf8) {
                guard let end = head[index...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                index = end + 1
                continue
            }
            index += 1
        }
        return nil
    }

    private static func metaCharset(_ scanner: inout TagScanner) -> String? {
        var charset: String?
        var content: String?
        var isContentType = false
        while let (name, value) = scanner.nextAttribute() {
            switch name {
            case "charset": if charset == nil { charset = value }
            case "content": if content == nil { content = value }
            case "http-equiv": isContentType = value?.lowercased() == "content-type"
            default: break
            }
        }
        if let charset, !charset.trimmingSpaces.isEmpty { return charset }
        if isContentType, let content { return charsetParameter(in: content) }
        return nil
    }

    /// The `charset=` value inside a Content-Type-like string (`text/html; charset="x"`).
    static func charsetParameter(in content: String) -> String? {
        let lowered = Array(content.utf8)
        let key = Array("charset".utf8)
        var start = 0
        while start + key.count <= lowered.count {
            defer { start += 1 }
            guard lowered[start..<start + key.count].map({ $0 | 0x20 }).elementsEqual(key) else { continue }
            var index = start + key.count
            while index < lowered.count, lowered[index] == 0x20 || lowered[index] == 0x09 { index += 1 }
            guard index < lowered.count, lowered[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < lowered.count, lowered[index] == 0x20 || lowered[index] == 0x09 { index += 1 }
            guard index < lowered.count else { return nil }
            let quote = lowered[index]
            var end: Int
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                index += 1
                end = index
                while end < lowered.count, lowered[end] != quote { end += 1 }
            } else {
                end = index
                while end < lowered.count, lowered[end] != UInt8(ascii: ";"), lowered[end] > 0x20 { end += 1 }
            }
            let value = String(decoding: lowered[index..<end], as: UTF8.self)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func startsWithCaseInsensitive(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        bytes.count >= prefix.utf8.count && zip(bytes, prefix.utf8).allSatisfy { ($0 | 0x20) == $1 }
    }

    private static func isSpaceOrSlash(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == UInt8(ascii: "/")
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}

/// Reads `name=value` attributes inside a tag, up to its `>`.
private struct TagScanner {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    mutating func skipName() {
        while position < bytes.endIndex, !isSeparator(bytes[position]), bytes[position] != UInt8(ascii: ">") {
            position += 1
        }
    }

    /// The next attribute (name lowercased, value nil when it has none), or nil at the tag's end.
    mutating func nextAttribute() -> (String, String?)? {
        while position < bytes.endIndex, isSeparator(bytes[position]) || bytes[position] == UInt8(ascii: "/") {
            position += 1
        }
        guard position < bytes.endIndex else { return nil }
        if bytes[position] == UInt8(ascii: ">") {
            position += 1
            return nil
        }
        let nameStart = position
        while position < bytes.endIndex, !isSeparator(bytes[position]),
            bytes[position] != UInt8(ascii: "="), bytes[position] != UInt8(ascii: ">"),
            bytes[position] != UInt8(ascii: "/")
        {
            position += 1
        }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
        while position < bytes.endIndex, isSeparator(bytes[position]) { position += 1 }
        guard position < bytes.endIndex, bytes[position] == UInt8(ascii: "=") else { return (name, nil) }
        position += 1
        while position < bytes.endIndex, isSeparator(bytes[position]) { position += 1 }
        guard position < bytes.endIndex else { return (name, "") }
        let quote = bytes[position]
        let valueStart: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            position += 1
            valueStart = position
            while position < bytes.endIndex, bytes[position] != quote { position += 1 }
            let value = String(decoding: bytes[valueStart..<position], as: UTF8.self)
            if position < bytes.endIndex { position += 1 }
            return (name, value)
        }
        valueStart = position
        while position < bytes.endIndex, !isSeparator(bytes[position]), bytes[position] != UInt8(ascii: ">") {
            position += 1
        }
        return (name, String(decoding: bytes[valueStart..<position], as: UTF8.self))
    }

    private func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
}

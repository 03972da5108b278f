/// The links a crawler follows in an HTML page, found by a small tolerant tag scanner.
///
/// Only `<a href>` and `<area href>` are links to follow (`rel="nofollow"` ones are not); images, scripts,
/// stylesheets and frames are never fetched. Comments and the raw text of `<script>`, `<style>`,
/// `<textarea>` and `<title>` are skipped, so markup inside them is not taken for tags. Also read: the first
/// `<base href>`, `<link rel="canonical" href>`, and `<meta name="robots">` (or `name="ruminate"`) with
/// `noindex`, `nofollow` or `none`. Attribute values have their character references decoded. Pages in
/// ASCII-compatible encodings are read correctly; links are kept as written, to be resolved by `WebURL`.
public struct HTMLLinks: Sendable, Hashable {
    public var links: [String] = []
    public var base: String?
    public var canonical: String?
    public var noIndex = false
    public var noFollow = false

    /// At most this many links are kept from one page.
    public static let maxLinks = 20_000

    public init(
        links: [String] = [], base: String? = nil, canonical: String? = nil, noIndex: Bool = false,
        noFollow: Bool = false
    ) {
        self.links = links
        self.base = base
        self.canonical = canonical
        self.noIndex = noIndex
        self.noFollow = noFollow
    }

    public static func extract(from bytes: [UInt8]) -> HTMLLinks {
        var scanner = TagScanner(bytes: bytes)
        var found = HTMLLinks()
        while let tag = scanner.nextTag() {
            switch tag.name {
            case "a", "area":
                guard let href = tag["href"], found.links.count < maxLinks,
                    !tag.relTokens.contains("nofollow")
                else { continue }
                found.links.append(href)
            case "base":
                if found.base == nil, let href = tag["href"] { found.base = href }
            case "link":
                if found.canonical == nil, tag.relTokens.contains("canonical"), let href = tag["href"] {
                    found.canonical = href
                }
            case "meta":
                guard let name = tag["name"]?.lowercased(), name == "robots" || name == "ruminate",
                    let content = tag["content"]?.lowercased()
                else { continue }
                let directives = content.split { $0 == "," || $0 == " " }.map(String.init)
                if directives.contains("noindex") || directives.contains("none") { found.noIndex = true }
                if directives.contains("nofollow") || directives.contains("none") { found.noFollow = true }
            default:
                continue
            }
        }
        return found
    }
}

/// One start tag: its lowercased name and attributes (names lowercased, values decoded; the first of a name wins).
struct StartTag {
    var name: String
    var attributes: [(name: String, value: String)] = []

    subscript(_ attribute: String) -> String? {
        attributes.first { $0.name == attribute }?.value
    }

    var relTokens: [String] {
        (self["rel"] ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(
            String.init)
    }
}

/// Walks the start tags of an HTML byte stream.
struct TagScanner {
    let bytes: [UInt8]
    var position = 0
    /// Elements whose content is raw text, not markup.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "plaintext"]

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func nextTag() -> StartTag? {
        while let open = find(UInt8(ascii: "<"), from: position) {
            position = open + 1
            guard position < bytes.count else { return nil }
            let next = bytes[position]
            if startsWith("!--", at: position) {
                position = find("-->", from: position + 3).map { $0 + 3 } ?? bytes.count
            } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
                position = find(UInt8(ascii: ">"), from: position).map { $0 + 1 } ?? bytes.count
            } else if isLetter(next) {
                let tag = readTag()
                if Self.rawTextElements.contains(tag.name) { skipRawText(of: tag.name) }
                return tag
            }
        }
        position = bytes.count
        return nil
    }

    /// Reads `name attr=value …>` from `position` (just after "<").
    private mutating func readTag() -> StartTag {
        let nameStart = position
        while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
            bytes[position] != UInt8(ascii: "/")
        {
            position += 1
        }
        var tag = StartTag(name: lowered(nameStart..<position))
        while position < bytes.count {
            skipSpaceAndSlashes()
            guard position < bytes.count, bytes[position] != UInt8(ascii: ">") else { break }
            let attributeStart = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
                bytes[position] != UInt8(ascii: "="), bytes[position] != UInt8(ascii: "/") || position == attributeStart
            {
                position += 1
            }
            let name = lowered(attributeStart..<position)
            skipSpace()
            var value = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                position += 1
                skipSpace()
                value = readValue()
            }
            if !tag.attributes.contains(where: { $0.name == name }) { tag.attributes.append((name, value)) }
        }
        position = min(position + 1, bytes.count)
        return tag
    }

    private mutating func readValue() -> String {
        guard position < bytes.count else { return "" }
        let quote = bytes[position]
        let start: Int
        let end: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            start = position + 1
            end = find(quote, from: start) ?? bytes.count
            position = min(end + 1, bytes.count)
        } else {
            start = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
            end = position
        }
        return CharacterReferences.decode(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// Moves past `</name`, case-insensitively; to the end when it never comes.
    private mutating func skipRawText(of name: String) {
        let closing = Array(("</" + name).utf8)
        var i = position
        while let open = find(UInt8(ascii: "<"), from: i) {
            if open + closing.count <= bytes.count,
                zip(bytes[open..<(open + closing.count)], closing).allSatisfy({ lowerASCII($0) == $1 })
            {
                position = open
                return
            }
            i = open + 1
        }
        position = bytes.count
    }

    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: byte)
    }

    private func find(_ text: String, from start: Int) -> Int? {
        let needle = Array(text.utf8)
        var i = start
        while let candidate = find(needle[0], from: i) {
            if startsWith(text, at: candidate) { return candidate }
            i = candidate + 1
        }
        return nil
    }

    private func startsWith(_ text: String, at index: Int) -> Bool {
        let needle = Array(text.utf8)
        return index + needle.count <= bytes.count && bytes[index..<(index + needle.count)].elementsEqual(needle)
    }

    private mutating func skipSpace() {
        while position < bytes.count, isSpace(bytes[position]) { position += 1 }
    }

    private mutating func skipSpaceAndSlashes() {
        while position < bytes.count, isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "/") { position += 1 }
    }

    private func lowered(_ range: Range<Int>) -> String {
        String(decoding: bytes[range].map(lowerASCII), as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
    private func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    private func lowerASCII(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
}

/// The character references that appear in URLs and attribute values: numeric ones and the few named ones
/// that matter there. Others are left as written.
enum CharacterReferences {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            rest = rest[rest.index(after: ampersand)...]
            let name = rest.prefix { $0 != ";" && $0 != "&" && !$0.isWhitespace }.prefix(12)
            let hasSemicolon = rest.dropFirst(name.count).first == ";"
            if let decoded = decodeReference(name), hasSemicolon || named[String(name)] != nil {
                out += decoded
                rest = rest.dropFirst(name.count + (hasSemicolon ? 1 : 0))
            } else {
                out += "&"
            }
        }
        return out + rest
    }

    private static func decodeReference(_ name: Substring) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return named[String(name)]
    }
}

/// Renders Markdown inline syntax to plain text: links and images become their text (images their alt
/// text), emphasis and strikethrough markers go, code spans keep their content without backticks,
/// autolinks keep their address, inline HTML tags drop, backslash escapes and entities resolve.
/// Emphasis uses CommonMark's flanking rules with a simple opener stack, so a lone `*` or a
/// `snake_case_name` stays as written.
struct MarkdownInline {
    /// Labels of the document's link reference definitions, for `[shortcut]` links.
    var definitions: Set<String> = []

    /// Link text can nest (`[![alt](img)](url)`); deeper nesting is left as written.
    static let maxNesting = 8
    /// How far an autolink or inline tag is searched for its closing `>` (keeps hostile input linear).
    static let maxTagScan = 1000

    private enum Piece {
        case text([UInt8])
        case delimiter(character: UInt8, count: Int, canOpen: Bool, canClose: Bool)
    }

    func render(_ source: [UInt8]) -> [UInt8] {
        render(source[...], depth: 0)
    }

    private func render(_ source: ArraySlice<UInt8>, depth: Int) -> [UInt8] {
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var failedCodeCloser: [Int: Int] = [:]  // backtick run length -> position after which none exists
        let partners = Self.bracketPartners(source)
        var index = source.startIndex
        let end = source.endIndex

        func flushText() {
            if !text.isEmpty { pieces.append(.text(text)); text = [] }
        }

        while index < end {
            let byte = source[index]
            switch byte {
            case 0x5C:  // backslash
                if index + 1 < end, Self.isASCIIPunctuation(source[index + 1]) || source[index + 1] == 0x0A {
                    text.append(source[index + 1])  // an escaped newline is a hard line break
                    index += 2
                } else {
                    text.append(byte)
                    index += 1
                }
            case 0x60:  // backtick
                let run = source[index...].prefix(while: { $0 == 0x60 }).count
                let searchFrom = index + run
                if let failed = failedCodeCloser[run], failed <= searchFrom {
                    text.append(contentsOf: repeatElement(0x60, count: run))
                    index = searchFrom
                } else if let closer = Self.findBacktickRun(source, from: searchFrom, length: run) {
                    text.append(contentsOf: Self.codeSpanContent(source[searchFrom..<closer]))
                    index = closer + run
                } else {
                    failedCodeCloser[run] = searchFrom
                    text.append(contentsOf: repeatElement(0x60, count: run))
                    index = searchFrom
                }
            case 0x21 where index + 1 < end && source[index + 1] == 0x5B:  // ![
                if depth < Self.maxNesting, let link = linkAt(source, index + 1, partners) {
                    text.append(contentsOf: render(link.label, depth: depth + 1))
                    index = link.end
                } else {
                    text.append(byte)
                    index += 1
                }
            case 0x5B:  // [
                if depth < Self.maxNesting, let link = linkAt(source, index, partners) {
                    text.append(contentsOf: render(link.label, depth: depth + 1))
                    index = link.end
                } else {
                    text.append(byte)
                    index += 1
                }
            case 0x3C:  // <
                if let (inner, after) = Self.autolink(source, index) {
                    text.append(contentsOf: inner)
                    index = after
                } else if let after = Self.htmlTagEnd(source, index) {
                    // A line break tag separates words; other tags just vanish.
                    let tag = source[index..<after].prefix(4).map { $0 | 0x20 }
                    if tag.starts(with: Array("<br".utf8)) { text.append(0x20) }
                    index = after
                } else {
                    text.append(byte)
                    index += 1
                }
            case 0x26:  // &
                if let (scalar, after) = HTMLEntities.decode(source, index) {
                    UTF8.encode(scalar) { text.append($0) }
                    index = after
                } else {
                    text.append(byte)
                    index += 1
                }
            case 0x2A, 0x5F, 0x7E:  // * _ ~
                let run = source[index...].prefix(while: { $0 == byte }).count
                let before = index > source.startIndex ? Self.characterClass(source, endingAt: index) : .whitespace
                let after = index + run < end ? Self.characterClass(source, startingAt: index + run) : .whitespace
                let leftFlanking = after != .whitespace && (after != .punctuation || before != .other)
                let rightFlanking = before != .whitespace && (before != .punctuation || after != .other)
                var canOpen = leftFlanking
                var canClose = rightFlanking
                if byte == 0x5F {
                    canOpen = leftFlanking && (!rightFlanking || before == .punctuation)
                    canClose = rightFlanking && (!leftFlanking || after == .punctuation)
                }
                if byte == 0x7E, run > 2 { canOpen = false; canClose = false }
                flushText()
                pieces.append(.delimiter(character: byte, count: run, canOpen: canOpen, canClose: canClose))
                index += run
            default:
                text.append(byte)
                index += 1
            }
        }
        flushText()
        return Self.resolveEmphasis(pieces)
    }

    // MARK: - Emphasis

    /// Pairs delimiter runs (an opener with the nearest later closer of the same character) and drops
    /// the matched markers; unmatched ones stay as literal text.
    private static func resolveEmphasis(_ pieces: [Piece]) -> [UInt8] {
        var remaining = [Int](repeating: 0, count: pieces.count)
        var openers: [Int] = []
        // Per character, the stack height below which a closer already found no opener (keeps it linear).
        var searchFloor: [UInt8: Int] = [:]
        for (position, piece) in pieces.enumerated() {
            guard case .delimiter(let character, let count, let canOpen, let canClose) = piece else { continue }
            remaining[position] = count
            if canClose {
                var stackIndex = openers.count - 1
                let floor = min(searchFloor[character] ?? 0, openers.count)
                while stackIndex >= floor, remaining[position] > 0 {
                    let opener = openers[stackIndex]
                    guard case .delimiter(let openCharacter, _, _, _) = pieces[opener], openCharacter == character,
                        character != 0x7E || remaining[opener] == remaining[position]
                    else {
                        stackIndex -= 1
                        continue
                    }
                    let used = min(remaining[opener], remaining[position])
                    remaining[opener] -= used
                    remaining[position] -= used
                    openers.removeSubrange(remaining[opener] == 0 ? stackIndex... : (stackIndex + 1)...)
                    searchFloor = searchFloor.mapValues { min($0, openers.count) }
                    stackIndex = openers.count - 1
                }
                if remaining[position] > 0 { searchFloor[character] = openers.count }
            }
            if canOpen, remaining[position] > 0 { openers.append(position) }
        }
        var output: [UInt8] = []
        for (position, piece) in pieces.enumerated() {
            switch piece {
            case .text(let bytes): output.append(contentsOf: bytes)
            case .delimiter(let character, _, _, _):
                output.append(contentsOf: repeatElement(character, count: remaining[position]))
            }
        }
        return output
    }

    private enum CharacterClass { case whitespace, punctuation, other }

    private static func characterClass(_ source: ArraySlice<UInt8>, startingAt index: Int) -> CharacterClass {
        classify(source[index])
    }

    private static func characterClass(_ source: ArraySlice<UInt8>, endingAt index: Int) -> CharacterClass {
        var start = index - 1
        while start > source.startIndex, source[start] & 0xC0 == 0x80 { start -= 1 }
        return classify(source[start])
    }

    /// ASCII is classified exactly; any other character counts as a letter (close enough for markers).
    private static func classify(_ byte: UInt8) -> CharacterClass {
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return .whitespace }
        return isASCIIPunctuation(byte) ? .punctuation : .other
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    // MARK: - Code spans

    private static func findBacktickRun(_ source: ArraySlice<UInt8>, from start: Int, length: Int) -> Int? {
        var index = start
        while index < source.endIndex {
            guard source[index] == 0x60 else { index += 1; continue }
            let run = source[index...].prefix(while: { $0 == 0x60 }).count
            if run == length { return index }
            index += run
        }
        return nil
    }

    /// Line endings become spaces; one space is stripped from each side when both sides have one.
    private static func codeSpanContent(_ content: ArraySlice<UInt8>) -> [UInt8] {
        var bytes = content.map { $0 == 0x0A ? 0x20 : $0 }
        if bytes.count >= 2, bytes.first == 0x20, bytes.last == 0x20, bytes.contains(where: { $0 != 0x20 }) {
            bytes.removeFirst()
            bytes.removeLast()
        }
        return bytes
    }

    // MARK: - Links

    /// `[label](destination "title")`, `[label][ref]`, `[label][]` or a defined `[label]` at `open`.
    private func linkAt(_ source: ArraySlice<UInt8>, _ open: Int, _ partners: [Int: Int]) -> (
        label: ArraySlice<UInt8>, end: Int
    )? {
        guard let close = partners[open] else { return nil }
        let label = source[(open + 1)..<close]
        let next = close + 1
        if next < source.endIndex, source[next] == 0x28 || source[next] == 0x5B, let end = partners[next] {
            return (label, end + 1)
        }
        if definitions.contains(MarkdownSyntax.normalizedLabel(label)) { return (label, next) }
        return nil
    }

    /// Matching `[`/`]` and `(`/`)` positions in one pass (escapes skipped), so finding a link's end is
    /// a lookup rather than a scan: hostile runs of brackets stay linear.
    private static func bracketPartners(_ source: ArraySlice<UInt8>) -> [Int: Int] {
        var partners: [Int: Int] = [:]
        var openBrackets: [Int] = []
        var openParens: [Int] = []
        var index = source.startIndex
        while index < source.endIndex {
            switch source[index] {
            case 0x5C: index += 1
            case 0x5B: openBrackets.append(index)
            case 0x5D: if let open = openBrackets.popLast() { partners[open] = index }
            case 0x28: openParens.append(index)
            case 0x29: if let open = openParens.popLast() { partners[open] = index }
            default: break
            }
            index += 1
        }
        return partners
    }

    /// `<https://example.com>` or `<someone@example.com>`: the address, and the index after `>`.
    private static func autolink(_ source: ArraySlice<UInt8>, _ open: Int) -> ([UInt8], Int)? {
        var index = open + 1
        let limit = min(source.endIndex, open + maxTagScan)
        while index < limit, source[index] != 0x3E {
            let byte = source[index]
            if byte == 0x20 || byte == 0x3C || byte == 0x0A || byte < 0x20 { return nil }
            index += 1
        }
        guard index < limit else { return nil }
        let inner = source[(open + 1)..<index]
        let isURL: Bool = {
            guard let colon = inner.firstIndex(of: 0x3A), let first = inner.first, isASCIILetter(first) else {
                return false
            }
            let scheme = inner[inner.startIndex..<colon]
            return (2...32).contains(scheme.count)
                && scheme.allSatisfy {
                    isASCIILetter($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2E || $0 == 0x2D
                }
        }()
        let isEmail = !isURL && inner.contains(0x40) && !inner.contains(0x5C) && inner.first != 0x40
        guard isURL || isEmail else { return nil }
        return (Array(inner), index + 1)
    }

    /// The index after an inline HTML tag (`<span class="x">`, `</b>`, `<br/>`, `<!-- ... -->`) at `open`.
    private static func htmlTagEnd(_ source: ArraySlice<UInt8>, _ open: Int) -> Int? {
        let next = open + 1
        guard next < source.endIndex else { return nil }
        let limit = min(source.endIndex, open + maxTagScan)
        if source[next...].starts(with: "!--".utf8) {
            var index = next + 3
            while index + 2 < limit {
                if source[index] == 0x2D, source[index + 1] == 0x2D, source[index + 2] == 0x3E { return index + 3 }
                index += 1
            }
            return nil
        }
        let nameStart = source[next] == 0x2F ? next + 1 : next
        guard nameStart < source.endIndex, isASCIILetter(source[nameStart]) else { return nil }
        var index = nameStart
        var quote: UInt8?
        while index < limit {
            let byte = source[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return index + 1
            } else if byte == 0x3C {
                return nil
            }
            index += 1
        }
        return nil
    }
}

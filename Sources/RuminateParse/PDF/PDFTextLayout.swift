import RuminateCore

/// Turns the pages pdftotext printed into paragraphs, each block knowing its page (1-based).
///
/// - A lone page number at the top or bottom of a page (`7`, `- 7 -`, `Page 7`, `7 of 20`, `xii`) is dropped.
/// - Blank lines split paragraphs. pdftotext puts blank lines only between text flows (a column, a heading
///   apart from its text), so inside a flow a paragraph also ends at a line clearly shorter than the flow's
///   typical line that ends a sentence, when the next line starts with a capital, a digit or a bullet. (A
///   line much longer than typical is pdftotext's join of a line ending in a hyphen with the next: its last
///   part is what is measured.) A wrong guess only splits a paragraph at a sentence end, which passages do
///   anyway; a missed one leaves two paragraphs in one block.
/// - The lines of a paragraph are joined with spaces; a word hyphenated at a line end (`exam-` + `ple`) is
///   joined back when the next line starts in lowercase (pdftotext's own reading mode already joins most).
/// - No paragraph crosses a page: one that runs on to the next page becomes two blocks.
struct PDFTextLayout {
    var pages: [String]
    /// The first line of the document becomes a level-1 heading when it stands alone (the title from it).
    var firstLineIsHeading = false

    static let maxTitleLength = 120
    /// A line shorter than this share of its flow's median line ends a paragraph (with the other clues).
    static let shortLineRatio = 0.75

    /// The text, its blocks (with pages) and the document's first line (nil when too long to be a title).
    func assemble() -> (text: String, blocks: [TextBlock], firstLine: String?) {
        var assembler = TextAssembler()
        var blockPages: [Int] = []
        var firstLine: String?
        var seenText = false
        for (index, page) in pages.enumerated() {
            var lines = Lines.split(page)
            Self.dropPageNumbers(&lines)
            var paragraphs = Self.paragraphs(lines)
            if !seenText, let first = paragraphs.first?.first {
                seenText = true
                let candidate = Lines.collapsed(first)
                if candidate.unicodeScalars.count < Self.maxTitleLength {
                    firstLine = candidate
                    if firstLineIsHeading && paragraphs[0].count == 1 {
                        assembler.addBlock(.heading(level: 1), candidate)
                        paragraphs.removeFirst()
                    }
                }
            }
            for paragraph in paragraphs { assembler.addBlock(.paragraph, Self.join(paragraph)) }
            blockPages += Array(repeating: index + 1, count: assembler.blocks.count - blockPages.count)
        }
        var (text, blocks) = assembler.finish()
        for index in blocks.indices { blocks[index].page = blockPages[index] }
        return (text, blocks, firstLine)
    }

    // MARK: - Page furniture

    static func dropPageNumbers(_ lines: inout [Substring]) {
        if let first = lines.firstIndex(where: { !Lines.isBlank($0) }), isPageNumber(lines[first]) {
            lines.remove(at: first)
        }
        if let last = lines.lastIndex(where: { !Lines.isBlank($0) }), isPageNumber(lines[last]) {
            lines.remove(at: last)
        }
    }

    /// `12`, `- 12 -`, `– 12 –`, `Page 12`, `12 of 40`, `12/40`, or a lowercase roman numeral (`xii`).
    static func isPageNumber(_ line: Substring) -> Bool {
        var text = trimmed(line, dropping: ["-", "–", "—"])
        guard !text.isEmpty, text.count <= 20 else { return false }
        if text.lowercased().hasPrefix("page ") { text = trimmed(text.dropFirst(5)) }
        if let of = text.firstRange(of: " of ") ?? text.firstRange(of: "/") {
            guard isNumber(trimmed(text[of.upperBound...])) else { return false }
            text = trimmed(text[..<of.lowerBound])
        }
        return isNumber(text) || isRomanNumeral(text)
    }

    /// A lowercase roman numeral up to 399 (front matter: `iv`, `xii`), not a word made of its letters (`civil`).
    private static func isRomanNumeral(_ text: Substring) -> Bool {
        var rest = text[...]
        func take(_ options: [String]) {
            if let match = options.first(where: { rest.hasPrefix($0) }) { rest = rest.dropFirst(match.count) }
        }
        take(["ccc", "cc", "c"])
        take(["xc", "xl", "lxxx", "lxx", "lx", "l", "xxx", "xx", "x"])
        take(["ix", "iv", "viii", "vii", "vi", "v", "iii", "ii", "i"])
        return rest.isEmpty && !text.isEmpty
    }

    /// `text` without leading and trailing white space and `extra` characters.
    private static func trimmed(_ text: Substring, dropping extra: Set<Character> = []) -> Substring {
        let keep = { (character: Character) in !character.isWhitespace && !extra.contains(character) }
        guard let first = text.firstIndex(where: keep), let last = text.lastIndex(where: keep) else { return "" }
        return text[first...last]
    }

    private static func isNumber(_ text: Substring) -> Bool {
        (1...4).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    // MARK: - Paragraphs

    static func paragraphs(_ lines: [Substring]) -> [[Substring]] {
        var groups: [[Substring]] = []
        var current: [Substring] = []
        for line in lines {
            if Lines.isBlank(line) {
                if !current.isEmpty { groups.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.flatMap(splitAtParagraphEnds)
    }

    /// Splits one flow's lines where a short, sentence-ending line is followed by a line that starts anew.
    static func splitAtParagraphEnds(_ lines: [Substring]) -> [[Substring]] {
        guard lines.count >= 3 else { return [lines] }
        let lengths = lines.map { Lines.collapsed($0).count }
        let typical = Double(lengths.sorted()[lengths.count / 2])
        var result: [[Substring]] = []
        var current: [Substring] = []
        for (index, line) in lines.enumerated() {
            current.append(line)
            guard index + 1 < lines.count else { break }
            if lastPartLength(lengths[index], typical: typical) < typical * shortLineRatio, endsSentence(line),
                startsParagraph(lines[index + 1])
            {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The length of a line's last visual line: pdftotext writes a line that ended in a hyphen and the next
    /// as one, so a line over 1.25 typical lines is taken as whole typical lines plus the rest.
    private static func lastPartLength(_ length: Int, typical: Double) -> Double {
        let length = Double(length)
        guard typical > 0, length > typical * 1.25 else { return length }
        return length - typical * (length / typical).rounded(.down)
    }

    private static func endsSentence(_ line: Substring) -> Bool {
        let scalars = Array(line.unicodeScalars.reversed().drop(while: { $0.properties.isWhitespace }).prefix(2))
        guard let last = scalars.first else { return false }
        let enders: Set<Unicode.Scalar> = [".", "!", "?", ":", "…", "。"]
        if enders.contains(last) { return true }
        let closers: Set<Unicode.Scalar> = ["\"", "”", "’", "'", ")", "»"]
        return closers.contains(last) && scalars.count == 2 && enders.contains(scalars[1])
    }

    private static func startsParagraph(_ line: Substring) -> Bool {
        guard let first = line.unicodeScalars.first(where: { !$0.properties.isWhitespace }) else { return false }
        let openers: Set<Unicode.Scalar> = ["•", "“", "\"", "«", "(", "[", "–", "—", "-", "*", "§"]
        return first.properties.isUppercase || first.properties.numericType != nil || openers.contains(first)
    }

    // MARK: - Lines into one paragraph

    static let lineEndHyphens: Set<Unicode.Scalar> = ["-", "\u{2010}"]
    static let softHyphen: Unicode.Scalar = "\u{AD}"

    /// The lines joined with spaces, words hyphenated across a line end joined back.
    static func join(_ lines: [Substring]) -> String {
        var out = String.UnicodeScalarView()
        for line in lines {
            let trimmed = Lines.collapsed(line)
            guard !trimmed.isEmpty else { continue }
            defer { out.append(contentsOf: trimmed.unicodeScalars) }
            guard let last = out.last else { continue }
            let next = trimmed.unicodeScalars.first!
            if last == softHyphen && next.properties.isAlphabetic {
                out.removeLast()
            } else if lineEndHyphens.contains(last), next.properties.isLowercase,
                let beforeHyphen = out.dropLast().last, beforeHyphen.properties.isAlphabetic
            {
                out.removeLast()
            } else {
                out.append(" ")
            }
        }
        return String(out)
    }
}

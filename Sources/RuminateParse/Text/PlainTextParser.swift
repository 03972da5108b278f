import RuminateCore

/// Plain text: paragraphs are separated by blank lines. Inside a paragraph, line breaks and runs of
/// whitespace collapse to one space (the same rule as every other format, so a chunker sees uniform
/// text; the price is that ASCII art and poems lose their line shape).
///
/// Title: the first non-blank line when it is shorter than 120 characters and a blank line follows;
/// that line stays in the text as a level-1 heading.
struct PlainTextParser: DocumentParser {
    var limits: ParseLimits

    static let maxTitleLength = 120

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        let decoded = TextDecoding.decode(data)
        let lines = Lines.split(decoded.text)

        var assembler = TextAssembler()
        var title: String?
        var index = 0
        while index < lines.count, Lines.isBlank(lines[index]) { index += 1 }
        if index + 1 < lines.count, Lines.isBlank(lines[index + 1]) {
            let candidate = Lines.collapsed(lines[index])
            if candidate.unicodeScalars.count < Self.maxTitleLength {
                title = candidate
                assembler.addBlock(.heading(level: 1), candidate)
                index += 1
            }
        }
        assembler.startBlock(.paragraph)
        for line in lines[index...] {
            if Lines.isBlank(line) {
                assembler.flush()
            } else {
                assembler.appendInline(String(line))
                assembler.softBreak()
            }
        }
        let (text, blocks) = assembler.finish()
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: decoded.metadata)
        return ParseResult(documents: [document], warnings: decoded.warning.map { ["\(sourceName): \($0)"] } ?? [])
    }
}

/// Line splitting shared by the text-based parsers: LF, CRLF and lone CR all end a line.
enum Lines {
    static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        let utf8 = text.utf8
        while index < text.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(text[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D, next < text.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                index = next
                start = next
            } else {
                index = utf8.index(after: index)
            }
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.unicodeScalars.allSatisfy { $0.isSpace }
    }

    /// The line with whitespace runs collapsed to single spaces and trimmed.
    static func collapsed(_ line: Substring) -> String {
        line.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

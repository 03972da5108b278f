internal import CLibXML2
import RuminateCore

/// Markdown (CommonMark-ish, with GFM tables), parsed by hand: there is no Markdown package to lean on.
/// YAML front matter is skipped (its `title:` is used); block structure comes from
/// `MarkdownBlockParser`, inline syntax is rendered to plain text by `MarkdownInline`, and HTML blocks
/// go through libxml2 like an HTML page.
///
/// Title: the front matter's `title`, else the first level-1 heading (which stays in the text).
struct MarkdownParser: DocumentParser {
    var limits: ParseLimits

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        let decoded = TextDecoding.decode(data)
        var lines = Lines.split(decoded.text).map { MarkdownSyntax.expandLeadingTabs(Array($0.utf8)[...]) }
        let frontMatterTitle = Self.stripFrontMatter(&lines)

        var inline = MarkdownInline()
        for line in lines {
            let indent = MarkdownSyntax.indentation(line)
            if indent < 4, let label = MarkdownSyntax.linkDefinitionLabel(line[indent...]) {
                inline.definitions.insert(label)
            }
        }
        var blockParser = MarkdownBlockParser(lines: lines)
        var assembler = TextAssembler()
        for block in blockParser.parse() {
            switch block {
            case .inline(let kind, let source):
                assembler.startBlock(kind)
                inline.render(source).withUnsafeBufferPointer { assembler.appendInline(utf8: $0) }
                assembler.flush()
            case .code(let code):
                assembler.startBlock(.code)
                code.withUnsafeBufferPointer { assembler.appendPreformatted(utf8: $0) }
                assembler.flush()
            case .tableRow(let cells):
                assembler.startBlock(.tableRow)
                for cell in cells {
                    assembler.cellBoundary()
                    inline.render(Array(cell)).withUnsafeBufferPointer { assembler.appendInline(utf8: $0) }
                }
                assembler.flush()
            case .html(let html):
                Self.extractHTML(html, into: &assembler)
            }
        }
        let (text, blocks) = assembler.finish()
        var title = frontMatterTitle
        if title == nil, let heading = blocks.first(where: { $0.headingLevel == 1 }) {
            title = text.slice(heading.span)
        }
        let warnings = decoded.warning.map { ["\(sourceName): \($0)"] } ?? []
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: decoded.metadata)
        return ParseResult(documents: [document], warnings: warnings)
    }

    /// Removes a leading `---` ... `---` (or `...`) block; returns its `title:` value, if any.
    static func stripFrontMatter(_ lines: inout [[UInt8]]) -> String? {
        guard let first = lines.first, MarkdownSyntax.trimmed(first[...]).elementsEqual("---".utf8) else { return nil }
        guard
            let close = lines.indices.dropFirst().first(where: { index in
                let line = MarkdownSyntax.trimmed(lines[index][...])
                return line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8)
            })
        else { return nil }
        var title: String?
        for line in lines[1..<close] where line.starts(with: "title:".utf8) {
            var value = Substring(String(decoding: line.dropFirst(6), as: UTF8.self).trimmingSpaces)
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            title = String(value).cleanedTitle
            break
        }
        lines.removeSubrange(0...close)
        return title
    }

    /// An HTML block inside Markdown, read by libxml2 like a page fragment.
    static func extractHTML(_ html: [UInt8], into assembler: inout TextAssembler) {
        // A context libxml2 could not allocate leaves the block out, as one without content does.
        guard let document = try? LibXMLDocument.readHTML(html, options: HTMLParser.options, sourceName: "").document
        else { return }
        document.withRoot { HTMLTextExtractor.extract(from: $0, into: &assembler) }
    }
}

import RuminateCore

/// What the block pass finds, before inline syntax is rendered.
enum MarkdownBlock {
    /// Inline Markdown source (lines joined by "\n") for a heading, paragraph, list item or quote.
    case inline(TextBlock.Kind, [UInt8])
    case code([UInt8])
    /// Table row cells, each inline Markdown.
    case tableRow([ArraySlice<UInt8>])
    /// Raw HTML, rendered through libxml2.
    case html([UInt8])
}

/// A line-based, CommonMark-ish block parser: ATX and setext headings, fenced and indented code,
/// lists (items tracked by their content column, so nested lists and code inside items work),
/// block quotes (one level of nesting kept: all their blocks become `.quote`, except code, headings
/// and list items), GFM tables, HTML blocks, link reference definitions (dropped) and paragraphs.
struct MarkdownBlockParser {
    typealias Line = [UInt8]

    private let lines: [Line]
    private let inQuote: Bool
    private var index = 0
    private var blocks: [MarkdownBlock] = []
    private var paragraph: [ArraySlice<UInt8>] = []
    private var paragraphKind: TextBlock.Kind = .paragraph
    private var paragraphIsOpen = false
    /// Content columns of the open list items, outermost first, with their lists' delimiters.
    private var listColumns: [Int] = []
    private var listDelimiters: [UInt8] = []
    private var previousWasBlank = false

    static let htmlBlockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "section", "source", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul", "picture", "img", "a", "br", "span", "sup", "sub",
    ]
    static let htmlRawTags: [String] = ["script", "pre", "style", "textarea"]

    init(lines: [Line], inQuote: Bool = false) {
        self.lines = lines
        self.inQuote = inQuote
    }

    private var defaultKind: TextBlock.Kind { inQuote ? .quote : .paragraph }

    mutating func parse() -> [MarkdownBlock] {
        while index < lines.count { parseLine() }
        closeParagraph()
        return blocks
    }

    private mutating func parseLine() {
        let line = lines[index]
        if MarkdownSyntax.isBlank(line) {
            closeParagraph()
            previousWasBlank = true
            index += 1
            return
        }
        let indent = MarkdownSyntax.indentation(line)
        let content = line[indent...]
        let canContinueParagraph = paragraphIsOpen && !previousWasBlank
        var closedListDelimiter: UInt8?
        if let column = listColumns.last, indent < column {
            if canContinueParagraph && !startsBlock(content) {
                appendToParagraph(content)
                index += 1
                return
            }
            while let last = listColumns.last, last > indent {
                listColumns.removeLast()
                closedListDelimiter = listDelimiters.removeLast()
            }
        }
        let relativeIndent = indent - (listColumns.last ?? 0)
        defer { previousWasBlank = false }

        if relativeIndent >= 4 {
            if canContinueParagraph {
                appendToParagraph(content)
                index += 1
            } else {
                parseIndentedCode(column: (listColumns.last ?? 0) + 4)
            }
            return
        }
        if canContinueParagraph, paragraphKind != .listItem, let level = MarkdownSyntax.setextLevel(content) {
            let text = paragraph.map(Array.init).joined(separator: [0x0A])
            paragraph = []
            paragraphIsOpen = false
            blocks.append(.inline(.heading(level: level), Array(text)))
            index += 1
            return
        }
        if let fence = MarkdownSyntax.fenceOpening(content) {
            closeParagraph()
            parseFencedCode(fence, indent: indent)
            return
        }
        if let heading = MarkdownSyntax.atxHeading(content) {
            closeParagraph()
            blocks.append(.inline(.heading(level: heading.level), Array(heading.text)))
            index += 1
            return
        }
        if MarkdownSyntax.isThematicBreak(content) {
            closeParagraph()
            index += 1
            return
        }
        if content.first == 0x3E, !inQuote {
            closeParagraph()
            parseBlockQuote()
            return
        }
        if let endCondition = htmlBlockStart(content, interruptsParagraph: canContinueParagraph) {
            closeParagraph()
            parseHTMLBlock(until: endCondition)
            return
        }
        if index + 1 < lines.count, content.contains(0x7C),
            let columns = MarkdownSyntax.tableDelimiterColumns(MarkdownSyntax.trimmed(lines[index + 1][...])),
            columns == MarkdownSyntax.tableCells(content).count
        {
            closeParagraph()
            parseTable(indent: indent)
            return
        }
        if let marker = MarkdownSyntax.listMarker(content),
            !canContinueParagraph || closedListDelimiter == marker.delimiter
                || (!marker.contentIsEmpty && (!marker.isOrdered || marker.startNumber == 1))
        {
            // A sibling item may interrupt its predecessor's text; a new list only as CommonMark allows.
            closeParagraph()
            listColumns.append(indent + marker.width)
            listDelimiters.append(marker.delimiter)
            var itemText = MarkdownSyntax.trimmed(content.dropFirst(marker.width))
            for box in ["[ ] ", "[x] ", "[X] "] where itemText.starts(with: box.utf8) {
                itemText = itemText.dropFirst(4)
            }
            openParagraph(.listItem)
            if !itemText.isEmpty { paragraph.append(itemText) }
            index += 1
            return
        }
        if !paragraphIsOpen || previousWasBlank, MarkdownSyntax.linkDefinitionLabel(content) != nil {
            closeParagraph()
            index += 1
            return
        }
        if !canContinueParagraph {
            closeParagraph()
            openParagraph(defaultKind)
        }
        appendToParagraph(content)
        index += 1
    }

    // MARK: - Paragraphs

    private mutating func openParagraph(_ kind: TextBlock.Kind) {
        paragraph = []
        paragraphKind = kind
        paragraphIsOpen = true
    }

    private mutating func appendToParagraph(_ content: ArraySlice<UInt8>) {
        if !paragraphIsOpen { openParagraph(defaultKind) }
        paragraph.append(content)
    }

    private mutating func closeParagraph() {
        defer {
            paragraph = []
            paragraphIsOpen = false
        }
        guard paragraphIsOpen, !paragraph.isEmpty else { return }
        blocks.append(.inline(paragraphKind, Array(paragraph.map(Array.init).joined(separator: [0x0A]))))
    }

    /// Whether a line would start a block rather than continue a paragraph lazily.
    private func startsBlock(_ content: ArraySlice<UInt8>) -> Bool {
        MarkdownSyntax.fenceOpening(content) != nil || MarkdownSyntax.atxHeading(content) != nil
            || MarkdownSyntax.isThematicBreak(content) || content.first == 0x3E
            || MarkdownSyntax.listMarker(content).map { !$0.contentIsEmpty } == true
            || htmlBlockStart(content, interruptsParagraph: true) != nil
    }

    // MARK: - Code

    private mutating func parseIndentedCode(column: Int) {
        var code: [ArraySlice<UInt8>] = []
        while index < lines.count {
            let line = lines[index]
            if MarkdownSyntax.isBlank(line) {
                code.append([])
            } else if MarkdownSyntax.indentation(line) >= column {
                code.append(line.dropFirst(column))
            } else {
                break
            }
            index += 1
        }
        while code.last?.isEmpty == true { code.removeLast() }
        blocks.append(.code(Array(code.map(Array.init).joined(separator: [0x0A]))))
    }

    private mutating func parseFencedCode(_ fence: (character: UInt8, length: Int), indent: Int) {
        index += 1
        var code: [ArraySlice<UInt8>] = []
        while index < lines.count {
            let line = lines[index]
            let lineIndent = MarkdownSyntax.indentation(line)
            index += 1
            if lineIndent - indent < 4,
                MarkdownSyntax.isFenceClosing(line[lineIndent...], character: fence.character, length: fence.length)
            {
                break
            }
            code.append(MarkdownSyntax.dedent(line, by: indent))
        }
        blocks.append(.code(Array(code.map(Array.init).joined(separator: [0x0A]))))
    }

    // MARK: - Quotes, tables, HTML

    private mutating func parseBlockQuote() {
        var inner: [Line] = []
        var lastInnerWasText = false
        while index < lines.count {
            let line = lines[index]
            let indent = MarkdownSyntax.indentation(line)
            var content = line[indent...]
            // Indentation counts from the open list item's content column, as in `parseLine`, which sent
            // the first line here: measured from the margin, a quote in a list item ("1. x" then
            // "     > q") was refused and the parser never moved on.
            if indent - (listColumns.last ?? 0) < 4, content.first == 0x3E {
                // Strip every level of '>' (each with one optional space): nesting depth is not kept.
                while content.first == 0x3E {
                    content = content.dropFirst()
                    if content.first == MarkdownSyntax.space { content = content.dropFirst() }
                    let spaces = content.prefix(while: { $0 == MarkdownSyntax.space }).count
                    if spaces < 4, content.dropFirst(spaces).first == 0x3E { content = content.dropFirst(spaces) }
                }
                inner.append(Array(content))
                lastInnerWasText = !MarkdownSyntax.isBlank(Array(content))
            } else if lastInnerWasText, !MarkdownSyntax.isBlank(line), !startsBlock(content) {
                inner.append(Array(content))
            } else {
                break
            }
            index += 1
        }
        var nested = MarkdownBlockParser(lines: inner, inQuote: true)
        blocks.append(contentsOf: nested.parse())
    }

    private mutating func parseTable(indent: Int) {
        blocks.append(.tableRow(MarkdownSyntax.tableCells(lines[index][indent...])))
        index += 2  // header and delimiter row
        while index < lines.count {
            let line = lines[index]
            let lineIndent = MarkdownSyntax.indentation(line)
            let content = line[lineIndent...]
            if MarkdownSyntax.isBlank(line) || startsBlock(content) { break }
            blocks.append(.tableRow(MarkdownSyntax.tableCells(content)))
            index += 1
        }
    }

    enum HTMLBlockEnd {
        case blankLine
        case containing(String)
    }

    /// Whether `content` opens an HTML block (CommonMark kinds 1–7) and what ends it.
    private func htmlBlockStart(_ content: ArraySlice<UInt8>, interruptsParagraph: Bool) -> HTMLBlockEnd? {
        guard content.first == 0x3C else { return nil }
        let head = String(decoding: content.prefix(64), as: UTF8.self).lowercased()
        for tag in Self.htmlRawTags where head.hasPrefix("<" + tag) {
            let after = head.dropFirst(tag.count + 1).first
            if after == nil || after == " " || after == ">" || after == "\t" { return .containing("</" + tag + ">") }
        }
        if head.hasPrefix("<!--") { return .containing("-->") }
        if head.hasPrefix("<?") { return .containing("?>") }
        if head.hasPrefix("<![cdata[") { return .containing("]]>") }
        if head.hasPrefix("<!"), head.dropFirst(2).first?.isLetter == true { return .containing(">") }
        let nameStart = head.hasPrefix("</") ? head.dropFirst(2) : head.dropFirst(1)
        let name = String(nameStart.prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" }))
        guard !name.isEmpty, nameStart.first?.isLetter == true else { return nil }
        let after = nameStart.dropFirst(name.count).first
        if Self.htmlBlockTags.contains(name),
            after == nil || after == " " || after == ">" || after == "/" || after == "\t"
        {
            return .blankLine
        }
        // Kind 7: a complete tag alone on its line; it cannot interrupt a paragraph.
        let line = String(decoding: MarkdownSyntax.trimmed(content), as: UTF8.self)
        if !interruptsParagraph, line.hasSuffix(">"), line.filter({ $0 == "<" }).count == 1 { return .blankLine }
        return nil
    }

    private mutating func parseHTMLBlock(until end: HTMLBlockEnd) {
        var html: [Line] = []
        scan: while index < lines.count {
            let line = lines[index]
            switch end {
            case .blankLine:
                if MarkdownSyntax.isBlank(line) { break scan }
                html.append(line)
                index += 1
            case .containing(let marker):
                html.append(line)
                index += 1
                if String(decoding: line, as: UTF8.self).lowercased().contains(marker) { break scan }
            }
        }
        blocks.append(.html(Array(html.joined(separator: [0x0A]))))
    }
}

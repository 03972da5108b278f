internal import CLibXML2
import RuminateCore

/// Walks a libxml2 HTML tree and feeds its visible text, block by block, into a `TextAssembler`.
///
/// Every block-level element starts a new block, even when mis-nested (libxml2 2.9 leaves an `<h2>`
/// inside an unclosed `<p>`), so headings never merge into paragraphs. A block's kind comes from the
/// innermost element that names one (h1–h6, li, pre, tr, blockquote); others inherit it. Inside a
/// table row only tables, rows, headings and `pre` split blocks: a cell's `<p>`s stay in the row,
/// and cells are joined with " | ".
///
/// A paragraph that holds nothing but one short bold phrase (`<p><b>Maximum Number Of Columns</b></p>`) is
/// how many documents without `<h2>`s title a section: it becomes a heading one level below the last real one,
/// so the section's passages carry it in their heading path.
enum HTMLTextExtractor {
    /// Elements whose content is never text a reader sees.
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "svg", "math", "iframe", "frame", "frameset",
        "form", "head", "title", "object", "embed", "canvas", "audio", "video", "select", "button",
        "datalist", "map", "dialog",
    ]

    static let blockLevel: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "ol", "p", "plaintext", "pre",
        "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption", "xmp", "search",
    ]

    /// Block-level elements that still split blocks inside a table row.
    static let blockLevelInsideRow: Set<String> = ["table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"]

    static let cells: Set<String> = ["td", "th"]
    static let preformatted: Set<String> = ["pre", "listing", "xmp", "plaintext"]

    private struct Frame {
        var kind: TextBlock.Kind
        var isBoundary: Bool
        var isSoftBoundary: Bool
        var isPreformatted: Bool
        var isRow: Bool
    }

    /// Extracts the text below `root` (usually the `<html>` or `<body>` element).
    static func extract(
        from root: xmlNodePtr, into assembler: inout TextAssembler, baseKind: TextBlock.Kind = .paragraph
    ) {
        var frames: [Frame] = []
        var preDepth = 0
        var rowDepth = 0
        var headingLevel = 0  // of the last h1–h6 entered
        assembler.startBlock(baseKind)

        LibXML.walk(root) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // A heading, item or row inside <pre> is still collapsed: only code blocks keep lines.
                LibXML.appendText(of: node, preformatted: preDepth > 0 && assembler.kind == .code, into: &assembler)
                return false
            case XML_ELEMENT_NODE:
                break
            default:
                return false
            }
            let name = LibXML.lowercasedName(node)
            if skipped.contains(name) || isHidden(node) { return false }
            if name == "br" {
                assembler.lineBreak()
                return false
            }
            let parentKind = frames.last?.kind ?? baseKind
            var kind = ownKind(name) ?? parentKind
            if case .heading(let level)? = ownKind(name) {
                headingLevel = level
            } else if name == "p", rowDepth == 0, preDepth == 0, isBoldTitle(node) {
                kind = .heading(level: min(6, headingLevel + 1))
            }
            var frame = Frame(
                kind: kind, isBoundary: false, isSoftBoundary: false,
                isPreformatted: preformatted.contains(name), isRow: name == "tr")
            if blockLevel.contains(name) {
                if rowDepth == 0 || blockLevelInsideRow.contains(name) {
                    frame.isBoundary = true
                    assembler.startBlock(frame.kind)
                } else {
                    frame.isSoftBoundary = true
                    assembler.softBreak()
                }
            } else if cells.contains(name) {
                assembler.cellBoundary()
            } else if name == "img" {
                return false
            }
            if frame.isPreformatted { preDepth += 1 }
            if frame.isRow { rowDepth += 1 }
            frames.append(frame)
            return true
        } exit: { node in
            guard node.pointee.type == XML_ELEMENT_NODE, let frame = frames.popLast() else { return }
            if frame.isPreformatted { preDepth -= 1 }
            if frame.isRow { rowDepth -= 1 }
            if frame.isBoundary {
                assembler.startBlock(frames.last?.kind ?? baseKind)
            } else if frame.isSoftBoundary {
                assembler.softBreak()
            }
        }
        assembler.flush()
    }

    /// The block kind an element names itself; nil when it inherits its parent's.
    static func ownKind(_ name: String) -> TextBlock.Kind? {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6": .heading(level: Int(name.utf8.last! - 0x30))
        case "li": .listItem
        case "pre", "listing", "xmp", "plaintext": .code
        case "tr": .tableRow
        case "blockquote": .quote
        default: nil
        }
    }

    /// Whether the paragraph `node` holds only one `<b>`/`<strong>` (whitespace around it aside) whose text
    /// reads as a title: 1 to 12 words, no sentence's closing punctuation.
    static func isBoldTitle(_ node: xmlNodePtr) -> Bool {
        var bold: xmlNodePtr?
        var child = node.pointee.children
        while let current = child {
            defer { child = current.pointee.next }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if LibXML.hasNonWhitespaceText(current) { return false }
            case XML_ELEMENT_NODE:
                let name = LibXML.lowercasedName(current)
                guard name == "b" || name == "strong", bold == nil else { return false }
                bold = current
            case XML_COMMENT_NODE:
                continue
            default:
                return false
            }
        }
        guard let bold else { return false }
        let text = LibXML.collapsedText(bold).trimmingSpaces
        let words = text.split(separator: " ").count
        guard (1...12).contains(words), let last = text.last else { return false }
        return !".:;!?,".contains(last)
    }

    /// `hidden`, `aria-hidden="true"` or an inline `display:none` / `visibility:hidden` style.
    static func isHidden(_ node: xmlNodePtr) -> Bool {
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let rawName = current.pointee.name else { continue }
            switch String(cString: rawName).lowercased() {
            case "hidden":
                return true
            case "aria-hidden":
                if attributeValue(current).trimmingSpaces.lowercased() == "true" { return true }
            case "style":
                let style = attributeValue(current).lowercased().filter { !$0.isWhitespace }
                if style.contains("display:none") || style.contains("visibility:hidden") { return true }
            default:
                continue
            }
        }
        return false
    }

    static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        guard let text = attribute.pointee.children, let content = text.pointee.content else { return "" }
        return String(cString: content)
    }
}

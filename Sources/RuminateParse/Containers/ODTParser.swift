internal import CLibXML2
import RuminateCore

/// OpenDocument text (`.odt`), read from the zip in memory.
///
/// `content.xml`'s `office:text` gives the text: `text:h` is a heading at its `text:outline-level`,
/// `text:p` a paragraph (a `Title` or `Heading N` paragraph style makes it a heading), paragraphs inside
/// `text:list-item` are list items, each `table:table-row` is one `tableRow` block with cells joined by
/// " | "; `text:s`, `text:tab` and `text:line-break` become spaces. Footnotes and endnotes (`text:note`)
/// follow the body; comments, tracked deletions and tables of contents are left out. Title, author and
/// language come from `meta.xml`; without a title, the first heading is the title.
struct ODTParser: DocumentParser {
    var limits: ParseLimits

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        guard var archive = try ZipArchive.open(data, sourceName: sourceName, limits: limits) else {
            return ZipArchive.emptyResult(sourceName)
        }
        let content = try archive.requiredXML("content.xml", format: "ODT document")
        let bodyPart = archive.partName("content.xml")
        var assembler = TextAssembler()
        let entityBudget = try content.withRoot { (root) throws(RuminateError) -> Int in
            guard let body = ContainerXML.child(root, "body").flatMap({ ContainerXML.child($0, "text") }) else {
                throw RuminateError(
                    .malformedInput, "\(bodyPart) has no office:text body; it is not a text document",
                    hint: "only OpenDocument text (.odt) is read, not spreadsheets or presentations")
            }
            var extractor = ODTTextExtractor(
                paragraphStyleParents: Self.paragraphStyleParents(root), entityBudget: limits.maxEntityTextBytes)
            extractor.extract(from: body, into: &assembler)
            // Notes follow the body, the way a printed document ends with them (a note met in a note's body
            // joins the queue).
            var index = 0
            while index < extractor.notes.count {
                if let noteBody = ContainerXML.child(extractor.notes[index], "note-body") {
                    extractor.extract(from: noteBody, into: &assembler)
                }
                index += 1
            }
            return extractor.entityBudget
        }
        let (text, blocks) = assembler.finish()

        var warnings = archive.warnings
        if entityBudget < 0 {
            warnings.append(
                "\(sourceName): entity references past \(limits.maxEntityTextBytes) bytes of entity text were left out")
        }
        let meta = try archive.optionalXML("meta.xml").map { $0.withRoot(ContainerXML.dublinCore(below:)) }
        let title = meta?.title ?? blocks.first { $0.headingLevel != nil }.map { text.slice($0.span) }
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: meta?.metadata ?? [:])
        return ParseResult(documents: [document], warnings: warnings)
    }

    /// Automatic paragraph styles (`P1`) name the style they derive from (`Title`, `Heading_20_1`).
    static func paragraphStyleParents(_ root: xmlNodePtr) -> [String: String] {
        guard let automatic = ContainerXML.child(root, "automatic-styles") else { return [:] }
        var parents: [String: String] = [:]
        for style in ContainerXML.children(automatic) where ContainerXML.localName(style) == "style" {
            if let name = ContainerXML.attribute(style, "name"),
                let parent = ContainerXML.attribute(style, "parent-style-name")
            {
                parents[name] = parent
            }
        }
        return parents
    }
}

/// Walks ODF text content (`office:text`, a note body) into blocks.
struct ODTTextExtractor {
    /// Subtrees without text a reader sees in the flow: comments, deleted text of tracked changes,
    /// declarations, tables of contents (they repeat the headings) and index templates.
    static let skipped: Set<String> = [
        "annotation", "tracked-changes", "sequence-decls", "variable-decls", "user-field-decls", "forms",
        "note-citation",
        "table-of-content", "table-of-content-source", "alphabetical-index-source",
        "illustration-index-source", "table-index-source", "object-index-source", "user-index-source",
        "bibliography-source", "covered-table-cell",
    ]

    let paragraphStyleParents: [String: String]
    var entityBudget: Int
    /// `text:note`s met in the flow, read after it.
    private(set) var notes: [xmlNodePtr] = []

    init(paragraphStyleParents: [String: String], entityBudget: Int) {
        self.paragraphStyleParents = paragraphStyleParents
        self.entityBudget = entityBudget
    }

    mutating func extract(from root: xmlNodePtr, into assembler: inout TextAssembler) {
        var stack = RowAwareBlockStack()
        var listItemDepth = 0
        var budget = entityBudget
        var foundNotes: [xmlNodePtr] = []
        let parents = paragraphStyleParents
        assembler.startBlock(.paragraph)
        LibXML.walk(root) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // Text counts only inside paragraphs and headings; elsewhere it is indentation.
                if stack.inParagraph { LibXML.withContent(node) { assembler.appendInline(utf8: $0) } }
                return false
            case XML_ENTITY_REF_NODE:
                if stack.inParagraph {
                    LibXML.appendSafeEntityText(node, preformatted: false, budget: &budget, into: &assembler)
                }
                return false
            case XML_ELEMENT_NODE:
                break
            default:
                return false
            }
            let name = ContainerXML.localName(node)
            switch name {
            case "s", "tab":
                assembler.appendInline(" ")
                return false
            case "line-break":
                assembler.lineBreak()
                return false
            case "note":
                foundNotes.append(node)
                return false
            case "title" where ContainerXML.namespace(node)?.contains("svg") == true,
                "desc" where ContainerXML.namespace(node)?.contains("svg") == true:
                return false  // a drawing's title and description, not text of the flow
            case "h", "p":
                let kind =
                    name == "h"
                    ? Self.headingKind(node) : Self.paragraphKind(node, parents: parents, inListItem: listItemDepth > 0)
                stack.enterParagraph(kind, into: &assembler)
                return true
            case "list-item", "list-header":
                listItemDepth += 1
                return true
            case "table-row":
                stack.enterRow(into: &assembler)
                return true
            case "table-cell":
                assembler.cellBoundary()
                return true
            default:
                return !Self.skipped.contains(name)
            }
        } exit: { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return }
            switch ContainerXML.localName(node) {
            case "h", "p":
                stack.exitParagraph(into: &assembler)
            case "list-item", "list-header":
                listItemDepth -= 1
            case "table-row":
                stack.exitRow(into: &assembler)
            default:
                break
            }
        }
        assembler.flush()
        entityBudget = budget
        notes += foundNotes
    }

    /// `text:outline-level` (1 when absent), kept within 1…10 as ODF allows.
    static func headingKind(_ heading: xmlNodePtr) -> TextBlock.Kind {
        let level = ContainerXML.attribute(heading, "outline-level").flatMap { Int($0.trimmingSpaces) } ?? 1
        return .heading(level: min(max(level, 1), 10))
    }

    /// A paragraph whose style (or the style its automatic style derives from) is `Title` or
    /// `Heading N` is a heading; inside a list item it is a list item.
    static func paragraphKind(_ paragraph: xmlNodePtr, parents: [String: String], inListItem: Bool) -> TextBlock.Kind {
        if let style = ContainerXML.attribute(paragraph, "style-name") {
            // Style names encode spaces as "_20_".
            let name = (parents[style] ?? style).replacingSpaceEscapes
            if let level = DOCXStyles.headingLevel(name: name) { return .heading(level: level) }
        }
        return inListItem ? .listItem : .paragraph
    }
}

extension String {
    /// ODF style names escape characters as `_XX_` hex; only the space (`_20_`) matters here.
    fileprivate var replacingSpaceEscapes: String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: "_20_") {
            result += rest[..<range.lowerBound] + " "
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

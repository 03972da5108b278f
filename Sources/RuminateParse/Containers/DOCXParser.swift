internal import CLibXML2
import RuminateCore

/// Word documents (`.docx`, Office Open XML WordprocessingML), read from the zip in memory.
///
/// The main part (`word/document.xml`, or wherever `_rels/.rels` points) gives the text: each `w:p` is a
/// block, its runs' `w:t` text joined (`w:tab` and `w:br` become spaces); headings come from paragraph
/// styles (`Heading 1`…`Heading 9`, `Title` as level 1, resolved through `word/styles.xml`) or an outline
/// level; numbered paragraphs (`w:numPr`) are list items; each table row (`w:tr`) is one `tableRow` block,
/// cells joined with " | ". Footnotes and endnotes follow the body. Deleted and moved-away revisions,
/// field codes and the fallback copy of alternate content are left out. Title, author and language come
/// from `docProps/core.xml`; without a title, the first heading is the title.
struct DOCXParser: DocumentParser {
    var limits: ParseLimits

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        guard var archive = try ZipArchive.open(data, sourceName: sourceName, limits: limits) else {
            return ZipArchive.emptyResult(sourceName)
        }
        let mainPart = try Self.mainPartName(in: &archive)
        let body = try archive.requiredXML(mainPart, format: "DOCX document")
        let folder = ArchivePath.folder(of: mainPart)
        let styles =
            try archive.optionalXML(folder + "styles.xml").map { $0.withRoot(DOCXStyles.init(root:)) } ?? DOCXStyles()

        var assembler = TextAssembler()
        var extractor = DOCXTextExtractor(styles: styles, entityBudget: limits.maxEntityTextBytes)
        body.withRoot { extractor.extract(from: $0, into: &assembler) }
        // Notes follow the body, the way a printed document ends with them.
        for (part, element) in [("footnotes.xml", "footnote"), ("endnotes.xml", "endnote")] {
            guard let notes = try archive.optionalXML(folder + part) else { continue }
            notes.withRoot { root in
                for note in ContainerXML.children(root) where ContainerXML.localName(note) == element {
                    // Separators and continuation notices are layout, not text.
                    guard (ContainerXML.attribute(note, "type") ?? "normal") == "normal" else { continue }
                    extractor.extract(from: note, into: &assembler)
                }
            }
        }
        let (text, blocks) = assembler.finish()

        var warnings = archive.warnings
        if extractor.entityBudget < 0 {
            warnings.append(
                "\(sourceName): entity references past \(limits.maxEntityTextBytes) bytes of entity text were left out")
        }
        let core = try archive.optionalXML("docProps/core.xml").map { $0.withRoot(ContainerXML.dublinCore(below:)) }
        let title = core?.title ?? blocks.first { $0.headingLevel != nil }.map { text.slice($0.span) }
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: core?.metadata ?? [:])
        return ParseResult(documents: [document], warnings: warnings)
    }

    /// The target of the package's `officeDocument` relationship; `word/document.xml` when the
    /// relationships part is missing or names nothing readable.
    static func mainPartName(in archive: inout ZipArchive) throws(RuminateError) -> String {
        let fallback = "word/document.xml"
        guard let relationships = try archive.optionalXML("_rels/.rels") else { return fallback }
        let targets = relationships.withRoot { root in
            ContainerXML.children(root).compactMap { relationship -> String? in
                guard let type = ContainerXML.attribute(relationship, "Type"), type.hasSuffix("/officeDocument") else {
                    return nil
                }
                return ContainerXML.attribute(relationship, "Target")
            }
        }
        for target in targets {
            // A leading "/" names the part from the package root; anything else is relative to it too.
            let relative = target.hasPrefix("/") ? String(target.dropFirst()) : target
            if let name = ArchivePath.resolve(relative, from: ""), archive.contains(name) { return name }
        }
        return fallback
    }
}

/// Walks WordprocessingML (a body, a footnote) into blocks.
struct DOCXTextExtractor {
    /// Subtrees without visible text of the document: properties, deleted or moved-away revisions, field
    /// codes, the fallback copy of markup-compatibility content, reference marks.
    static let skipped: Set<String> = [
        "pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "del", "delText", "moveFrom", "instrText",
        "delInstrText", "Fallback", "footnoteReference", "endnoteReference", "commentReference", "footnoteRef",
        "endnoteRef", "annotationRef",
    ]

    let styles: DOCXStyles
    /// Bytes internal entities may still add (see `ParseLimits.maxEntityTextBytes`); negative once exhausted.
    var entityBudget: Int

    init(styles: DOCXStyles, entityBudget: Int) {
        self.styles = styles
        self.entityBudget = entityBudget
    }

    mutating func extract(from root: xmlNodePtr, into assembler: inout TextAssembler) {
        var stack = RowAwareBlockStack()
        let styles = styles
        var budget = entityBudget
        assembler.startBlock(.paragraph)
        LibXML.walk(root) { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            let name = ContainerXML.localName(node)
            switch name {
            case "t":
                Self.appendText(of: node, budget: &budget, into: &assembler)
                return false
            case "tab", "ptab":
                assembler.appendInline("\t")
                return false
            case "br", "cr":
                assembler.lineBreak()
                return false
            case "noBreakHyphen":
                assembler.appendInline("-")
                return false
            case "p":
                stack.enterParagraph(Self.paragraphKind(node, styles: styles), into: &assembler)
                return true
            case "tr":
                stack.enterRow(into: &assembler)
                return true
            case "tc":
                assembler.cellBoundary()
                return true
            default:
                return !Self.skipped.contains(name)
            }
        } exit: { node in
            switch ContainerXML.localName(node) {
            case "p":
                stack.exitParagraph(into: &assembler)
            case "tr":
                stack.exitRow(into: &assembler)
            default:
                break
            }
        }
        assembler.flush()
        entityBudget = budget
    }

    /// A `w:t`'s characters (`xml:space="preserve"` spaces included; the assembler collapses runs).
    static func appendText(of element: xmlNodePtr, budget: inout Int, into assembler: inout TextAssembler) {
        var child = element.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                LibXML.withContent(current) { assembler.appendInline(utf8: $0) }
            case XML_ENTITY_REF_NODE:
                LibXML.appendSafeEntityText(current, preformatted: false, budget: &budget, into: &assembler)
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// Heading (direct outline level, then style), list item (direct numbering, then the style's), or paragraph.
    static func paragraphKind(_ paragraph: xmlNodePtr, styles: DOCXStyles) -> TextBlock.Kind {
        let properties = ContainerXML.child(paragraph, "pPr")
        let styleID = properties.flatMap { ContainerXML.child($0, "pStyle") }.flatMap {
            ContainerXML.attribute($0, "val")
        }
        if let outline = properties.flatMap(DOCXStyles.outlineLevel) {
            if outline < 9 { return .heading(level: outline + 1) }
        } else if let styleID, let level = styles.headingLevel(styleID: styleID) {
            return .heading(level: level)
        }
        let numbered = properties.flatMap(DOCXStyles.numbering) ?? styleID.map(styles.numbersParagraphs) ?? false
        return numbered ? .listItem : .paragraph
    }
}

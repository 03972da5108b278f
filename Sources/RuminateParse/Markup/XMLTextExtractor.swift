internal import CLibXML2
import RuminateCore

/// Walks a generic XML tree (DocBook, TEI, JATS, XHTML, data files) into blocks.
///
/// An element starts a new block unless it is inline: a known inline name (emphasis, link, code, ...)
/// or an element sitting in mixed content (its parent holds text of its own) that is not a known
/// block name. So every element that directly holds text gets its own block, and `<para>` with an
/// `<emphasis>` stays one block. `title`, `head`, `heading` and `h1`–`h6` become headings whose level is
/// the number of enclosing sectioning elements (min 1); `h1`–`h6` keep their own level.
enum XMLTextExtractor {
    static let headingNames: Set<String> = ["title", "head", "heading", "h1", "h2", "h3", "h4", "h5", "h6"]
    static let sectioningNames: Set<String> = [
        "section", "chapter", "appendix", "part", "preface", "sect1", "sect2", "sect3", "sect4", "sect5",
        "simplesect", "refsect1", "refsect2", "refsect3", "div", "div1", "div2", "div3", "div4", "div5",
        "div6", "div7", "sec",
    ]
    static let preformattedNames: Set<String> = [
        "programlisting", "screen", "literallayout", "pre", "synopsis", "verbatim", "eg", "preformat",
    ]
    static let listItemNames: Set<String> = ["listitem", "li", "item", "list-item"]
    static let rowNames: Set<String> = ["row", "tr"]
    static let cellNames: Set<String> = ["entry", "td", "th"]
    static let quoteNames: Set<String> = ["blockquote", "epigraph", "disp-quote"]
    /// Elements that may appear in mixed content but still form blocks of their own.
    static let blockNames: Set<String> = headingNames.union(sectioningNames).union(preformattedNames)
        .union(listItemNames).union(rowNames).union(quoteNames).union([
            "para", "simpara", "formalpara", "p", "itemizedlist", "orderedlist", "variablelist", "varlistentry",
            "list", "table", "informaltable", "tgroup", "tbody", "thead", "note", "warning", "tip", "caution",
            "important", "sidebar", "example", "figure", "abstract", "caption", "footnote",
        ])
    static let inlineNames: Set<String> = [
        "emphasis", "em", "strong", "b", "i", "u", "s", "tt", "code", "literal", "link", "ulink", "olink",
        "xref", "a", "quote", "q", "phrase", "citetitle", "cite", "acronym", "abbrev", "sub", "sup",
        "subscript", "superscript", "span", "filename", "command", "option", "replaceable", "varname",
        "function", "parameter", "classname", "methodname", "constant", "type", "property", "envar",
        "systemitem", "application", "productname", "trademark", "email", "uri", "url", "keycap", "keycombo",
        "guilabel", "guibutton", "guimenu", "guimenuitem", "menuchoice", "userinput", "computeroutput",
        "prompt", "foreignphrase", "firstterm", "glossterm", "wordasword", "footnoteref", "hi", "ref", "ptr",
        "persname", "placename", "orgname", "foreign", "mentioned", "socalled", "italic", "bold", "monospace",
        "sc", "underline", "ext-link", "inline-formula", "named-content", "styled-content",
    ]

    private struct Frame {
        var kind: TextBlock.Kind
        var hasDirectText: Bool
        var isBoundary: Bool
        var isSoftBoundary: Bool
        var isPreformatted: Bool
        var isRow: Bool
        var isSection: Bool
    }

    /// Feeds the text below `root` into `assembler`; returns the first non-empty `title` element's text.
    struct Outcome {
        /// The first non-empty `title` element's text.
        var title: String?
        /// Whether entity references were left out because they passed the entity text budget.
        var entityBudgetExhausted: Bool
    }

    /// References to internal entities add at most `entityBudget` bytes in all (see `ParseLimits`).
    static func extract(from root: xmlNodePtr, entityBudget: Int, into assembler: inout TextAssembler) -> Outcome {
        var entityBudget = entityBudget
        var frames: [Frame] = []
        var preDepth = 0
        var rowDepth = 0
        var sectionDepth = 0
        var title: String?
        assembler.startBlock(.paragraph)

        LibXML.walk(root) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // A title or item inside a preformatted element is still collapsed: only code keeps lines.
                LibXML.appendText(of: node, preformatted: preDepth > 0 && assembler.kind == .code, into: &assembler)
                return false
            case XML_ENTITY_REF_NODE:
                LibXML.appendSafeEntityText(
                    node, preformatted: preDepth > 0 && assembler.kind == .code, budget: &entityBudget, into: &assembler
                )
                return false
            case XML_ELEMENT_NODE:
                break
            default:
                return false
            }
            let name = LibXML.lowercasedName(node)
            if name == "br" || name == "lb" {
                assembler.lineBreak()
                return false
            }
            let parent = frames.last
            let parentKind = parent?.kind ?? .paragraph
            let isInline =
                inlineNames.contains(name) || ((parent?.hasDirectText ?? false) && !blockNames.contains(name))
            let isSection = sectioningNames.contains(name)
            if isSection { sectionDepth += 1 }
            var frame = Frame(
                kind: parentKind, hasDirectText: hasDirectText(node), isBoundary: false, isSoftBoundary: false,
                isPreformatted: preformattedNames.contains(name), isRow: rowNames.contains(name),
                isSection: isSection)
            if !isInline { frame.kind = ownKind(name, sectionDepth: sectionDepth) ?? parentKind }
            if cellNames.contains(name) {
                assembler.cellBoundary()
            } else if !isInline {
                if rowDepth == 0 || frame.isRow || frame.isPreformatted || name == "table" || name == "informaltable" {
                    frame.isBoundary = true
                    assembler.startBlock(frame.kind)
                } else {
                    frame.isSoftBoundary = true
                    assembler.softBreak()
                }
            }
            if name == "title", title == nil {
                let text = LibXML.collapsedText(node)
                if !text.isEmpty { title = text }
            }
            if frame.isPreformatted { preDepth += 1 }
            if frame.isRow { rowDepth += 1 }
            frames.append(frame)
            return true
        } exit: { node in
            guard node.pointee.type == XML_ELEMENT_NODE, let frame = frames.popLast() else { return }
            if frame.isPreformatted { preDepth -= 1 }
            if frame.isRow { rowDepth -= 1 }
            if frame.isSection { sectionDepth -= 1 }
            if frame.isBoundary {
                assembler.startBlock(frames.last?.kind ?? .paragraph)
            } else if frame.isSoftBoundary {
                assembler.softBreak()
            }
        }
        assembler.flush()
        return Outcome(title: title, entityBudgetExhausted: entityBudget < 0)
    }

    static func ownKind(_ name: String, sectionDepth: Int) -> TextBlock.Kind? {
        if headingNames.contains(name) {
            if name.count == 2, name.hasPrefix("h"), let level = Int(name.dropFirst()) { return .heading(level: level) }
            return .heading(level: max(1, sectionDepth))
        }
        if preformattedNames.contains(name) { return .code }
        if listItemNames.contains(name) { return .listItem }
        if rowNames.contains(name) { return .tableRow }
        if quoteNames.contains(name) { return .quote }
        return nil
    }

    /// Whether the element has a child text node (or entity reference) that is not just whitespace.
    static func hasDirectText(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if LibXML.hasNonWhitespaceText(current) { return true }
            case XML_ENTITY_REF_NODE:
                return true
            default:
                break
            }
            child = current.pointee.next
        }
        return false
    }
}

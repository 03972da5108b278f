import RuminateCore

/// The block structure DOCX and ODT share: paragraphs (and headings) that may nest, as a text box's
/// paragraphs sit inside another paragraph, and table rows whose paragraphs and nested rows all join the
/// row's one `tableRow` block (line breaks between them, cells joined by the assembler).
struct RowAwareBlockStack {
    /// The kinds of the paragraphs being read, innermost last.
    private var paragraphKinds: [TextBlock.Kind] = []
    private var rowDepth = 0

    /// Whether the walk is inside a paragraph or heading (text elsewhere is indentation).
    var inParagraph: Bool { !paragraphKinds.isEmpty }

    mutating func enterParagraph(_ kind: TextBlock.Kind, into assembler: inout TextAssembler) {
        if rowDepth > 0 { assembler.softBreak() } else { assembler.startBlock(kind) }
        paragraphKinds.append(kind)
    }

    /// After a nested paragraph, the text continues in a block of the enclosing paragraph's kind.
    mutating func exitParagraph(into assembler: inout TextAssembler) {
        paragraphKinds.removeLast()
        if rowDepth > 0 { assembler.softBreak() } else { assembler.startBlock(paragraphKinds.last ?? .paragraph) }
    }

    mutating func enterRow(into assembler: inout TextAssembler) {
        if rowDepth > 0 { assembler.softBreak() } else { assembler.startBlock(.tableRow) }
        rowDepth += 1
    }

    mutating func exitRow(into assembler: inout TextAssembler) {
        rowDepth -= 1
        if rowDepth == 0 { assembler.startBlock(.paragraph) }
    }
}

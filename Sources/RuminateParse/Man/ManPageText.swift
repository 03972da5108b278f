import RuminateCore

/// Turns the output lines of a man page into blocks through `TextAssembler`, the way a terminal would
/// fill them: in fill mode lines join with a space (none after `\c`, none between two CJK characters, as
/// roff's source lines break inside Chinese words), in no-fill mode (`.nf`, `.EX`) they stay lines of a
/// code block, with the indentation its lines share removed. A `.TP` item's tag and body share one
/// list-item block.
struct ManPageText {
    private var assembler = TextAssembler()
    private(set) var fill = true
    private var kind: TextBlock.Kind = .paragraph
    private var lastScalar: Unicode.Scalar?
    private var joinNext = false
    private var forceSpace = false
    private var awaitingTag = false
    private var awaitingHeading: Int?
    /// Output lines so far (the link macros check whether a link had text).
    private(set) var lineCount = 0
    /// The lines of the code block being collected; the last one is still open after a `\c`.
    private var codeLines: [String] = []
    private var codeLineOpen = false

    // MARK: - Text

    /// One output line (a text line, or what a font macro printed).
    mutating func line(_ text: RoffText) {
        if let level = awaitingHeading {
            guard !text.isBlank else { return }
            awaitingHeading = nil
            heading(level: level, String(scalars: text.scalars))
            return
        }
        lineCount += 1
        guard fill else {
            if codeLineOpen, let last = codeLines.popLast() {
                codeLines.append(last + text.string)
            } else {
                codeLines.append(text.string)
            }
            codeLineOpen = text.continues
            return
        }
        guard !text.isBlank else {
            joinNext = joinNext || text.continues
            return
        }
        if assembler.hasPendingContent, !joinNext {
            let bothUnspaced =
                lastScalar?.isWrittenWithoutSpaces == true && text.scalars.first?.isWrittenWithoutSpaces == true
            if forceSpace || !bothUnspaced { assembler.softBreak() }
        }
        assembler.appendInline(text.string)
        lastScalar = text.scalars.last
        joinNext = text.continues
        forceSpace = false
        if awaitingTag {
            // The body follows the tag after a space, whatever the script.
            awaitingTag = false
            forceSpace = true
        }
    }

    /// `.br`, `.in`, a text line starting with a blank: the next line starts after a space (even in CJK).
    mutating func lineBreak() {
        if fill {
            forceSpace = true
            joinNext = false
        } else {
            codeLineOpen = false
        }
    }

    /// `.sp` or a blank line: a new block in fill mode (of the same kind, so an item's second paragraph
    /// stays in the list), an empty line in a code block.
    mutating func blankLine() {
        guard fill else {
            codeLines.append("")
            codeLineOpen = false
            return
        }
        let next: TextBlock.Kind = kind == .listItem ? .listItem : .paragraph
        start(next)
    }

    // MARK: - Blocks

    /// Ends the current block; the next text starts a block of `kind` (a code block while in no-fill mode).
    mutating func start(_ kind: TextBlock.Kind) {
        flushCode()
        self.kind = fill ? kind : .code
        assembler.startBlock(self.kind)
        lastScalar = nil
        joinNext = false
        forceSpace = false
        awaitingTag = false
        awaitingHeading = nil
    }

    /// `.TP`: a list item whose next output line is its tag.
    mutating func startTaggedItem() {
        start(.listItem)
        awaitingTag = true
    }

    /// `.TQ`: one more tag for the item, after a comma.
    mutating func additionalTag() {
        guard !awaitingTag, kind == .listItem, assembler.hasPendingContent else { return }
        assembler.appendInline(",")
        lastScalar = ","
        forceSpace = true
        awaitingTag = true
    }

    mutating func heading(level: Int, _ text: String) {
        flushCode()
        fill = true
        assembler.addBlock(.heading(level: level), text)
        start(.paragraph)
    }

    /// `.SH` without arguments: the next output line is the heading.
    mutating func awaitHeading(level: Int) {
        fill = true
        start(.paragraph)
        awaitingHeading = level
    }

    /// `.nf`/`.EX` (false) and `.fi`/`.EE` (true).
    mutating func setFill(_ filled: Bool) {
        guard filled != fill else { return }
        fill = filled
        start(filled ? .paragraph : .code)
    }

    /// A row of a tbl table, its cells already formatted.
    mutating func tableRow(_ cells: [String]) {
        guard cells.contains(where: { !$0.trimmingSpaces.isEmpty }) else { return }
        let resume = kind
        flushCode()
        assembler.startBlock(.tableRow)
        for cell in cells {
            assembler.cellBoundary()
            assembler.appendInline(cell)
        }
        start(resume)
    }

    mutating func finish() -> (text: String, blocks: [TextBlock]) {
        flushCode()
        return assembler.finish()
    }

    /// Hands the collected code lines to the assembler without the indentation they all share (pod2man
    /// indents every verbatim line), so the block starts with text.
    private mutating func flushCode() {
        defer {
            codeLines.removeAll()
            codeLineOpen = false
        }
        guard codeLines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { return }
        let lines = codeLines.drop(while: { $0.allSatisfy(\.isWhitespace) })
        let shared =
            lines.filter { !$0.allSatisfy(\.isWhitespace) }
            .map { $0.prefix(while: { $0 == " " || $0 == "\t" }).count }.min() ?? 0
        var dedented = lines.map {
            String($0.dropFirst(min(shared, $0.prefix(while: { $0 == " " || $0 == "\t" }).count)))
        }
        // The first line may be indented deeper than the rest: a block never starts with blanks.
        dedented[dedented.startIndex] = String(dedented[dedented.startIndex].drop(while: { $0 == " " || $0 == "\t" }))
        assembler.appendPreformatted(dedented.joined(separator: "\n"))
    }
}

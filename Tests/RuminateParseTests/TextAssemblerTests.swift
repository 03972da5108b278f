import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct TextAssemblerTests {
    @Test func collapsesWhitespaceAndJoinsBlocksWithABlankLine() {
        var assembler = TextAssembler()
        assembler.startBlock(.heading(level: 1))
        assembler.appendInline("  Deep\n\t research  ")
        assembler.startBlock(.paragraph)
        assembler.appendInline("first ")
        assembler.appendInline("   second\n\nthird ")
        let (text, blocks) = assembler.finish()
        #expect(text == "Deep research\n\nfirst second third")
        #expect(
            blocks == [
                TextBlock(kind: .heading(level: 1), span: SourceSpan(start: 0, end: 13)),
                TextBlock(kind: .paragraph, span: SourceSpan(start: 15, end: 33)),
            ])
    }

    @Test func spansCountUnicodeScalarsAndUnicodeSpacesCollapse() {
        var assembler = TextAssembler()
        assembler.addBlock(.paragraph, "深度\u{3000}研究 👩‍💻")
        assembler.addBlock(.paragraph, "café\u{A0}\u{A0}noir")
        let (text, blocks) = assembler.finish()
        #expect(text == "深度 研究 👩‍💻\n\ncafé noir")
        #expect(text.slice(blocks[1].span) == "café noir")
        // 深 度 ␠ 研 究 ␠ 👩 ZWJ 💻 = 9 scalars, then "\n\n".
        #expect(blocks[1].span == SourceSpan(start: 11, end: 20))
    }

    @Test func preformattedKeepsLinesButTrimsBlankEdges() {
        var assembler = TextAssembler()
        assembler.startBlock(.code)
        assembler.appendPreformatted("\n\n    indented()\r\n  next\n\n  \n")
        let (text, blocks) = assembler.finish()
        #expect(text == "    indented()\n  next")
        #expect(blocks.map(\.kind) == [.code])
    }

    @Test func cellsAreJoinedWithPipesAndEmptyCellsVanish() {
        var assembler = TextAssembler()
        assembler.startBlock(.tableRow)
        for cell in ["  Name ", "", "Value", " \n "] {
            assembler.cellBoundary()
            assembler.appendInline(cell)
        }
        #expect(assembler.finish().text == "Name | Value")
    }

    @Test func emptyBlocksAndControlCharactersLeaveNoTrace() {
        var assembler = TextAssembler()
        assembler.addBlock(.paragraph, "   \n ")
        assembler.addBlock(.paragraph, "bell\u{07}\u{00}ed")
        assembler.addBlock(.quote, "")
        let (text, blocks) = assembler.finish()
        #expect(text == "belled")
        #expect(blocks.count == 1)
    }
}

import RuminateCore
import Testing

@testable import RuminateParse

/// How pdftotext's pages become paragraphs (the rules on text as pdftotext prints it).
@Suite struct PDFTextLayoutTests {
    func blocks(_ pages: [String], firstLineIsHeading: Bool = false) -> (
        blocks: [(page: Int?, kind: TextBlock.Kind, text: String)], firstLine: String?
    ) {
        var layout = PDFTextLayout(pages: pages)
        layout.firstLineIsHeading = firstLineIsHeading
        let (text, blocks, firstLine) = layout.assemble()
        return (blocks.map { ($0.page, $0.kind, text.slice($0.span)) }, firstLine)
    }

    @Test func hyphenatedLineEndsAreJoinedWhenTheWordGoesOnInLowercase() {
        #expect(PDFTextLayout.join(["an exam-", "ple of it"]) == "an example of it")
        #expect(PDFTextLayout.join(["an exam\u{2010}", "ple"]) == "an example", "U+2010 HYPHEN")
        #expect(PDFTextLayout.join(["an exam\u{AD}", "ple"]) == "an example", "a soft hyphen always joins")
        #expect(
            PDFTextLayout.join(["the Franco-", "Prussian war"]) == "the Franco- Prussian war",
            "capital: a compound, kept")
        #expect(PDFTextLayout.join(["pages 10-", "12 and more"]) == "pages 10- 12 and more", "not a word")
        #expect(PDFTextLayout.join(["a dash -", "then more"]) == "a dash - then more", "a dash after a space")
        #expect(PDFTextLayout.join(["  lines  of   a ", " paragraph "]) == "lines of a paragraph")
    }

    @Test(arguments: ["7", "- 7 -", "-7-", "– 12 –", "Page 3", "page 3 of 40", "3 of 40", "12/40", "xii", "  iv  "])
    func lonePageNumbersAreRecognised(_ line: String) {
        #expect(PDFTextLayout.isPageNumber(line[...]))
    }

    @Test(arguments: ["Chapter 7", "12345", "7.", "See page 3", "mix", "civil", "ill", "3 of many", "Figure 2", ""])
    func otherLinesAreNotPageNumbers(_ line: String) {
        #expect(!PDFTextLayout.isPageNumber(line[...]))
    }

    @Test func pageNumbersGoOnlyAtTheTopOrBottomOfAPage() {
        let result = blocks(["12\n\nThe text of the page.\n\n13\n", "\n- 14 -\nMore text.\n7\nEnd of it.\n\nxiv\n\n"])
        #expect(result.blocks.map(\.text) == ["The text of the page.", "More text. 7 End of it."])
        #expect(result.blocks.map(\.page) == [1, 2])
    }

    @Test func emptyPagesKeepTheCountingRight() {
        let result = blocks(["First page.", "", "  \n\n", "Fourth page."])
        #expect(result.blocks.map(\.page) == [1, 4])
    }

    @Test func aParagraphEndsAtAShortSentenceEndBeforeACapital() {
        let flow = """
            The first paragraph runs over several lines of about
            the same length as one another, as a column does
            and then it stops.
            The second one starts with a capital and goes on for
            a while, then ends in a short line
            without a full stop
            and goes on in lowercase.
            """
        #expect(
            blocks([flow]).blocks.map(\.text) == [
                "The first paragraph runs over several lines of about the same length as one another, as a column does and then it stops.",
                "The second one starts with a capital and goes on for a while, then ends in a short line without a full stop and goes on in lowercase.",
            ])
    }

    @Test func aLongLineJoinedAtAHyphenIsMeasuredByItsLastPart() {
        // pdftotext wrote "…abandoned." as one line: a hyphenated line and the short last line of the paragraph.
        let flow = """
            Oxbow lakes form when a meander loop is
            cut off during a flood and the old channel is abandoned.
            Levees are natural embankments built up
            by repeated flooding of the river banks.
            """
        #expect(blocks([flow]).blocks.map(\.text).count == 2)
    }

    @Test func theFirstLineIsTheTitleAndAHeadingOnlyWhenAsked() {
        let page = "Field Notes\n\nBody text here.\n"
        let asHeading = blocks([page], firstLineIsHeading: true)
        #expect(asHeading.firstLine == "Field Notes")
        #expect(asHeading.blocks.map(\.kind) == [.heading(level: 1), .paragraph])
        let plain = blocks([page])
        #expect(plain.firstLine == "Field Notes")
        #expect(plain.blocks.map(\.kind) == [.paragraph, .paragraph])
        let joined = blocks(["Field Notes\nBody text right below.\n"], firstLineIsHeading: true)
        #expect(joined.firstLine == "Field Notes")
        #expect(
            joined.blocks.map(\.kind) == [.paragraph], "a first line with text right below it stays in its paragraph")
        let long = blocks([String(repeating: "word ", count: 40)], firstLineIsHeading: true)
        #expect(long.firstLine == nil)
        #expect(blocks(["", "\n\nSecond page first.\n"], firstLineIsHeading: true).blocks.map(\.page) == [2])
    }

    @Test func placeholderTitlesAreIgnored() {
        #expect(PDFParser.usableTitle("  Field   Notes ") == "Field Notes")
        for placeholder in [nil, "", "   ", "untitled", "Microsoft Word - report.docx", "thesis.tex", "scan0001.pdf"] {
            #expect(PDFParser.usableTitle(placeholder) == nil, "\(placeholder ?? "nil")")
        }
    }

    @Test func pdftotextOutputIsReadWithItsHeadAndWholePages() throws {
        let complete = PDFTextOutput(
            Array(
                """
                <!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">
                <head>
                <title>Tom &amp; Jerry &lt;3</title>
                <meta name="Author" content="A. &quot;Writer&quot;"/>
                <meta name="Creator" content="groff"/>
                </head>
                <body>
                <pre>
                One < two & three\u{0C}Page two\u{0C}</pre>
                </body>
                </html>

                """.utf8))
        let output = try #require(complete)
        #expect(output.title == "Tom & Jerry <3")
        #expect(output.metadata == ["author": "A. \"Writer\""])
        #expect(output.pages == ["One < two & three", "Page two"])
        let cut = try #require(
            PDFTextOutput(Array("<html><head><title></title></head>\n<body>\n<pre>\nwhole\u{0C}half a pa".utf8)))
        #expect(cut.pages == ["whole"], "a page cut short is dropped")
        #expect(cut.title == "")
        #expect(PDFTextOutput(Array("no header at all".utf8)) == nil)
    }
}

import RuminateCore
import Testing

@testable import RuminateParse

/// EPUB, DOCX and ODT: the pandoc-made fixtures (`Fixtures/containers`, see its README) and small
/// containers built byte by byte (`TestZip`) for the structure rules each format has.
@Suite struct ContainerParserTests {
    static let fixtureNames = ["field-guide.docx", "field-guide.odt", "field-guide.epub"]

    func parse(_ bytes: [UInt8], as format: DocumentFormat, limits: ParseLimits = .init()) throws -> ParseResult {
        try ParserRegistry(limits: limits).parse(bytes, format: format, sourceName: "test.\(format.rawValue)")
    }

    /// What all three fixtures hold (pandoc renders the same Markdown), up to the footnote.
    static let sharedOutline: [Outline] = [
        Outline(.heading(level: 1), "A Field Guide to Lichens"),
        Outline(.paragraph, "Ada Moss"),
        Outline(.heading(level: 1), "Crustose Lichens"),
        Outline(.paragraph, "Crustose lichens form a crust that clings tightly to rock and bark."),
        Outline(.heading(level: 2), "Where They Grow"),
        Outline(.paragraph, "They thrive on sunlit granite, old gravestones and the bark of oak."),
        Outline(.listItem, "Map lichen on granite"),
        Outline(.listItem, "Script lichen on hazel bark"),
        Outline(.listItem, "Sunburst lichen on coastal rocks"),
        Outline(.heading(level: 1), "Foliose Lichens"),
    ]
    static let sharedTable: [Outline] = [
        Outline(.listItem, "Find a damp north-facing wall"),
        Outline(.listItem, "Look for grey-green lobes"),
        Outline(.tableRow, "Species | Colour | Habitat"),
        Outline(.tableRow, "Parmelia | grey | oak bark"),
        Outline(.tableRow, "Xanthoria | orange | coastal rock"),
    ]

    // MARK: - Real files

    @Test(arguments: ["field-guide.docx", "field-guide.odt"])
    func officeFixturesGiveHeadingsParagraphsListsTablesAndNotesInOrder(name: String) throws {
        let format: DocumentFormat = name.hasSuffix("docx") ? .docx : .odt
        let result = try parse(try Fixture.bytes("containers/\(name)"), as: format)
        let document = try #require(result.documents.first)
        let expected =
            Self.sharedOutline
            + [Outline(.paragraph, "Foliose lichens have leaf-like lobes that lift from the surface.")]
            + Self.sharedTable + [Outline(.paragraph, "The lobes are called thalli.")]
        #expect(document.outline == expected)
        #expect(result.warnings.isEmpty)
        expectBlockInvariants(document)
    }

    @Test func epubFixtureReadsTheSpineInOrderWithChaptersAsLevelOneHeadings() throws {
        let result = try parse(try Fixture.bytes("containers/field-guide.epub"), as: .epub)
        #expect(result.documents.count == 1)
        let document = try #require(result.documents.first)
        // The footnote reference mark and back link are visible text of pandoc's XHTML.
        let expected =
            Self.sharedOutline
            + [Outline(.paragraph, "Foliose lichens have leaf-like lobes that lift from the surface.1")]
            + Self.sharedTable + [Outline(.listItem, "The lobes are called thalli.↩︎")]
        #expect(document.outline == expected)
        #expect(result.warnings.isEmpty)
        expectBlockInvariants(document)
    }

    @Test(arguments: fixtureNames)
    func metadataGivesTitleAuthorAndLanguage(name: String) throws {
        let format = try #require(FormatDetector.formatFromExtension(name))
        let document = try #require(try parse(try Fixture.bytes("containers/\(name)"), as: format).documents.first)
        #expect(document.title == "A Field Guide to Lichens")
        #expect(document.metadata["author"] == "Ada Moss")
        #expect(document.metadata["lang"] == "en-GB")
    }

    @Test(arguments: fixtureNames)
    func formatIsDetectedByContentWithoutAnExtension(name: String) throws {
        let bytes = try Fixture.bytes("containers/\(name)")
        let expected = try #require(FormatDetector.formatFromExtension(name))
        #expect(FormatDetector.detect(path: name, head: Array(bytes.prefix(4096))) == expected)
        #expect(FormatDetector.detect(path: "download", head: Array(bytes.prefix(4096))) == expected)
        #expect(FormatDetector.detect(path: "archive.zip", head: Array(bytes.prefix(4096))) == expected)
        #expect(ZipSniffer.sniff(Array(bytes.prefix(4096))) == expected)
    }

    @Test func otherZipsAreNotDocuments() {
        let plainZip = TestZip.make([TestZip.Member("notes.txt", "hello")])
        #expect(FormatDetector.detect(path: "notes.zip", head: plainZip) == nil)
        let spreadsheet = TestZip.make([
            TestZip.Member("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            TestZip.Member("content.xml", "<x/>"),
        ])
        #expect(FormatDetector.detect(path: "sheet", head: spreadsheet) == nil)
        let workbook = TestZip.make([
            TestZip.Member(
                "[Content_Types].xml",
                "<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"
            ),
            TestZip.Member("xl/workbook.xml", "<workbook/>"),
        ])
        #expect(FormatDetector.detect(path: "book", head: workbook) == nil)
        // DOCX recognised by its parts alone, when [Content_Types].xml says nothing useful.
        let bareDocx = TestZip.make([
            TestZip.Member("[Content_Types].xml", "<Types/>"), TestZip.Member("word/document.xml", "<d/>"),
        ])
        #expect(FormatDetector.detect(path: "bare", head: bareDocx) == .docx)
    }

    @Test func zipContentWinsOverAWrongExtension() throws {
        let odt = try Fixture.bytes("containers/field-guide.odt")
        #expect(FormatDetector.detect(path: "misnamed.docx", head: Array(odt.prefix(4096))) == .odt)
        let plainZip = TestZip.make([TestZip.Member("notes.txt", "hello")])
        #expect(FormatDetector.detect(path: "unknown-content.epub", head: plainZip) == .epub)
    }

    // MARK: - DOCX rules

    @Test func docxHeadingLevelsComeFromStyleNamesOutlineLevelsAndBasedOn() throws {
        let styles = """
            <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Chapter Part"/><w:basedOn w:val="Heading2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="berschrift1"/>\
            <w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Bullets"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
            """
        func paragraph(_ properties: String, _ text: String) -> String {
            "<w:p><w:pPr>\(properties)</w:pPr><w:r><w:t>\(text)</w:t></w:r></w:p>"
        }
        let body = [
            paragraph("<w:pStyle w:val=\"berschrift1\"/>", "German heading"),
            paragraph("<w:pStyle w:val=\"Custom\"/>", "Based on heading 2"),
            paragraph("<w:pStyle w:val=\"TOCHeading\"/>", "Contents"),
            paragraph("<w:outlineLvl w:val=\"2\"/>", "Direct outline level"),
            paragraph("<w:pStyle w:val=\"Bullets\"/>", "Styled bullet"),
            paragraph("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"7\"/></w:numPr>", "Numbered"),
            paragraph(
                "<w:pStyle w:val=\"Bullets\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr>", "Numbering switched off"),
            paragraph("<w:pStyle w:val=\"Heading5\"/>", "Style missing from styles.xml"),
        ].joined()
        let document = try #require(try parse(TestZip.docx(body: body, styles: styles), as: .docx).documents.first)
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "German heading"), Outline(.heading(level: 2), "Based on heading 2"),
                Outline(.paragraph, "Contents"), Outline(.heading(level: 3), "Direct outline level"),
                Outline(.listItem, "Styled bullet"), Outline(.listItem, "Numbered"),
                Outline(.paragraph, "Numbering switched off"),
                Outline(.heading(level: 5), "Style missing from styles.xml"),
            ])
        #expect(document.title == "German heading")
    }

    @Test func docxRunsJoinWithTabsAndBreaksAndSkipDeletedFieldAndFallbackText() throws {
        let body = """
            <w:p><w:r><w:t xml:space="preserve">Left </w:t></w:r><w:r><w:t>half</w:t><w:tab/><w:t>after tab</w:t>\
            <w:br/><w:t>next line</w:t></w:r></w:p>
            <w:p><w:ins><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins><w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del>\
            <w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:hyperlink><w:r><w:t>link text</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> </w:t></w:r>\
            <w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking</w:t></w:r></w:p>
            <w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><mc:AlternateContent>\
            <mc:Choice Requires="wps"><w:t>box text</w:t></mc:Choice><mc:Fallback><w:t>FALLBACK COPY</w:t></mc:Fallback>\
            </mc:AlternateContent></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>first para</w:t></w:r></w:p><w:p><w:r><w:t>second para</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            """
        let document = try #require(try parse(TestZip.docx(body: body), as: .docx).documents.first)
        #expect(
            document.outline == [
                Outline(.paragraph, "Left half after tab next line"),
                Outline(.paragraph, "inserted link text non-breaking"),
                Outline(.paragraph, "box text"),
                Outline(.tableRow, "first para second para | cell two"),
            ])
        expectBlockInvariants(document)
    }

    @Test func docxMainPartFollowsThePackageRelationshipsAndNotesComeLast() throws {
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="/word/document2.xml"/></Relationships>
            """
        let footnotes = """
            <w:footnotes \(TestZip.wordNamespace)><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>SEPARATOR</w:t></w:r></w:p></w:footnote>\
            <w:footnote w:id="1"><w:p><w:r><w:t>A real footnote.</w:t></w:r></w:p></w:footnote></w:footnotes>
            """
        let bytes = TestZip.make([
            TestZip.Member("_rels/.rels", rels),
            TestZip.Member(
                "word/document.xml",
                "<w:document \(TestZip.wordNamespace)><w:body><w:p><w:r><w:t>STALE PART</w:t></w:r></w:p></w:body></w:document>"
            ),
            TestZip.Member(
                "word/document2.xml",
                "<w:document \(TestZip.wordNamespace)><w:body><w:p><w:r><w:t>Live part.</w:t></w:r></w:p></w:body></w:document>"
            ),
            TestZip.Member("word/footnotes.xml", footnotes),
        ])
        let document = try #require(try parse(bytes, as: .docx).documents.first)
        #expect(document.blockTexts == ["Live part.", "A real footnote."])
        #expect(document.title == nil)
    }

    // MARK: - ODT rules

    @Test func odtSpacesTabsBreaksListsTablesStylesAndNotes() throws {
        let text = """
            <text:p text:style-name="P1">The Title</text:p>
            <text:h text:outline-level="3">Deep <text:span>heading</text:span></text:h>
            <text:p>one<text:s text:c="4"/>two<text:tab/>three<text:line-break/>four\
            <text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>\
            <text:note-body><text:p>The note.</text:p></text:note-body></text:note> five</text:p>
            <text:p>seen<office:annotation><text:p>COMMENT</text:p></office:annotation></text:p>
            <text:list><text:list-item><text:p>outer item</text:p><text:list><text:list-item><text:p>inner item</text:p>\
            </text:list-item></text:list></text:list-item></text:list>
            <text:table-of-content><text:index-body><text:p>TOC ENTRY</text:p></text:index-body></text:table-of-content>
            <table:table><table:table-row><table:table-cell><text:p>a</text:p><text:p>b</text:p></table:table-cell>\
            <table:covered-table-cell/><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>
            <text:p>caption<draw:frame><svg:title>DRAWING TITLE</svg:title></draw:frame></text:p>
            <text:p text:style-name="Heading_20_2">Styled heading</text:p>
            """
        let styles = "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Title\"/>"
        let document = try #require(
            try parse(TestZip.odt(text: text, automaticStyles: styles), as: .odt).documents.first)
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "The Title"), Outline(.heading(level: 3), "Deep heading"),
                Outline(.paragraph, "one two three four five"), Outline(.paragraph, "seen"),
                Outline(.listItem, "outer item"), Outline(.listItem, "inner item"), Outline(.tableRow, "a b | c"),
                Outline(.paragraph, "caption"), Outline(.heading(level: 2), "Styled heading"),
                Outline(.paragraph, "The note."),
            ])
        #expect(document.title == "The Title")
        expectBlockInvariants(document)
    }

    @Test func odtTitleAndAuthorComeFromMeta() throws {
        let bytes = TestZip.odt(
            text: "<text:p>Body.</text:p>", meta: "<dc:title>Meta Title</dc:title><dc:creator>Ann Author</dc:creator>")
        let document = try #require(try parse(bytes, as: .odt).documents.first)
        #expect(document.title == "Meta Title")
        #expect(document.metadata["author"] == "Ann Author")
    }

    // MARK: - EPUB rules

    @Test func epubChaptersTakeTheirOwnHeadingOrTheirNavTitle() throws {
        let opf = """
            <metadata><dc:title>Book</dc:title><dc:creator>One</dc:creator><dc:creator>Two</dc:creator></metadata>
            <manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
            <item id="a" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
            <item id="b" href="text/b.xhtml" media-type="application/xhtml+xml"/>
            <item id="img" href="cover.png" media-type="image/png"/></manifest>
            <spine><itemref idref="b"/><itemref idref="img"/><itemref idref="a" linear="no"/><itemref idref="b"/></spine>
            """
        let nav = TestZip.xhtml(
            """
            <nav xmlns:epub="http://www.idpf.org/2007/ops" epub:type="toc"><ol><li><a href="text/chapter%201.xhtml#start">Opening Chapter</a></li>\
            <li><a href="text/b.xhtml">Ignored Label</a></li></ol></nav>
            """)
        let bytes = TestZip.epub(
            opf: opf,
            files: [
                TestZip.Member("OEBPS/nav.xhtml", nav),
                TestZip.Member(
                    "OEBPS/text/chapter 1.xhtml", TestZip.xhtml("<p>No heading here.</p><h3>Deeper</h3><p>x</p>")),
                TestZip.Member(
                    "OEBPS/text/b.xhtml", TestZip.xhtml("<h2>Own Heading</h2><p>First.</p><h4>Sub</h4><h5>Subsub</h5>")),
                TestZip.Member("OEBPS/cover.png", bytes: [0x89, 0x50, 0x4E, 0x47]),
            ])
        let result = try parse(bytes, as: .epub)
        let document = try #require(result.documents.first)
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Own Heading"), Outline(.paragraph, "First."),
                Outline(.heading(level: 2), "Sub"),
                Outline(.heading(level: 3), "Subsub"), Outline(.heading(level: 1), "Opening Chapter"),
                Outline(.paragraph, "No heading here."), Outline(.heading(level: 2), "Deeper"),
                Outline(.paragraph, "x"),
            ])
        #expect(document.title == "Book")
        #expect(document.metadata["author"] == "One, Two")
        #expect(result.warnings.contains { $0.contains("cover.png") && $0.contains("not XHTML") })
        expectBlockInvariants(document)
    }

    @Test func epub2NCXTitlesAndTagSoupChapters() throws {
        let opf = """
            <metadata><dc:title>Old Book</dc:title></metadata>
            <manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
            <item id="c" href="c.html" media-type="application/xhtml+xml"/></manifest>
            <spine toc="ncx"><itemref idref="c"/></spine>
            """
        let ncx = """
            <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="p"><navLabel><text>From the NCX</text></navLabel>\
            <content src="c.html"/></navPoint></navMap></ncx>
            """
        // Not well-formed XML (an HTML entity without a DTD, an unclosed <p>): read by the HTML parser.
        let soup = "<html><body><p>caf&eacute;&nbsp;noir<p>second</body></html>"
        let bytes = TestZip.epub(
            opf: opf, files: [TestZip.Member("OEBPS/toc.ncx", ncx), TestZip.Member("OEBPS/c.html", soup)])
        let document = try #require(try parse(bytes, as: .epub).documents.first)
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "From the NCX"), Outline(.paragraph, "café noir"),
                Outline(.paragraph, "second"),
            ])
    }

    @Test(arguments: [
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">",
        "<!DOCTYPE html>", "",
    ])
    func epubChaptersKeepHTMLNamedEntitiesWhateverTheDoctype(doctype: String) throws {
        // The XHTML DTD is never loaded, so the XML parser cannot know `&eacute;`: such a chapter is read as HTML.
        let opf =
            "<manifest><item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"c\"/></spine>"
        let chapter = TestZip.xhtml("<p>caf&eacute;&nbsp;noir &amp; &#233;t&#xE9; &mdash; x</p>", prologue: doctype)
        let bytes = TestZip.epub(opf: opf, files: [TestZip.Member("OEBPS/c.xhtml", chapter)])
        let document = try #require(try parse(bytes, as: .epub).documents.first)
        #expect(document.text == "café noir & été — x")
    }

    @Test func archivePathsResolveOnlyInsideTheArchive() {
        #expect(ArchivePath.resolve("ch1.xhtml#frag", from: "OEBPS/") == "OEBPS/ch1.xhtml")
        #expect(ArchivePath.resolve("../images/a%20b.png", from: "OEBPS/text/") == "OEBPS/images/a b.png")
        #expect(ArchivePath.resolve("./x/../y.xhtml", from: "") == "y.xhtml")
        #expect(ArchivePath.resolve("../../etc/passwd", from: "OEBPS/") == nil)
        #expect(ArchivePath.resolve("..%2F..%2Fetc%2Fpasswd", from: "OEBPS/") == nil)
        #expect(ArchivePath.resolve("/etc/passwd", from: "OEBPS/") == nil)
        #expect(ArchivePath.resolve("file:///etc/passwd", from: "") == nil)
        #expect(ArchivePath.resolve("C:/Windows/win.ini", from: "") == nil)
        #expect(ArchivePath.resolve("#only-a-fragment", from: "OEBPS/") == nil)
    }

    @Test(arguments: [DocumentFormat.epub, .docx, .odt])
    func registryHasAParserAndEmptyFilesGiveEmptyDocuments(format: DocumentFormat) throws {
        let result = try parse([], as: format)
        #expect(result.documents.count == 1 && result.documents[0].text.isEmpty)
        #expect(result.warnings.contains { $0.contains("empty") })
    }
}

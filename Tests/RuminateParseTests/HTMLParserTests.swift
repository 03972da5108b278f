import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct HTMLParserTests {
    func parse(_ html: String) throws -> ParseResult {
        try HTMLParser(limits: .init()).parse(Array(html.utf8), sourceName: "t.html")
    }

    @Test func documentationPageKeepsContentAndDropsChrome() throws {
        let result = try Fixture.parse("docs-page.html", as: .html)
        let document = try #require(result.documents.first)
        #expect(result.warnings.isEmpty)
        #expect(document.title == "Connection pooling — Quarry 3 documentation")
        #expect(
            document.metadata == ["lang": "en", "description": "How to configure the connection pool in Quarry 3."])
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Connection pooling"),
                Outline(
                    .paragraph,
                    "Quarry keeps a pool of open connections so that each query does not pay for a new TCP handshake. The pool is created the first time you call Quarry.connect() and is shared by every session in the process."
                ),
                Outline(.heading(level: 2), "Sizing the pool"),
                Outline(
                    .paragraph,
                    "The default size is 10 connections. Raise it when many requests wait for a connection; lower it when the database limits clients."
                ),
                Outline(.tableRow, "Option | Default | Meaning"),
                Outline(.tableRow, "pool_size | 10 | Connections kept open."),
                Outline(.tableRow, "max_overflow | 5 | Extra connections allowed under load."),
                Outline(.tableRow, "timeout | 30 s | How long to wait for a free connection."),
                Outline(.heading(level: 2), "Example"),
                Outline(
                    .code,
                    "from quarry import connect\n\nengine = connect(\"postgres://db/app\", pool_size=20)\nwith engine.session() as s:\n    s.run(\"SELECT 1\")"
                ),
                Outline(.paragraph, "Note"),
                Outline(.paragraph, "Connections are checked with a SELECT 1 ping before reuse."),
                Outline(.quote, "Pools are per process: forked workers must create their own."),
                Outline(.heading(level: 3), "Troubleshooting"),
                Outline(.listItem, "Timeouts under load: raise pool_size."),
                Outline(.listItem, "Too many clients: lower max_overflow, or use a proxy."),
                Outline(.paragraph, "© 2024 Quarry contributors."),
            ])
        for hidden in ["dataLayer", "font-family", "Getting started", "Blog", "Search", "Enable JavaScript", "¶"] {
            #expect(!document.text.contains(hidden), "\(hidden) should not be in the text")
        }
        expectBlockInvariants(document)
    }

    @Test func brokenPageStillSplitsMisnestedHeadingsFromParagraphs() throws {
        let result = try Fixture.parse("broken-page.html", as: .html)
        let document = try #require(result.documents.first)
        #expect(document.title == "Field notes: river survey")
        #expect(
            document.outline == [
                Outline(.paragraph, "Survey started at the north bridge. Water level was low"),
                Outline(.heading(level: 2), "Upstream stations"),
                Outline(.paragraph, "Station A: clear water, fast current"),
                Outline(.paragraph, "Station B: silt on the banks"),
                Outline(.paragraph, "Weather mild"),
                Outline(.listItem, "Samples taken: 12"),
                Outline(.listItem, "Photos: 40"),
                Outline(.tableRow, "Station | Depth (m)"),
                Outline(.tableRow, "A | 1.2"),
                Outline(.tableRow, "B | 0.8"),
                Outline(.paragraph, "End of notes & strange markup"),
            ])
        expectBlockInvariants(document)
    }

    @Test func latin1PageDecodesThroughItsMetaCharset() throws {
        let document = try #require(try Fixture.parse("latin1.html", as: .html).documents.first)
        #expect(document.title == "Café")
        #expect(document.text == "Le café est servi à la terrasse.")
        expectBlockInvariants(document)
    }

    @Test func titleFallsBackToFirstH1AndSVGTitlesAreIgnored() throws {
        let document = try parse("<body><svg><title>icon</title></svg><h2>Sub</h2><h1>Main <em>Title</em></h1><p>x</p>")
            .documents[0]
        #expect(document.title == "Main Title")
        #expect(document.blockTexts == ["Sub", "Main Title", "x"])
        #expect(try parse("<p>no headings</p>").documents[0].title == nil)
    }

    @Test func hiddenElementsAndInlineStylesAreSkipped() throws {
        let document = try parse(
            """
            <p>shown</p><p style="display: none">styled away</p><div aria-hidden="TRUE">aria</div>
            <span hidden>attr</span><template><p>tpl</p></template><iframe>frame</iframe>
            <p>a<br>b<img alt="image alt">c</p>
            """
        ).documents[0]
        #expect(document.blockTexts == ["shown", "a bc"])
    }

    @Test func tableCellsWithBlocksStayOneRowAndNestedTablesSplit() throws {
        let document = try parse(
            """
            <table><tr><th>Key</th><td><p>first para</p><p>second</p><ul><li>x</li></ul></td><td></td><td>last</td></tr>
            <tr><td>outer<table><tr><td>inner</td><td>row</td></tr></table>after</td></tr></table>
            """
        ).documents[0]
        #expect(
            document.outline == [
                Outline(.tableRow, "Key | first para second x | last"),
                Outline(.tableRow, "outer"),
                Outline(.tableRow, "inner | row"),
                Outline(.tableRow, "after"),
            ])
        expectBlockInvariants(document)
    }

    @Test func preKeepsLinesAndInheritsKindsInsideLists() throws {
        let document = try parse(
            "<ul><li>step<pre>\n  a\n    b\n</pre>tail</li></ul><blockquote><p>q1</p><h4>qh</h4></blockquote>"
        ).documents[0]
        #expect(
            document.outline == [
                Outline(.listItem, "step"),
                Outline(.code, "  a\n    b"),
                Outline(.listItem, "tail"),
                Outline(.quote, "q1"),
                Outline(.heading(level: 4), "qh"),
            ])
    }

    /// Pages without `<h2>`s (SQLite's limits.html) title their sections with a bold-only paragraph: it becomes
    /// a heading one level below the last real one. Bold inside a sentence, a bold sentence, or a bold cell does not.
    @Test func aBoldOnlyParagraphTitlesASection() throws {
        let document = try parse(
            """
            <h1>Limits In SQLite</h1><p>Intro.</p>
            <ol><li><p><b>Maximum Number Of Columns</b></p><p>The default setting is 2000.</p></li>
            <li><p> <strong>Maximum Length Of <a href="#x">A Statement</a></strong> <!-- c --> </p><p>One million.</p></li></ol>
            <p><b>Note:</b> bold inside a sentence.</p><p><b>This whole sentence is bold.</b></p>
            <table><tr><td><p><b>Cell</b></p></td></tr></table>
            <h2>Other</h2><p><b>Deeper</b></p><p>Text.</p>
            """
        ).documents[0]
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Limits In SQLite"),
                Outline(.paragraph, "Intro."),
                Outline(.heading(level: 2), "Maximum Number Of Columns"),
                Outline(.listItem, "The default setting is 2000."),
                Outline(.heading(level: 2), "Maximum Length Of A Statement"),
                Outline(.listItem, "One million."),
                Outline(.paragraph, "Note: bold inside a sentence."),
                Outline(.paragraph, "This whole sentence is bold."),
                Outline(.tableRow, "Cell"),
                Outline(.heading(level: 2), "Other"),
                Outline(.heading(level: 3), "Deeper"),
                Outline(.paragraph, "Text."),
            ])
    }

    @Test func emptyInputGivesAnEmptyDocumentAndAWarning() throws {
        let result = try parse("")
        #expect(result.documents.count == 1)
        #expect(result.documents[0].text.isEmpty)
        #expect(result.warnings.count == 1)
    }

    @Test func nestingPastLibxml2sDepthLimitIsReportedNotCrashed() throws {
        let deep =
            "<html><body><p>before</p>" + String(repeating: "<div>", count: 100_000) + "deep"
            + String(repeating: "</div>", count: 100_000) + "<p>after</p></body></html>"
        let result = try parse(deep)
        #expect(result.documents[0].text == "before")
        #expect(result.warnings.contains { $0.contains("stopped") && $0.contains("depth") }, "\(result.warnings)")
    }

    @Test func walkerHandlesA100kDeepTreeWithoutRecursion() throws {
        let text = try LibXMLTestTree.deepChain(depth: 100_000, leafText: "bottom") { root in
            var assembler = TextAssembler()
            HTMLTextExtractor.extract(from: root, into: &assembler)
            return assembler.finish().text
        }
        #expect(text == "bottom")
    }
}

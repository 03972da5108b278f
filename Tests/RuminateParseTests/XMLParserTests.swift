import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct XMLParserTests {
    func parse(_ xml: String, limits: ParseLimits = .init()) throws -> ParseResult {
        try XMLParser(limits: limits).parse(Array(xml.utf8), sourceName: "t.xml")
    }

    @Test func docbookArticleBecomesHeadingsParagraphsListsCodeAndRows() throws {
        let result = try Fixture.parse("docbook-article.xml", as: .xml)
        let document = try #require(result.documents.first)
        #expect(result.warnings.isEmpty)
        #expect(document.title == "Tuning the Lantern cache")
        #expect(document.metadata == ["lang": "en"])
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Tuning the Lantern cache"),
                Outline(.paragraph, "Ada Byrne"),
                Outline(
                    .paragraph,
                    "The Lantern cache stores rendered tiles on disk. This article explains how to size it and when to purge it."
                ),
                Outline(.heading(level: 1), "Sizing"),
                Outline(.paragraph, "Each tile takes about 48 KiB. A city-scale map needs roughly 2 million tiles."),
                Outline(.listItem, "Small deployments: 10 GiB."),
                Outline(.listItem, "Regional deployments: 200 GiB."),
                Outline(.heading(level: 2), "Eviction"),
                Outline(.paragraph, "Tiles are evicted least-recently-used first."),
                Outline(.code, "[cache]\nmax_size = 200G\neviction = lru"),
                Outline(.heading(level: 1), "Purging"),
                Outline(.paragraph, "Run lantern purge --older-than 30d from cron. See for the sizes."),
                Outline(.tableRow, "Command | Effect"),
                Outline(.tableRow, "purge | Deletes expired tiles"),
                Outline(.tableRow, "purge --all | Empties the cache"),
                Outline(.paragraph, "Purging a live cache slows rendering for a few minutes."),
            ])
        #expect(!document.text.contains("comment"))
        expectBlockInvariants(document)
    }

    @Test func mixedContentStaysOneBlockUntilANestedBlockElement() throws {
        let document = try parse(
            """
            <doc><para>Intro with <b>bold</b> and <custom>inline custom</custom> words:
              <itemizedlist><listitem><para>nested item</para></listitem></itemizedlist>
              and a tail.</para></doc>
            """
        ).documents[0]
        #expect(
            document.outline == [
                Outline(.paragraph, "Intro with bold and inline custom words:"),
                Outline(.listItem, "nested item"),
                Outline(.paragraph, "and a tail."),
            ])
        expectBlockInvariants(document)
    }

    @Test func everyElementHoldingTextIsABlockInDataLikeXML() throws {
        let document = try parse(
            """
            <catalog><book id="1"><name>Dune</name><year>1965</year></book>
            <book id="2"><name>Solaris</name><year>1961</year></book></catalog>
            """
        ).documents[0]
        #expect(document.blockTexts == ["Dune", "1965", "Solaris", "1961"])
        #expect(document.title == nil)
    }

    @Test func teiHeadsTakeTheirDivDepthAndNamespacesAreIgnored() throws {
        let document = try parse(
            """
            <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
            <div><head>Book One</head><div><head>Chapter 1</head><p>It was a <hi>dark</hi> night.</p></div></div>
            </body></text></TEI>
            """
        ).documents[0]
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Book One"),
                Outline(.heading(level: 2), "Chapter 1"),
                Outline(.paragraph, "It was a dark night."),
            ])
        #expect(document.title == "Book One")
    }

    @Test func malformedXMLThrowsWithLibxml2sMessageAndLine() throws {
        let error = try #require(throws: RuminateError.self) {
            try parse("<doc>\n<p>one</p>\n<p>two</doc>")
        }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("line 3"))
        #expect(error.message.contains("mismatch"))
        #expect(error.message.contains("t.xml"))
    }

    @Test func emptyAndWhitespaceOnlyInputsAreMalformed() throws {
        for input in ["", "  \n\t"] {
            let error = try #require(throws: RuminateError.self) { try parse(input) }
            #expect(error.code == .malformedInput)
        }
    }

    @Test func undefinedEntityIsAnError() throws {
        let error = try #require(throws: RuminateError.self) { try parse("<doc>&nope;</doc>") }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("nope"))
    }
}

import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct MarkdownParserTests {
    func parse(_ markdown: String) throws -> ExtractedDocument {
        let result = try MarkdownParser(limits: .init()).parse(Array(markdown.utf8), sourceName: "t.md")
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        return document
    }

    @Test func readmeWithFrontMatterCodeListsQuotesAndTables() throws {
        let result = try Fixture.parse("readme.md", as: .markdown)
        let document = try #require(result.documents.first)
        #expect(result.warnings.isEmpty)
        #expect(document.title == "Tidewater: a tide prediction library")
        #expect(!document.text.contains("tags:"))
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Tidewater"),
                Outline(
                    .paragraph,
                    "Build Tidewater predicts tides from harmonic constituents, using the same method as the NOAA tables."
                ),
                Outline(.heading(level: 2), "Installation"),
                Outline(.paragraph, "Install it with pip:"),
                Outline(.code, "pip install tidewater\ntidewater --version"),
                Outline(.paragraph, "Or from source:"),
                Outline(.code, "git clone https://example.org/tidewater.git\ncd tidewater && make install"),
                Outline(.heading(level: 2), "Usage"),
                Outline(.listItem, "Load a station with Station.load(\"brest\")."),
                Outline(.listItem, "Call predict() with a time range:"),
                Outline(.code, "levels = station.predict(start, end, step=\"10min\")"),
                Outline(.listItem, "Plot the result."),
                Outline(.paragraph, "Features:"),
                Outline(.listItem, "Fast: 10_000 predictions per second"),
                Outline(.listItem, "Accurate to ~2 cm for major ports"),
                Outline(.listItem, "Nested item with a link"),
                Outline(.listItem, "A task that is not done yet"),
                Outline(.quote, "Note: predictions ignore weather. Storm surges can add a metre."),
                Outline(.tableRow, "Constituent | Period (h) | Meaning"),
                Outline(.tableRow, "M2 | 12.42 | Principal lunar"),
                Outline(.tableRow, "S2 | 12.00 | Principal solar"),
                Outline(.tableRow, "K1 | O1 | ~24 | Diurnal pair"),
                Outline(.heading(level: 2), "Setext heading"),
                Outline(
                    .paragraph,
                    "Contact maintainers@example.org or see https://example.org/tidewater. Use snake_case_names freely; 2 * 3 = 6 and a_b_c stays."
                ),
            ])
        expectBlockInvariants(document)
    }

    @Test func titleFallsBackToTheFirstH1() throws {
        let document = try parse("Intro text.\n\n## Second\n\nSetext Title\n===\n\n# Later H1")
        #expect(document.title == "Setext Title")
        #expect(try parse("## Only level two").title == nil)
    }

    @Test(arguments: [
        ("Read [the *guide*](https://x.org/a_(b) \"T\") now", "Read the guide now"),
        ("![Alt **text**](img.png) and [ref link][r] and [collapsed][]", "Alt text and ref link and collapsed"),
        ("Use `a * b` and ``code with ` tick`` here", "Use a * b and code with ` tick here"),
        ("**bold**, __strong__, *em*, _em_, ~~gone~~, ***both***", "bold, strong, em, em, gone, both"),
        ("snake_case_name and 2 * 3 * 4 and *unclosed", "snake_case_name and 2 * 3 * 4 and *unclosed"),
        (#"Escapes: \*not em\*, \[not link\], \`tick\`, C:\path"#, #"Escapes: *not em*, [not link], `tick`, C:\path"#),
        (
            "Mail <a@b.org>, visit <https://x.org/p?q=1>, tag <span class=\"k\">kept</span> text",
            "Mail a@b.org, visit https://x.org/p?q=1, tag kept text"
        ),
        ("Entities: &amp; &lt;b&gt; &copy; &#233; &#x1F600; &bogus;", "Entities: & <b> © é 😀 &bogus;"),
        ("line one  \nline two\\\nline three<br>four", "line one line two line three four"),
        ("[shortcut] stays unless defined, [^1] too", "[shortcut] stays unless defined, [^1] too"),
    ])
    func inlineSyntaxBecomesPlainText(markdown: String, expected: String) throws {
        #expect(try parse(markdown).text == expected)
    }

    @Test func definedShortcutLinksAndDefinitionsDisappear() throws {
        let document = try parse("See [Docs] for more.\n\n[docs]: https://example.org/docs \"Docs\"\n")
        #expect(document.text == "See Docs for more.")
    }

    @Test func fencesIndentedCodeAndUnclosedFences() throws {
        let document = try parse(
            """
            Para

            ~~~~
            tilde ```
              keeps indent
            ~~~~

                indented
                  deeper

            ```swift
            let unclosed = true
            """)
        #expect(
            document.outline == [
                Outline(.paragraph, "Para"),
                Outline(.code, "tilde ```\n  keeps indent"),
                Outline(.code, "indented\n  deeper"),
                Outline(.code, "let unclosed = true"),
            ])
    }

    @Test func atxHeadingsAndThematicBreaks() throws {
        let document = try parse(
            "# One #\n###### Six ######\n####### seven hashes\n#notaheading\n\n---\n\n* * *\nAfter")
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "One"),
                Outline(.heading(level: 6), "Six"),
                Outline(.paragraph, "####### seven hashes #notaheading"),
                Outline(.paragraph, "After"),
            ])
    }

    @Test func nestedListsLazyLinesAndOrderedListRules() throws {
        let document = try parse(
            """
            - outer
              continued
            lazy line
              - inner *one*
              - inner two

              Second paragraph of outer.
            1) first
            2) second
            The year
            1999. was not a list.
            """)
        #expect(
            document.outline == [
                Outline(.listItem, "outer continued lazy line"),
                Outline(.listItem, "inner one"),
                Outline(.listItem, "inner two"),
                Outline(.paragraph, "Second paragraph of outer."),
                Outline(.listItem, "first"),
                Outline(.listItem, "second The year 1999. was not a list."),
            ])
    }

    @Test func blockQuotesNestAndKeepCodeAndLists() throws {
        let document = try parse(
            """
            > Quoted *text*
            lazy continuation
            > > deeper
            >
            > - a list item
            > ```
            > code in quote
            > ```

            Outside.
            """)
        #expect(
            document.outline == [
                Outline(.quote, "Quoted text lazy continuation deeper"),
                Outline(.listItem, "a list item"),
                Outline(.code, "code in quote"),
                Outline(.paragraph, "Outside."),
            ])
    }

    @Test func htmlBlocksAreReadAsHTML() throws {
        let document = try parse(
            """
            <h1 align="center">Project Name</h1>

            <div>
            <p>Some <b>bold</b> words &amp; more.</p>
            <script>alert("no")</script>
            </div>

            <!-- a comment
            over lines -->

            After the HTML.
            """)
        #expect(document.title == "Project Name")
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Project Name"),
                Outline(.paragraph, "Some bold words & more."),
                Outline(.paragraph, "After the HTML."),
            ])
    }

    @Test func tablesNeedADelimiterRowAndEndAtABlankLine() throws {
        let document = try parse(
            """
            a | b
            --|--
            `x|y` | **z**
            no pipe row

            | not | a table |
            | just text |
            """)
        #expect(
            document.outline == [
                Outline(.tableRow, "a | b"),
                Outline(.tableRow, "`x | y` | z"),
                Outline(.tableRow, "no pipe row"),
                Outline(.paragraph, "| not | a table | | just text |"),
            ])
    }

    @Test func frontMatterWithoutTitleOrUnclosedIsHandled() throws {
        let untitled = try parse("---\nauthor: me\n---\nBody")
        #expect(untitled.title == nil)
        #expect(untitled.text == "Body")
        // No closing line: not front matter, so the first line is a thematic break.
        let unclosed = try parse("---\ntitle: x\nBody")
        #expect(unclosed.text == "title: x Body")
    }
}

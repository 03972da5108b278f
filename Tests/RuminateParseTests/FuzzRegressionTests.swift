import RuminateCore
import Testing

@testable import RuminateParse

/// Inputs the libFuzzer harnesses (`fuzz/`, see fuzz/README.md) found breaking an invariant, minimised
/// by hand and kept in `Fixtures/fuzz/`. Each test states the invariant and the output now expected.
@Suite struct FuzzRegressionTests {
    /// Titles taken from raw fields reached the index (and terminals) with NUL, ESC and other control
    /// characters; a title now never holds a control character or only whitespace.
    func expectCleanTitle(_ title: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let title else { return }
        #expect(
            !title.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
            "control character in \(title.debugDescription)", sourceLocation: sourceLocation)
        #expect(!title.trimmingSpaces.isEmpty, "blank title", sourceLocation: sourceLocation)
    }

    /// `<pre><h2>x\n\n y</h2>`: text inside a `<pre>` but in a heading kept its newlines, so a heading held
    /// a blank line, against the promise that only code blocks keep lines.
    @Test func headingsInsidePreAreCollapsed() throws {
        let document = try #require(try Fixture.parse("fuzz/pre-heading.html", as: .html).documents.first)
        #expect(
            document.outline == [
                Outline(.code, "code\n  lines"),
                Outline(.heading(level: 2), "x y"),
                Outline(.code, "more\n  code"),
            ])
        expectBlockInvariants(document)
    }

    /// The same in generic XML: a `<title>` inside `<programlisting>`.
    @Test func titlesInsidePreformattedXMLAreCollapsed() throws {
        let document = try #require(try Fixture.parse("fuzz/preformatted-title.xml", as: .xml).documents.first)
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "a b"),
                Outline(.code, "code\n  kept"),
            ])
        #expect(document.title == "a b")
        expectBlockInvariants(document)
    }

    /// A block quote indented inside a list item ("1. one" then "     > quoted") made the block parser loop
    /// forever: `parseLine` measured the indentation from the item's content column, `parseBlockQuote` from
    /// the margin, refused the line and consumed nothing. (Found as a libFuzzer timeout.)
    @Test func quoteInsideAListItemEnds() throws {
        let document = try #require(try Fixture.parse("fuzz/list-quote-hang.md", as: .markdown).documents.first)
        #expect(document.outline == [Outline(.listItem, "one"), Outline(.quote, "quoted")])
        expectBlockInvariants(document)
    }

    /// A 3.9 KB page of self-feeding macros ran 2.9M scalars of macro output (76k blocks, 0.6 s in a release
    /// build): the budgets' floors (4M macro scalars, 1M interpolated) dwarfed what real pages use. Now the
    /// budget stops it near 256k.
    @Test func aSmallMacroBombStopsEarly() throws {
        let result = try Fixture.parse("fuzz/macro-bomb.1", as: .man)
        let document = try #require(result.documents.first)
        #expect(result.warnings.contains { $0.contains("budget") })
        #expect(document.text.unicodeScalars.count < 300_000)
    }

    /// The expansion budget is a parse limit: the fuzz harness lowers it to keep executions fast.
    @Test func theMacroBudgetFollowsTheLimit() throws {
        let full = try #require(try Fixture.parse("fuzz/macro-bomb.1", as: .man).documents.first)
        let small = try Fixture.parse(
            "fuzz/macro-bomb.1", as: .man, limits: ParseLimits(maxRoffExpansionScalars: 16 << 10))
        let document = try #require(small.documents.first)
        #expect(small.warnings.contains { $0.contains("budget") })
        #expect(document.text.unicodeScalars.count < 20_000)
        #expect(full.text.hasPrefix(document.text.prefix(2000)))
    }

    /// Front matter `title:`, a mail `Subject` and a `.TH` name holding ESC, NUL and other controls.
    @Test(arguments: [
        ("fuzz/front-matter-control.md", DocumentFormat.markdown, "A[31m B"),
        ("fuzz/subject-control.eml", .mail, "cafe bar"),
        ("fuzz/th-control.1", .man, "J(1)"),
    ])
    func titlesDropControlCharacters(_ fixture: String, _ format: DocumentFormat, _ expected: String) throws {
        let document = try #require(try Fixture.parse(fixture, as: format).documents.first)
        #expect(document.title == expected)
        expectCleanTitle(document.title)
        expectBlockInvariants(document)
    }

    /// `title: "   "` gave a blank title; the first heading is the title instead.
    @Test func blankFrontMatterTitleFallsBackToTheHeading() throws {
        let document = try #require(try Fixture.parse("fuzz/front-matter-blank.md", as: .markdown).documents.first)
        #expect(document.title == "Fallback heading")
    }
}

import RuminateCore
import RuminateResearch
import RuminateText
import Testing

/// Sections cut from a document's own structure, and the context a quote brings, with exact offsets.
@Suite struct SourceSectionsTests {
    static let document = DocumentInfo(
        id: 1, key: "limits.md", path: "/limits.md", memberID: nil, title: "Implementation Limits", format: .html,
        contentHash: "", byteSize: 0, passageCount: 2, indexedAt: 0)

    /// A page whose parts are marked by title lines, not headings, cut into two overlapping passages.
    static let text = """
        Limits are sizes that can not be exceeded. Most of them can be changed.

        Maximum Number Of Columns

        The SQLITE_MAX_COLUMN parameter is used to set an upper bound on:

        The number of columns in a table

        The number of columns in an index

        The default setting is 2000. This keeps tables small.

        Maximum Length Of A String

        The maximum number of bytes in a string is one billion. It can be lowered at run time.
        """

    static func passages() -> [PassageInfo] {
        let scalars = Array(text.unicodeScalars)
        // Cut after a list item, the next passage repeating it (as the chunker overlaps sentences).
        let item = Array("The number of columns in a table".unicodeScalars)
        let at = (0...(scalars.count - item.count)).first { scalars[$0..<($0 + item.count)].elementsEqual(item) }!
        func passage(_ ordinal: Int, _ start: Int, _ end: Int) -> PassageInfo {
            PassageInfo(
                id: Int64(10 + ordinal), documentID: 1, ordinal: ordinal, span: SourceSpan(start: start, end: end),
                headingPath: ["Limits"], text: String(String.UnicodeScalarView(scalars[start..<end])))
        }
        return [passage(0, 0, at + item.count), passage(1, at, scalars.count)]
    }

    @Test func titleLinesBecomeSectionsAndListItemsDoNot() {
        let sections = SectionOutline.sections(of: Self.document, passages: Self.passages())
        #expect(sections.map(\.title) == ["Limits", "Maximum Number Of Columns", "Maximum Length Of A String"])
        #expect(sections[1].headingPath == ["Limits", "Maximum Number Of Columns"])
        for section in sections {
            for paragraph in section.paragraphs {
                #expect(scalarSlice(Self.text, paragraph.span.start, paragraph.span.end) == paragraph.text)
                #expect(Self.passages().first { $0.id == paragraph.id }!.span.contains(paragraph.span))
            }
        }
        // Overlapping passages give each paragraph once.
        let all = sections.flatMap(\.paragraphs).map(\.span)
        #expect(Set(all).count == all.count)
    }

    @Test func aPageOfNumberedSubsectionsReadsAsItsChapters() {
        func passage(_ id: Int64, _ path: [String], _ text: String, at start: Int) -> PassageInfo {
            PassageInfo(
                id: id, documentID: 1, ordinal: Int(id),
                span: SourceSpan(start: start, end: start + text.unicodeScalars.count),
                headingPath: path, text: text)
        }
        let chapters = [
            passage(1, ["1. Overwrites"], "Any process can overwrite the file.", at: 0),
            passage(2, ["1. Overwrites", "1.1. Stale descriptors"], "A closed descriptor was reused.", at: 100),
            passage(3, ["2. Locking"], "Locks can be broken.", at: 200),
            passage(4, ["3. Sync"], "Disks lie about syncing.", at: 300),
        ]
        let sections = SectionOutline.sections(of: Self.document, passages: chapters)
        #expect(sections.map(\.title) == ["Overwrites", "Locking", "Sync"])
        #expect(sections[0].paragraphs.map(\.id) == [1, 2])
        #expect(sections[0].leadRanks == [0, 0], "each subsection's first paragraph is a lead")
    }

    @Test func aQuoteBringsItsAntecedentAndItsListWithExactOffsets() throws {
        let sections = SectionOutline.sections(of: Self.document, passages: Self.passages())
        let columns = sections[1]
        let text = Self.text
        func span(of sentence: String) -> SourceSpan {
            let scalars = Array(text.unicodeScalars), needle = Array(sentence.unicodeScalars)
            let start = (0...(scalars.count - needle.count)).first {
                scalars[$0..<($0 + needle.count)].elementsEqual(needle)
            }!
            return SourceSpan(start: start, end: start + needle.count)
        }
        #expect(SectionContext.opensWithAnaphor("This keeps tables small."))
        #expect(SectionContext.opensWithAnaphor("It can be lowered at run time."))
        #expect(!SectionContext.opensWithAnaphor("Thistles grow here."))
        let antecedent = try #require(SectionContext.antecedent(of: span(of: "This keeps tables small."), in: columns))
        #expect(antecedent.text == "The default setting is 2000.")
        #expect(scalarSlice(text, antecedent.span.start, antecedent.span.end) == antecedent.text)
        // The first sentence of a section leans on its heading: nothing before it is brought.
        #expect(
            SectionContext.antecedent(
                of: span(of: "The SQLITE_MAX_COLUMN parameter is used to set an upper bound on:"), in: columns) == nil)

        let list = SectionContext.list(
            after: span(of: "The SQLITE_MAX_COLUMN parameter is used to set an upper bound on:"), in: columns)
        #expect(list.map(\.text) == ["The number of columns in a table", "The number of columns in an index"])
        for item in list { #expect(scalarSlice(text, item.span.start, item.span.end) == item.text) }
    }
}

@Suite struct SectionPlannerTests {
    private func planned(_ id: Int64, _ text: String) -> PlannedSection {
        let paragraph = PassageInfo(
            id: id, documentID: id, ordinal: 0, span: SourceSpan(start: 0, end: text.unicodeScalars.count),
            headingPath: ["H\(id)"], text: text)
        return PlannedSection(
            section: SourceSection(
                document: SourceSectionsTests.document, headingPath: ["H\(id)"], paragraphs: [paragraph],
                leadRanks: [0], parts: [0]),
            evidence: 1, titledForTopic: id == 1)
    }

    /// Each facet the topic lists gets the best section its own queries found that names it, ahead of the rest.
    @Test func everyListedFacetGetsASectionFirst() throws {
        let fixture = try ResearchFixture()
        let planner = SectionPlanner(index: fixture.index, analyzer: TextAnalyzer(), threshold: 0.438)
        let sections = [
            planned(1, "The main page says corruption is rare."),
            planned(2, "A checksum can detect corruption early."),
            planned(3, "Recovery tools detect and repair damaged pages."),
            planned(4, "Recovery from backups undoes corruption."),
        ]
        let detect = Set(TextAnalyzer().analyze("detection").map(\.term))
        let recover = Set(TextAnalyzer().analyze("recovery").map(\.term))
        // Section 2 names detection but its facet's queries never found it; section 3 was found and names it.
        let ordered = planner.coveringFacets(
            sections, facets: [(terms: detect, found: [3]), (terms: recover, found: [4])])
        #expect(ordered.map(\.section.paragraphs[0].id) == [3, 4, 1, 2])
        #expect(planner.coveringFacets(sections, facets: []) == sections)
    }
}

import RuminateCore
import RuminateResearch
import RuminateText
import Testing

@Suite struct AspectPlannerTests {
    private func hit(_ id: Int64, title: String, headings: [String], score: Double) -> SearchHit {
        let document = DocumentInfo(
            id: id, key: "d\(id)", path: "/d\(id).md", memberID: nil, title: title, format: .markdown,
            contentHash: "", byteSize: 0, passageCount: 1, indexedAt: 0)
        let passage = PassageInfo(
            id: id, documentID: id, ordinal: 0, span: SourceSpan(start: 0, end: 1), headingPath: headings, text: "x")
        return SearchHit(document: document, passage: passage, rank: Int(id), score: score, snippet: "")
    }

    @Test func aTopicsListedFacetsBecomeItsAspectsAfterItsSubject() {
        let facets = TopicFacets("Database corruption in SQLite: causes, prevention, detection and recovery")
        #expect(facets.core == "Database corruption in SQLite")
        #expect(facets.facets == ["causes", "prevention", "detection", "recovery"])
        #expect(TopicFacets("Limits in SQLite and how to change them").facets == ["how to change them"])
        #expect(TopicFacets("write-ahead logging").facets.isEmpty)
        #expect(TopicFacets("vitamin D and bone fractures").facets.isEmpty, "two subjects, no facet")
        #expect(TopicFacets("vitamin D and bone fractures").core == "vitamin D and bone fractures")
        let aspects = AspectPlanner.plan(
            topic: "Limits in SQLite and how to change them",
            facets: TopicFacets("Limits in SQLite and how to change them"),
            hits: [], analyzer: TextAnalyzer(), options: ResearchOptions())
        #expect(aspects.map(\.query) == ["Limits in SQLite", "Limits in SQLite how to change them"])
        #expect(aspects.map(\.title) == ["Limits in SQLite", "how to change them"])
    }

    @Test func withoutFacetsTheAspectsAreTheHeadingsHoldingTheMostEvidence() {
        let hits = [
            hit(1, title: "Locks", headings: ["Locking", "2.1. Busy writers"], score: 3),
            hit(2, title: "Locks", headings: ["Locking", "2.1. Busy writers"], score: 2),
            hit(3, title: "WAL", headings: ["Checkpoints"], score: 4),
            hit(4, title: "Journal", headings: [], score: 1),
            hit(5, title: "Database", headings: ["Database"], score: 9),  // the topic's own word names nothing
        ]
        var options = ResearchOptions()
        options.maximumAspects = 3
        let aspects = AspectPlanner.plan(
            topic: "database", facets: TopicFacets("database"), hits: hits, analyzer: TextAnalyzer(), options: options)
        #expect(aspects.map(\.title) == ["Busy writers", "Checkpoints", "Journal"], "headings as written, unnumbered")
        #expect(aspects.map(\.query) == ["database Busy writers", "database Checkpoints", "database Journal"])
        #expect(aspects[0].passages == [1, 2])
        #expect(aspects[0].terms == ["Busy", "writers"])
    }
}

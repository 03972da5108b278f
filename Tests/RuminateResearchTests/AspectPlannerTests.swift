import RuminateCore
import RuminateResearch
import Testing

@Suite struct AspectPlannerTests {
    private func hit(_ id: Int64) -> SearchHit {
        let document = DocumentInfo(
            id: id, key: "d\(id)", path: "/d\(id).md", memberID: nil, title: "D\(id)", format: .markdown,
            contentHash: "", byteSize: 0, passageCount: 1, indexedAt: 0)
        let passage = PassageInfo(
            id: id, documentID: id, ordinal: 0, span: SourceSpan(start: 0, end: 1), headingPath: [], text: "x")
        return SearchHit(document: document, passage: passage, rank: Int(id), score: 1 / Double(id), snippet: "")
    }

    private func terms(_ weights: [String: Double]) -> WeightedTerms {
        WeightedTerms(
            weights: weights,
            surfaces: Dictionary(uniqueKeysWithValues: weights.keys.map { ($0, [$0.uppercased(): 1]) }))
    }

    @Test func passagesSharingTermsFormOneAspectAndStrayPassagesNone() {
        // Passages 1, 3, 5, 7 are about locks; 2, 4, 6 about pages; 8 shares nothing with anyone.
        let locks = terms(["lock": 2, "writer": 1, "busy": 1])
        let pages = terms(["page": 2, "btree": 1, "cell": 1])
        let vectors = [locks, pages, locks, pages, locks, pages, locks, terms(["purchase": 3])]
        var options = ResearchOptions()
        options.minimumAspects = 2
        options.maximumAspects = 2
        let aspects = AspectPlanner.plan(hits: (1...8).map { hit(Int64($0)) }, vectors: vectors, options: options)
        #expect(aspects.count == 2)
        #expect(aspects.map(\.passages) == [[1, 3, 5, 7], [2, 4, 6]])
        #expect(aspects[0].indexTerms == ["lock", "busy", "writer"])
        #expect(aspects[0].terms == ["LOCK", "BUSY", "WRITER"], "labels use the passages' spelling")
        #expect(aspects[1].indexTerms == ["page", "btree", "cell"])
    }

    @Test func passagesWithoutTermsGiveNoAspects() {
        let aspects = AspectPlanner.plan(
            hits: [hit(1), hit(2)], vectors: [WeightedTerms(), WeightedTerms()], options: ResearchOptions())
        #expect(aspects.isEmpty)
    }
}

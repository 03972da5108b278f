import RuminateCore
import RuminateText

/// One line of inquiry the research follows in rounds: a facet the topic lists, or a heading under which the
/// collection treats the topic.
public struct Aspect: Sendable, Hashable, Codable {
    /// What it is called: the facet as the topic words it, or the heading as the collection writes it.
    public var title: String
    /// Its first query.
    public var query: String
    /// The words its query adds to the topic, as written.
    public var terms: [String]
    /// The stemmed index terms behind `terms`, same order.
    public var indexTerms: [String]
    /// The plan's passages filed under it (passage ids, best rank first); empty for a facet.
    public var passages: [Int64]

    public init(title: String, query: String, terms: [String], indexTerms: [String], passages: [Int64]) {
        self.title = title
        self.query = query
        self.terms = terms
        self.indexTerms = indexTerms
        self.passages = passages
    }

    public var label: String { title }

    enum CodingKeys: String, CodingKey { case title, query, terms, indexTerms = "index_terms", passages }
}

/// Plans the aspects from what the topic and the collection say: the facets a topic lists ("…: causes,
/// prevention, detection and recovery"), researched as its subject plus each facet after the subject alone;
/// otherwise the headings under which the plan's passages sit (their documents' own words), by the retrieval
/// weight they hold.
public enum AspectPlanner {
    public static func plan(
        topic: String, facets: TopicFacets, hits: [SearchHit], analyzer: TextAnalyzer, options: ResearchOptions
    ) -> [Aspect] {
        let topicTerms = Set(analyzer.analyze(topic).map(\.term))
        func aspect(title: String, query: String, passages: [Int64]) -> Aspect {
            let utf8 = Array(title.utf8)
            var seen: Set<String> = []
            let tokens = analyzer.analyze(title).filter {
                !$0.isStopword && !topicTerms.contains($0.term) && seen.insert($0.term).inserted
            }
            return Aspect(
                title: title, query: query,
                terms: tokens.map { String(decoding: utf8[$0.utf8Start..<$0.utf8End], as: UTF8.self) },
                indexTerms: tokens.map(\.term), passages: passages)
        }
        if !facets.facets.isEmpty {
            let core = aspect(title: facets.core, query: facets.core, passages: [])
            let listed = facets.facets.map { aspect(title: $0, query: facets.core + " " + $0, passages: []) }
            return Array(([core] + listed).prefix(options.maximumAspects))
        }
        // Headings by the summed score of the plan's passages under them; the topic's own wording names none.
        var weight: [String: Double] = [:]
        var members: [String: [Int64]] = [:]
        var order: [String] = []
        for hit in hits {
            let heading = hit.passage.headingPath.last.map(SectionOutline.withoutNumbering) ?? ""
            let title = heading.isEmpty ? hit.document.title : heading
            let terms = Set(analyzer.analyze(title).filter { !$0.isStopword }.map(\.term))
            guard !terms.isEmpty, !terms.isSubset(of: topicTerms) else { continue }
            if members[title] == nil { order.append(title) }
            weight[title, default: 0] += hit.score
            members[title, default: []].append(hit.passage.id)
        }
        let ranked = order.enumerated().sorted { a, b in
            weight[a.element]! != weight[b.element]! ? weight[a.element]! > weight[b.element]! : a.offset < b.offset
        }.map(\.element)
        return ranked.prefix(options.maximumAspects).map {
            aspect(title: $0, query: topic + " " + $0, passages: members[$0]!)
        }
    }
}

import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateText

/// A section of the collection chosen for the report, and why.
public struct PlannedSection: Sendable, Hashable {
    public var section: SourceSection
    /// The best retrieval score (scaled to its query's best) of a passage it holds; 0 when none was retrieved.
    public var evidence: Double
    /// Its document's title names the topic's subject: a page people wrote about the topic, read in full.
    public var titledForTopic: Bool

    public init(section: SourceSection, evidence: Double, titledForTopic: Bool) {
        self.section = section
        self.evidence = evidence
        self.titledForTopic = titledForTopic
    }
}

/// Chooses the report's sections from the collection's own structure: the sections (`SectionOutline`) of the
/// documents the research retrieved, read whole. A section stays only when it is about the topic's subject: its
/// page's title, its headings and its text cover the subject's terms as a passage must cover a question to be
/// answered (`AbstentionPolicy`'s calibrated threshold), so sections that drift to a neighbouring subject are cut.
/// Sections of pages titled for the topic come first (the topic's main pages are read in full), then the others,
/// each by evidence.
public struct SectionPlanner {
    public let index: any IndexedCorpus
    public let analyzer: TextAnalyzer
    /// Share of the subject's term weight a section must cover to stay.
    public let threshold: Double
    /// Documents read whole at most (the best-scored first).
    public let documentLimit: Int

    public init(index: any IndexedCorpus, analyzer: TextAnalyzer, threshold: Double, documentLimit: Int = 24) {
        self.index = index
        self.analyzer = analyzer
        self.threshold = threshold
        self.documentLimit = documentLimit
    }

    /// `subject` is the topic's core with its terms weighed; `hits` every passage the research found, scored
    /// on one scale. In priority order.
    public func plan(subject: AnalyzedQuestion, hits: [SearchHit]) throws -> [PlannedSection] {
        var best: [Int64: Double] = [:]
        var documents: [Int64: DocumentInfo] = [:]
        var documentBest: [Int64: Double] = [:]
        for hit in hits {
            best[hit.passage.id] = max(best[hit.passage.id] ?? 0, hit.score)
            documents[hit.document.id] = hit.document
            documentBest[hit.document.id] = max(documentBest[hit.document.id] ?? 0, hit.score)
        }
        let order = documentBest.keys.sorted {
            documentBest[$0]! != documentBest[$1]! ? documentBest[$0]! > documentBest[$1]! : $0 < $1
        }
        var planned: [PlannedSection] = []
        for id in order.prefix(documentLimit) {
            let document = documents[id]!
            let titleCovers = covers(subject, document.title)
            for section in SectionOutline.sections(of: document, passages: try index.passages(ofDocument: id)) {
                let evidence = section.passageIDs.compactMap { best[$0] }.max()
                // A section of a page titled for the topic is read even if no query reached it.
                guard evidence != nil || titleCovers else { continue }
                // Drift comes from neighbouring pages: a page that names the subject in its title or headings
                // vouches for its sections.
                let text = ([document.title] + section.headingPath + section.paragraphs.map { $0.text })
                    .joined(separator: "\n")
                guard covers(subject, text) else { continue }
                planned.append(PlannedSection(section: section, evidence: evidence ?? 0, titledForTopic: titleCovers))
            }
        }
        return planned.indices.sorted { a, b in
            let (x, y) = (planned[a], planned[b])
            if x.titledForTopic != y.titledForTopic { return x.titledForTopic }
            return x.evidence != y.evidence ? x.evidence > y.evidence : a < b
        }.map { planned[$0] }
    }

    /// `planned` with, first, for each facet in turn, the best section its own queries found whose text names
    /// the facet (all its content terms), so every facet the topic asks about gets a section before the budget
    /// runs out. `facets`: each facet's content terms and the passages its queries found.
    public func coveringFacets(_ planned: [PlannedSection], facets: [(terms: Set<String>, found: Set<Int64>)])
        -> [PlannedSection]
    {
        var first: [Int] = []
        for facet in facets where !facet.terms.isEmpty {
            let pick = planned.indices.first { i in
                !first.contains(i) && planned[i].section.passageIDs.contains(where: facet.found.contains)
                    && facet.terms.isSubset(
                        of: Set(
                            analyzer.analyze(planned[i].section.paragraphs.map(\.text).joined(separator: "\n"))
                                .map(\.term)))
            }
            if let pick { first.append(pick) }
        }
        return first.map { planned[$0] } + planned.indices.filter { !first.contains($0) }.map { planned[$0] }
    }

    /// Whether `text` holds at least `threshold` of the subject's term weight.
    func covers(_ subject: AnalyzedQuestion, _ text: String) -> Bool {
        guard subject.totalWeight > 0 else { return false }
        let terms = Set(analyzer.analyze(text).map(\.term))
        return subject.coverage { terms.contains($0) } >= threshold
    }
}

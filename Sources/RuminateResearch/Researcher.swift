import Foundation
import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateText

/// `ruminate research`: plans aspects of a topic (the facets it lists, or the headings of its top passages),
/// queries each aspect in rounds until the evidence stops growing, then writes a report whose sections are the
/// collection's own sections on the topic, of cited sentences (see RESEARCH.md). Deterministic and local.
/// Holds per-thread caches: one per thread.
public final class Researcher {
    public let index: any IndexedCorpus
    public let retriever: any PassageRetriever
    /// Chooses the claims of the summary and of each section; nil: `ExtractiveWriter` tuned by `options.compose`.
    public let writer: (any AnswerWriter)?
    public let analyzer: TextAnalyzer
    public var options: ResearchOptions
    private let weigher: TermWeigher

    public init(
        index: any IndexedCorpus, retriever: any PassageRetriever, writer: (any AnswerWriter)? = nil,
        analyzer: TextAnalyzer = TextAnalyzer(), options: ResearchOptions = ResearchOptions()
    ) {
        self.index = index
        self.retriever = retriever
        self.writer = writer
        self.analyzer = analyzer
        self.options = options
        self.weigher = TermWeigher(index: index, analyzer: analyzer)
    }

    /// `progress` receives one line per step (plan, each round, writing); an error it throws stops the
    /// research there and is rethrown (how a server stops a run whose client went away).
    public func research(_ topic: String, progress: @escaping (String) throws -> Void = { _ in }) throws
        -> ResearchReport
    {
        let topic = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !topic.isEmpty else {
            throw RuminateError(
                .invalidQuery, "the topic is empty",
                hint: "name a topic in words, e.g. `ruminate research \"write-ahead logging\"`")
        }
        guard options.maximumRounds >= 1, options.planPassages >= 1, options.roundPassages >= 1,
            options.maximumAspects >= 1
        else {
            throw RuminateError(
                .invalidArgument, "research needs at least one round, one aspect and one passage per query",
                hint: "pass --max-rounds 1 or more")
        }
        // 1. Plan: the facets the topic lists, else the headings its top passages sit under.
        let facets = TopicFacets(topic)
        let planHits = try retriever.retrieve(topic, limit: options.planPassages)
        let aspects = AspectPlanner.plan(
            topic: topic, facets: facets, hits: planHits, analyzer: analyzer, options: options)
        try progress(
            "plan: \(planHits.count) passages, \(aspects.count) aspects: "
                + aspects.map { "\"\($0.label)\"" }.joined(separator: "; "))

        // 2. Iterate: query each aspect until it stops finding new evidence.
        var seen = Set(planHits.map(\.passage.id))
        let loop = ResearchLoop(retriever: retriever, weigher: weigher, options: options, progress: progress)
        var evidence: [AspectEvidence] = []
        for aspect in aspects {
            evidence.append(try loop.investigate(topic: topic, aspect: aspect, planHits: planHits, seen: &seen))
        }
        let trace = ResearchTrace(
            planQuery: topic, planPassages: planHits.count, aspects: evidence.map(\.trace),
            queries: [topic] + evidence.flatMap { $0.trace.rounds.map(\.query) })

        // 3. Write: summary first, then one section per aspect, never quoting a sentence twice.
        let writer = ReportWriter(
            index: index,
            writer: self.writer
                ?? ExtractiveWriter(options: options.compose, embedder: retriever.queryEmbedder), analyzer: analyzer,
            options: options)
        let report = try writer.write(
            topic: topic, subject: facets.core, planHits: planHits, evidence: evidence, trace: trace)
        try progress(
            "wrote \(report.sections.count) sections, \(report.allSentences.count) sentences, \(report.references.count) references"
                + (report.gaps.isEmpty ? "" : ", \(report.gaps.count) gaps"))
        return report
    }
}

import Foundation
import RuminateCore
import RuminateRetrieve
import RuminateText

/// `ruminate ask`: retrieves passages, picks the sentences that best answer the question (relevant,
/// not repeating each other), cites them, and re-checks every quote against the stored text. Abstains,
/// showing the closest passages instead, when the evidence is weaker than the calibrated threshold.
///
/// Holds per-thread scratch (the retriever's and the question analyser's caches): one composer per thread.
public final class AnswerComposer {
    public let index: any IndexedCorpus
    public let retriever: any PassageRetriever
    public let analyzer: TextAnalyzer
    public var options: ComposeOptions
    private let questions: QuestionAnalyzer

    public init(index: any IndexedCorpus, retriever: any PassageRetriever, analyzer: TextAnalyzer = TextAnalyzer(),
                options: ComposeOptions = ComposeOptions()) {
        self.index = index
        self.retriever = retriever
        self.analyzer = analyzer
        self.options = options
        self.questions = QuestionAnalyzer(index: index, analyzer: analyzer)
    }

    /// How many closest passages an abstention shows.
    public static let closestPassages = 3

    public func answer(_ question: String) throws -> Answer {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the question is empty", hint: "ask a question in words, e.g. `ruminate ask \"how does WAL work\"`")
        }
        guard options.sentences >= 1, options.passages >= 1 else {
            throw RuminateError(.invalidArgument, "an answer needs at least one sentence and one passage",
                                hint: "pass -n 1 or more")
        }
        let analyzed = try questions.analyze(question)
        let hits = try retriever.retrieve(question, limit: options.passages)
        let extraction = CandidateSentences.extract(from: hits, analyzer: analyzer)
        var titleTerms: [Int64: Set<String>] = [:]
        for hit in hits where titleTerms[hit.document.id] == nil {
            titleTerms[hit.document.id] = Set(analyzer.analyze(hit.document.title).filter { !$0.isStopword }.map(\.term))
        }
        let strength = EvidenceMeasurer.strength(question: analyzed, hits: hits, extraction: extraction, titleTerms: titleTerms)
        let policy = options.abstention
        let evidence = Answer.Evidence(
            measure: policy.measure, value: strength.value(of: policy.measure), threshold: policy.threshold,
            passageCoverage: strength.passageCoverage, sentenceCoverage: strength.sentenceCoverage)

        let candidates = extraction.candidates
        let scores = SentenceScorer(options: options).score(candidates, question: analyzed, hits: hits)
        let chosen = policy.abstains(strength) ? [] : SentenceSelector(options: options).select(candidates, scores: scores)
        if chosen.isEmpty {
            return try abstention(question: question, hits: hits, evidence: evidence)
        }
        // Every quote is re-read from the stored text before it is shown. One that does not match cannot
        // happen unless the index changed underneath: it is dropped, and `verified` reports it.
        let checks = try CitationVerifier(index: index).verify(chosen.map { i in
            let candidate = candidates[i]
            return CitedSpan(label: "sentence \(i)", document: hits[candidate.hitIndex].document.key,
                             start: candidate.span.start, end: candidate.span.end, text: candidate.text)
        })
        let kept = zip(chosen, checks).filter { $0.1.isMatch }.map { (candidates[$0.0], scores.relevance[$0.0]) }
        let (sentences, sources) = Self.cite(kept, hits: hits)
        return Answer(question: question, index: index.path, abstained: false, verified: kept.count == chosen.count,
                      evidence: evidence, sentences: sentences, sources: sources, closest: nil)
    }

    private func abstention(question: String, hits: [SearchHit], evidence: Answer.Evidence) throws -> Answer {
        let closest = hits.prefix(Self.closestPassages).map { hit in
            Answer.ClosestPassage(
                rank: hit.rank, document: hit.document.key, documentID: hit.document.id, title: hit.document.title,
                path: hit.document.path, passage: hit.passage.id, headingPath: hit.passage.headingPath,
                start: hit.passage.span.start, end: hit.passage.span.end, score: hit.score, text: hit.passage.text)
        }
        let checks = try CitationVerifier(index: index).verify(closest.map {
            CitedSpan(label: "closest[\($0.rank)]", document: $0.document, start: $0.start, end: $0.end, text: $0.text)
        })
        return Answer(question: question, index: index.path, abstained: true, verified: checks.allSatisfy(\.isMatch),
                      evidence: evidence, sentences: [], sources: [], closest: closest)
    }

    /// Numbers the sources (a document, split by heading path) in order of their best passage, and puts
    /// the sentences in source order, then reading order.
    static func cite(_ picked: [(CandidateSentence, Double)], hits: [SearchHit]) -> ([Answer.Sentence], [Answer.Source]) {
        struct SourceKey: Hashable { var documentID: Int64; var headingPath: [String] }
        func key(_ candidate: CandidateSentence) -> SourceKey {
            SourceKey(documentID: candidate.documentID, headingPath: hits[candidate.hitIndex].passage.headingPath)
        }
        var firstHit: [SourceKey: Int] = [:]
        for (candidate, _) in picked { firstHit[key(candidate)] = min(firstHit[key(candidate)] ?? .max, candidate.hitIndex) }
        let order = firstHit.keys.sorted { firstHit[$0]! < firstHit[$1]! }
        let numbers = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0 + 1) })
        let ordered = picked.sorted { a, b in
            let na = numbers[key(a.0)]!, nb = numbers[key(b.0)]!
            return na != nb ? na < nb : a.0.span.start < b.0.span.start
        }
        let sentences = ordered.map { candidate, score -> Answer.Sentence in
            let hit = hits[candidate.hitIndex]
            return Answer.Sentence(
                text: candidate.text, citation: numbers[key(candidate)]!, passage: hit.passage.id, document: hit.document.key,
                documentID: hit.document.id, path: hit.document.path, page: hit.passage.page, start: candidate.span.start,
                end: candidate.span.end, score: (score * 10_000).rounded() / 10_000)
        }
        let sources = order.map { sourceKey -> Answer.Source in
            let hit = hits[firstHit[sourceKey]!]
            let quotes = ordered.filter { key($0.0) == sourceKey }.map(\.0)
            return Answer.Source(
                number: numbers[sourceKey]!, document: hit.document.key, documentID: hit.document.id, title: hit.document.title,
                path: hit.document.path, memberID: hit.document.memberID, headingPath: sourceKey.headingPath,
                page: quotes.first.flatMap { hits[$0.hitIndex].passage.page }, quoted: quotes.map(\.span))
        }
        return (sentences, sources)
    }
}

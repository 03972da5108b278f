import Foundation
import RuminateCore
import RuminateRetrieve
import RuminateText

/// `ruminate ask`: retrieves passages, cuts them into candidate sentences, lets its `AnswerWriter` choose the
/// claims (by default `ExtractiveWriter`: the sentences that best answer the question, not repeating each
/// other), re-checks every quote against the stored text and cites what matches. Abstains, showing the
/// closest passages instead, when the evidence is weaker than the calibrated threshold, whatever the writer.
///
/// Holds per-thread scratch (the retriever's and the question analyser's caches): one composer per thread.
public final class AnswerComposer {
    public let index: any IndexedCorpus
    public let retriever: any PassageRetriever
    /// Chooses the claims; nil: `ExtractiveWriter` tuned by `options`.
    public let writer: (any AnswerWriter)?
    public let analyzer: TextAnalyzer
    public var options: ComposeOptions
    private let questions: QuestionAnalyzer

    public init(
        index: any IndexedCorpus, retriever: any PassageRetriever, writer: (any AnswerWriter)? = nil,
        analyzer: TextAnalyzer = TextAnalyzer(), options: ComposeOptions = ComposeOptions()
    ) {
        self.index = index
        self.retriever = retriever
        self.writer = writer
        self.analyzer = analyzer
        self.options = options
        self.questions = QuestionAnalyzer(index: index, analyzer: analyzer)
    }

    /// How many closest passages an abstention shows.
    public static let closestPassages = 3

    public func answer(_ question: String) throws -> Answer {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(
                .invalidQuery, "the question is empty",
                hint: "ask a question in words, e.g. `ruminate ask \"how does WAL work\"`")
        }
        guard options.sentences >= 1, options.passages >= 1 else {
            throw RuminateError(
                .invalidArgument, "an answer needs at least one sentence and one passage",
                hint: "pass -n 1 or more")
        }
        let (analyzed, hits, extraction) = try evidence(for: question)
        var titleTerms: [Int64: Set<String>] = [:]
        for hit in hits where titleTerms[hit.document.id] == nil {
            titleTerms[hit.document.id] = Set(
                analyzer.analyze(hit.document.title).filter { !$0.isStopword }.map(\.term))
        }
        let strength = EvidenceMeasurer.strength(
            question: analyzed, hits: hits, extraction: extraction, titleTerms: titleTerms,
            semantic: try retriever.semanticEvidence(for: question, hits: hits))
        let policy = options.abstention
        let evidence = Answer.Evidence(policy: policy, strength: strength)

        let candidates = AnswerCandidates(
            question: analyzed, hits: hits,
            sentences: EvidenceMeasurer.quotable(extraction.candidates, question: question), budget: options.sentences)
        let writer = self.writer ?? defaultWriter
        let claims = try policy.abstains(strength) ? [] : writer.write(candidates).prefix(options.sentences)
        if claims.isEmpty {
            return try abstention(question: question, hits: hits, evidence: evidence)
        }
        // Every quote is located in its passage and re-read from the stored text before it is shown. One that
        // does not match is dropped, and `verified` reports it: for the extractive writer that happens only when
        // the index changed underneath; another writer's quote may simply be wrong.
        let kept = try verified(Array(claims), hits: hits)
        let (sentences, sources) = Self.cite(kept, hits: hits)
        return Answer(
            question: question, index: index.path, abstained: false, verified: kept.count == claims.count,
            evidence: evidence,
            directAnswer: directAnswer(from: kept.first, question: analyzed, cited: sentences),
            sentences: sentences, sources: sources, closest: nil)
    }

    /// The writer used when none was given: extractive, reading with the retriever's query embedder.
    public var defaultWriter: ExtractiveWriter {
        ExtractiveWriter(options: options, embedder: retriever.queryEmbedder)
    }

    /// What a writer would be given for `question`: the weighed question, the retrieved passages and their
    /// candidate sentences (the evaluation reads the reader's features from it).
    public func candidates(for question: String) throws -> AnswerCandidates {
        let (analyzed, hits, extraction) = try evidence(for: question)
        return AnswerCandidates(
            question: analyzed, hits: hits,
            sentences: EvidenceMeasurer.quotable(extraction.candidates, question: question), budget: options.sentences)
    }

    private func evidence(for question: String) throws -> (
        AnalyzedQuestion, [SearchHit], CandidateSentences.Extraction
    ) {
        let analyzed = try questions.analyze(question)
        let hits = try retriever.retrieve(question, limit: options.passages)
        return (analyzed, hits, CandidateSentences.extract(from: hits, analyzer: analyzer))
    }

    /// A claim with the document span its quote was found at.
    typealias LocatedClaim = (claim: DraftClaim, span: SourceSpan)

    /// The claims whose quote is exactly the stored text at its span, each with that span; a claim without
    /// a span is first found in its passage, and one whose span lies outside its passage is dropped.
    private func verified(_ claims: [DraftClaim], hits: [SearchHit]) throws -> [LocatedClaim] {
        let located = claims.compactMap { claim -> LocatedClaim? in
            guard hits.indices.contains(claim.hitIndex) else { return nil }
            let passage = hits[claim.hitIndex].passage
            guard let span = claim.span ?? Self.locate(claim.quote, in: passage), passage.span.contains(span) else {
                return nil
            }
            return (claim, span)
        }
        let checks = try CitationVerifier(index: index).verify(
            located.enumerated().map { i, item in
                CitedSpan(
                    label: "sentence \(i)", document: hits[item.claim.hitIndex].document.key,
                    start: item.span.start, end: item.span.end, text: item.claim.quote)
            })
        return zip(located, checks).filter { $0.1.isMatch }.map { $0.0 }
    }

    /// The document span of the first occurrence of `quote` in the passage, scalar for scalar.
    static func locate(_ quote: String, in passage: PassageInfo) -> SourceSpan? {
        let needle = Array(quote.unicodeScalars), text = Array(passage.text.unicodeScalars)
        guard !needle.isEmpty, needle.count <= text.count else { return nil }
        for start in 0...(text.count - needle.count) where text[start..<(start + needle.count)].elementsEqual(needle) {
            return SourceSpan(start: passage.span.start + start, end: passage.span.start + start + needle.count)
        }
        return nil
    }

    private func abstention(question: String, hits: [SearchHit], evidence: Answer.Evidence) throws -> Answer {
        let closest = hits.prefix(Self.closestPassages).map { hit in
            Answer.ClosestPassage(
                rank: hit.rank, document: hit.document.key, documentID: hit.document.id, title: hit.document.title,
                path: hit.document.path, passage: hit.passage.id, headingPath: hit.passage.headingPath,
                start: hit.passage.span.start, end: hit.passage.span.end, score: hit.score, text: hit.passage.text)
        }
        let checks = try CitationVerifier(index: index).verify(
            closest.map {
                CitedSpan(
                    label: "closest[\($0.rank)]", document: $0.document, start: $0.start, end: $0.end, text: $0.text)
            })
        return Answer(
            question: question, index: index.path, abstained: true, verified: checks.allSatisfy(\.isMatch),
            evidence: evidence, directAnswer: nil, sentences: [], sources: [], closest: closest)
    }

    /// The clause of the best quote that states a number or a command the question asks for, cited like the quote.
    func directAnswer(from best: LocatedClaim?, question: AnalyzedQuestion, cited: [CitedSentence]) -> CitedSentence? {
        let terms = Set(question.terms.map(\.term))
        guard let best, let quote = cited.first(where: { $0.start == best.span.start && $0.end == best.span.end }),
            let clause = DirectAnswer.clause(
                in: best.claim.quote, question: question.text, form: QuestionForm.of(question.text),
                isAbout: { clause in
                    self.analyzer.analyze(clause).contains { !$0.isStopword && terms.contains($0.term) }
                })
        else { return nil }
        var direct = quote
        direct.text = ScalarText(best.claim.quote).slice(clause)
        direct.start = best.span.start + clause.start
        direct.end = best.span.start + clause.end
        return direct
    }

    /// Numbers the sources (a document, split by heading path) in order of their best passage, and puts
    /// the sentences in source order, then reading order.
    static func cite(_ picked: [LocatedClaim], hits: [SearchHit]) -> ([CitedSentence], [CitedSource]) {
        struct SourceKey: Hashable { var documentID: Int64; var headingPath: [String] }
        func key(_ claim: DraftClaim) -> SourceKey {
            SourceKey(
                documentID: hits[claim.hitIndex].document.id, headingPath: hits[claim.hitIndex].passage.headingPath)
        }
        var firstHit: [SourceKey: Int] = [:]
        for (claim, _) in picked { firstHit[key(claim)] = min(firstHit[key(claim)] ?? .max, claim.hitIndex) }
        let order = firstHit.keys.sorted { firstHit[$0]! < firstHit[$1]! }
        let numbers = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0 + 1) })
        let ordered = picked.sorted { a, b in
            let na = numbers[key(a.claim)]!, nb = numbers[key(b.claim)]!
            return na != nb ? na < nb : a.span.start < b.span.start
        }
        let sentences = ordered.map { claim, span -> CitedSentence in
            let hit = hits[claim.hitIndex]
            return CitedSentence(
                text: claim.quote, citation: numbers[key(claim)]!, passage: hit.passage.id, document: hit.document.key,
                documentID: hit.document.id, path: hit.document.path, page: hit.passage.page, start: span.start,
                end: span.end, score: (claim.score * 10_000).rounded() / 10_000)
        }
        let sources = order.map { sourceKey -> CitedSource in
            let hit = hits[firstHit[sourceKey]!]
            let quotes = ordered.filter { key($0.claim) == sourceKey }
            return CitedSource(
                number: numbers[sourceKey]!, document: hit.document.key, documentID: hit.document.id,
                title: hit.document.title,
                path: hit.document.path, memberID: hit.document.memberID, headingPath: sourceKey.headingPath,
                page: quotes.first.flatMap { hits[$0.claim.hitIndex].passage.page }, quoted: quotes.map { $0.span })
        }
        return (sentences, sources)
    }
}

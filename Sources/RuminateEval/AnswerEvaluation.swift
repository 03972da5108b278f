import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateRetrieve

/// `ruminate eval-answers`: asks each SciFact claim that has evidence (the claim is the question) and
/// measures whether the quoted sentences are the gold rationale sentences, whether every quote is exact,
/// and how often the engine abstains on answerable and on off-topic questions.
///
/// Definitions (pooled over claims unless said otherwise):
/// - a cited sentence *hits* a gold rationale sentence when both are in the same gold document and their
///   spans overlap by at least half of the shorter (`GoldSentenceLocator.hits`);
/// - hit rate: share of claims with at least one hitting sentence (an abstention is a miss);
/// - sentence precision: hitting cited sentences / cited sentences (answered claims);
/// - sentence recall: gold sentences hit / gold sentences (all claims);
/// - integrity: cited sentences whose offsets re-read from the index give exactly their text / cited sentences;
/// - wrong abstention rate: claims abstained on / claims; correct abstention rate: off-topic questions
///   abstained on / off-topic questions.
public struct AnswerEvaluation: Sendable {
    public struct ClaimResult: Sendable, Codable {
        public var id: Int
        public var claim: String
        public var abstained: Bool
        public var hit: Bool
        public var cited: Int
        public var citedHits: Int
        public var gold: Int
        public var goldHit: Int
        public var evidence: Double

        enum CodingKeys: String, CodingKey {
            case id, claim, abstained, hit, cited, citedHits = "cited_hits", gold, goldHit = "gold_hit", evidence
        }
    }

    public struct Summary: Sendable, Codable {
        public var claims: Int
        public var offTopicQuestions: Int
        public var hitRate: Double
        /// The hit rate had the engine never abstained (every claim answered).
        public var hitRateAnsweringAll: Double
        public var sentencePrecision: Double
        public var sentenceRecall: Double
        public var integrity: Double
        public var wrongAbstentionRate: Double
        public var correctAbstentionRate: Double
        public var citedSentences: Int
        public var goldSentences: Int
        /// Gold sentences that could not be located in the stored text (should be 0).
        public var unlocatedGoldSentences: Int
        public var askMillisecondsP50: Double
        public var askMillisecondsP90: Double
        public var workers: Int
        public var seconds: Double
        public var perClaim: [ClaimResult]?

        enum CodingKeys: String, CodingKey {
            case claims, offTopicQuestions = "off_topic_questions", hitRate = "hit_rate"
            case hitRateAnsweringAll = "hit_rate_answering_all", sentencePrecision = "sentence_precision"
            case sentenceRecall = "sentence_recall", integrity, wrongAbstentionRate = "wrong_abstention_rate"
            case correctAbstentionRate = "correct_abstention_rate", citedSentences = "cited_sentences"
            case goldSentences = "gold_sentences", unlocatedGoldSentences = "unlocated_gold_sentences"
            case askMillisecondsP50 = "ask_ms_p50", askMillisecondsP90 = "ask_ms_p90", workers, seconds
            case perClaim = "per_claim"
        }
    }

    public let index: any IndexStore & IndexedCorpus
    public var options: ComposeOptions
    public var workers: Int
    public var makeRetriever: @Sendable (any IndexStore & IndexedCorpus) -> any PassageRetriever

    public init(
        index: any IndexStore & IndexedCorpus, options: ComposeOptions, workers: Int,
        makeRetriever: @escaping @Sendable (any IndexStore & IndexedCorpus) -> any PassageRetriever
    ) {
        self.index = index
        self.options = options
        self.workers = workers
        self.makeRetriever = makeRetriever
    }

    /// Answers every question with abstention switched off, so one pass gives both the answer and the
    /// evidence value the policy would have compared.
    func askAll(_ questions: [String]) throws -> [ParallelAsk.Asked] {
        var alwaysAnswer = options
        alwaysAnswer.abstention = .never
        let index = index, makeRetriever = makeRetriever, answering = alwaysAnswer
        let ask = ParallelAsk(workers: workers) {
            AnswerComposer(index: index, retriever: makeRetriever(index), options: answering)
        }
        return try ask.ask(questions)
    }

    func abstains(_ answer: Answer) -> Bool {
        answer.abstained || options.abstention.abstains(answer.evidence.strength)
    }

    public func run(
        claims: [SciFactClaim], abstracts: [String: [String]], offTopic: [String], keepPerClaim: Bool = false
    ) throws -> Summary {
        let started = DispatchTime.now().uptimeNanoseconds
        let gold = try goldSpans(claims: claims, abstracts: abstracts)
        let asked = try askAll(claims.map(\.text))
        let offTopicAsked = try askAll(offTopic)

        let allCited = asked.flatMap { item in
            item.answer.sentences.enumerated().map {
                CitedSpan(
                    label: "\(item.answer.question) [\($0.offset)]", document: $0.element.document,
                    start: $0.element.start, end: $0.element.end, text: $0.element.text)
            }
        }
        let integrityChecks = try CitationVerifier(index: index).verify(allCited)

        var results: [ClaimResult] = []
        var citedTotal = 0, citedHits = 0, goldTotal = 0, goldHits = 0, hitClaims = 0, hitIgnoringAbstention = 0,
            abstained = 0
        for (claim, item) in zip(claims, asked) {
            let claimGold = gold.spans[claim.id] ?? []
            let didAbstain = abstains(item.answer)
            let sentences = item.answer.sentences
            let hitting = sentences.filter { sentence in
                claimGold.contains {
                    $0.documentID == sentence.documentID
                        && GoldSentenceLocator.hits(SourceSpan(start: sentence.start, end: sentence.end), $0.span)
                }
            }.count
            let goldCovered = claimGold.filter { gold in
                sentences.contains {
                    $0.documentID == gold.documentID
                        && GoldSentenceLocator.hits(SourceSpan(start: $0.start, end: $0.end), gold.span)
                }
            }.count
            if hitting > 0 { hitIgnoringAbstention += 1 }
            goldTotal += claim.rationales.values.reduce(0) { $0 + $1.count }
            if didAbstain {
                abstained += 1
            } else {
                citedTotal += sentences.count
                citedHits += hitting
                goldHits += goldCovered
                if hitting > 0 { hitClaims += 1 }
            }
            results.append(
                ClaimResult(
                    id: claim.id, claim: claim.text, abstained: didAbstain, hit: !didAbstain && hitting > 0,
                    cited: sentences.count,
                    citedHits: hitting, gold: claimGold.count, goldHit: didAbstain ? 0 : goldCovered,
                    evidence: item.answer.evidence.value))
        }
        let latencies = (asked + offTopicAsked).map { $0.seconds * 1000 }.sorted()
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
        return Summary(
            claims: claims.count, offTopicQuestions: offTopic.count,
            hitRate: ratio(hitClaims, claims.count), hitRateAnsweringAll: ratio(hitIgnoringAbstention, claims.count),
            sentencePrecision: ratio(citedHits, citedTotal), sentenceRecall: ratio(goldHits, goldTotal),
            integrity: allCited.isEmpty ? 1 : ratio(integrityChecks.filter(\.isMatch).count, allCited.count),
            wrongAbstentionRate: ratio(abstained, claims.count),
            correctAbstentionRate: ratio(offTopicAsked.filter { abstains($0.answer) }.count, offTopic.count),
            citedSentences: citedTotal, goldSentences: goldTotal, unlocatedGoldSentences: gold.unlocated,
            askMillisecondsP50: percentile(latencies, 0.5), askMillisecondsP90: percentile(latencies, 0.9),
            workers: workers, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
            perClaim: keepPerClaim ? results : nil)
    }

    struct GoldSpan: Sendable {
        var documentID: Int64
        var span: SourceSpan
    }

    /// Each claim's rationale sentences as spans of the stored text of its gold documents.
    func goldSpans(claims: [SciFactClaim], abstracts: [String: [String]]) throws -> (
        spans: [Int: [GoldSpan]], unlocated: Int
    ) {
        let wanted = Set(claims.flatMap(\.rationales.keys))
        let (documentIDs, texts) = try index.read { session -> ([String: Int64], [Int64: String]) in
            let passageDocuments = try session.passageDocumentMap()
            let members = try session.memberIDs(documentIDs: Array(Set(passageDocuments.values)))
            var ids: [String: Int64] = [:]
            var texts: [Int64: String] = [:]
            for (documentID, member) in members where wanted.contains(member) {
                ids[member] = documentID
                texts[documentID] = try session.documentText(id: documentID)
            }
            return (ids, texts)
        }
        var located: [String: [SourceSpan?]] = [:]
        for member in wanted {
            guard let id = documentIDs[member], let text = texts[id], let sentences = abstracts[member] else {
                continue
            }
            located[member] = GoldSentenceLocator.spans(of: sentences, in: text)
        }
        var result: [Int: [GoldSpan]] = [:]
        var unlocated = 0
        for claim in claims {
            for (member, indices) in claim.rationales {
                for i in indices {
                    if let id = documentIDs[member], let spans = located[member], spans.indices.contains(i),
                        let span = spans[i]
                    {
                        result[claim.id, default: []].append(GoldSpan(documentID: id, span: span))
                    } else {
                        unlocated += 1
                    }
                }
            }
        }
        return (result, unlocated)
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

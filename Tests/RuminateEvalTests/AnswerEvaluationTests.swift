import Foundation
import RuminateCompose
import RuminateCore
import RuminateEval
import RuminateIndex
import RuminateIngest
import RuminateRetrieve
import RuminateWalk
import Testing

@Suite struct AnswerEvaluationTests {
    /// Three documents in BEIR's SciFact form: `text` is the abstract's sentences joined by spaces.
    static let abstracts: [String: [String]] = [
        "1": [
            "Plants convert light into chemical energy through photosynthesis.",
            "Chlorophyll absorbs mostly blue and red light.",
            "The process releases oxygen as a by-product.",
        ],
        "2": [
            "Mitochondria produce ATP by oxidative phosphorylation.",
            "Mitochondria carry their own circular DNA genome.",
            "Dysfunction is linked to neurodegeneration.   \n",
        ],
        "3": [
            "Ribosomes translate messenger RNA into protein.",
            "Bacterial ribosomes are the target of many antibiotics.",
        ],
    ]

    /// The abstracts as corpus.jsonl in a temporary folder, indexed by the real pipeline.
    final class Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-answer-eval-\(UUID().uuidString)")
        let index: SQLiteIndex

        init() throws {
            let lines = AnswerEvaluationTests.abstracts.keys.sorted().map { id -> String in
                let text = AnswerEvaluationTests.abstracts[id]!.map {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                }.joined(separator: " ")
                let object = try! JSONSerialization.data(withJSONObject: [
                    "_id": id, "title": "Document \(id)", "text": text,
                ])
                return String(decoding: object, as: UTF8.self)
            }
            let corpus = root.appendingPathComponent("corpus")
            try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(
                to: corpus.appendingPathComponent("corpus.jsonl"))
            index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
            let options = IngestOptions(crawl: CrawlOptions(roots: [corpus.path]))
            _ = try IndexingRun(index: index, options: options, progress: ProgressReporter(enabled: false)).run()
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    func fixture() throws -> Fixture { try Fixture() }

    @Test func metricsOnAHandMadeCollection() throws {
        let fixture = try fixture()
        let claims = [
            // Quotes 1:1, the gold sentence: a hit.
            SciFactClaim(id: 1, text: "Chlorophyll absorbs blue and red light.", rationales: ["1": [1]]),
            // Quotes 2:1, but the gold sentence is 2:2: a miss.
            SciFactClaim(id: 2, text: "Mitochondria have their own DNA genome.", rationales: ["2": [2]]),
            // Quotes 3:1, one of its two gold sentences: a hit, half the gold sentences found.
            SciFactClaim(id: 3, text: "Bacterial ribosomes are targeted by antibiotics.", rationales: ["3": [0, 1]]),
        ]
        let evaluation = AnswerEvaluation(index: fixture.index, options: ComposeOptions(sentences: 1), workers: 2) {
            index in
            SearcherPassageRetriever(searcher: Searcher(index: index), mode: .lexical)
        }
        let summary = try evaluation.run(
            claims: claims, abstracts: Self.abstracts, offTopic: ["How do I bake sourdough bread at home?"],
            keepPerClaim: true)
        #expect(summary.claims == 3)
        #expect(summary.hitRate == 2.0 / 3.0)
        #expect(summary.hitRateAnsweringAll == 2.0 / 3.0)
        #expect(summary.sentencePrecision == 2.0 / 3.0)
        #expect(summary.sentenceRecall == 2.0 / 4.0)
        #expect(summary.integrity == 1)
        #expect(summary.wrongAbstentionRate == 0)
        #expect(summary.correctAbstentionRate == 1)
        #expect(summary.goldSentences == 4 && summary.unlocatedGoldSentences == 0)
        #expect(summary.perClaim?.map(\.hit) == [true, false, true])
    }

    @Test func aStricterThresholdTurnsAnswersIntoAbstentions() throws {
        let fixture = try fixture()
        let claims = [SciFactClaim(id: 1, text: "Chlorophyll absorbs blue and red light.", rationales: ["1": [1]])]
        var options = ComposeOptions(sentences: 1)
        options.abstention.threshold = 1.01  // nothing can cover more than all of the question
        let evaluation = AnswerEvaluation(index: fixture.index, options: options, workers: 1) { index in
            SearcherPassageRetriever(searcher: Searcher(index: index), mode: .lexical)
        }
        let summary = try evaluation.run(claims: claims, abstracts: Self.abstracts, offTopic: [])
        #expect(summary.wrongAbstentionRate == 1)
        #expect(summary.hitRate == 0)
        #expect(summary.hitRateAnsweringAll == 1)
    }

    @Test func goldSentencesAreFoundInTheJoinedText() {
        let sentences = ["First one.  ", "Second, with é and 中文.", "  Third."]
        let text = "First one. Second, with é and 中文. Third."
        let spans = GoldSentenceLocator.spans(of: sentences, in: text)
        #expect(spans.map { $0.map { text.slice($0) } } == ["First one.", "Second, with é and 中文.", "Third."])
        #expect(GoldSentenceLocator.spans(of: ["Absent."], in: text) == [nil])
    }

    @Test func aHitNeedsHalfOfTheShorterSpan() {
        let gold = SourceSpan(start: 100, end: 200)
        #expect(GoldSentenceLocator.hits(SourceSpan(start: 100, end: 200), gold))
        #expect(GoldSentenceLocator.hits(SourceSpan(start: 150, end: 400), gold))  // 50 of the shorter 100
        #expect(!GoldSentenceLocator.hits(SourceSpan(start: 151, end: 400), gold))  // 49
        #expect(GoldSentenceLocator.hits(SourceSpan(start: 120, end: 140), gold))  // contained
        #expect(!GoldSentenceLocator.hits(SourceSpan(start: 200, end: 300), gold))  // touching only
    }

    @Test func claimsWithoutEvidenceAreLeftOut() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString).jsonl")
            .path
        try """
        {"id": 1, "claim": "No evidence here.", "evidence": {}, "cited_doc_ids": [7]}
        {"id": 3, "claim": "Two rationale sets.", "evidence": {"14": [{"sentences": [2, 5], "label": "SUPPORT"}, {"sentences": [5, 7], "label": "SUPPORT"}]}, "cited_doc_ids": [14]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let claims = try SciFactClaims.load(path)
        #expect(claims == [SciFactClaim(id: 3, text: "Two rationale sets.", rationales: ["14": [2, 5, 7]])])
        #expect(throws: RuminateError.self) { try SciFactClaims.load(path + ".missing") }
    }
}

import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText

/// `ruminate eval-answers FACTS.tsv`: `run(facts:)` asks every question of a fact set as `ask` would (abstention on) and
/// measures whether the answer states the fact and cites the page that holds it.
///
/// Definitions:
/// - fact rate: answerable questions whose quoted text matches `fact_regex` / answerable questions (an abstention
///   is a miss);
/// - gold-cited rate: answerable questions with a cited sentence from a document whose path ends in `gold_file`;
/// - abstentions: answerable questions abstained on; correct abstention: questions marked unanswerable
///   (empty `fact_regex`) that were abstained on / such questions;
/// - words per answer: words of the quoted text, mean over answerable questions (abstentions count 0). A word is
///   an ICU word segment that holds a letter, digit or ideograph (`WordCounter.count`, the tokens the index's
///   analyser reads), one definition for every language: "journal_mode=WAL" is two words, "如何查看文件的行数"
///   six (如何 查看 文件 的 行 数), where splitting at spaces would count one;
/// - latency: per question, after one untimed warm-up question per worker (index pages and model loaded).
extension AnswerEvaluation {
    public struct FactQuestionResult: Sendable, Codable {
        public var id: String
        public var question: String
        public var abstained: Bool
        /// Nil for a question that should be abstained on.
        public var fact: Bool?
        public var goldCited: Bool?
        public var words: Int
        public var citedFiles: [String]
        public var milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case id, question, abstained, fact, goldCited = "gold_cited", words, citedFiles = "cited_files"
            case milliseconds = "ms"
        }
    }

    public struct FactSetSummary: Sendable, Codable {
        public var questions: Int
        public var answerable: Int
        public var factRate: Double
        public var goldCitedRate: Double
        public var abstentions: Int
        public var unanswerable: Int
        public var correctAbstentionRate: Double
        public var wordsPerAnswer: Double
        public var askMillisecondsP50: Double
        public var askMillisecondsP90: Double
        public var workers: Int
        public var seconds: Double
        public var perQuestion: [FactQuestionResult]?

        enum CodingKeys: String, CodingKey {
            case questions, answerable, factRate = "fact_rate", goldCitedRate = "gold_cited_rate", abstentions
            case unanswerable, correctAbstentionRate = "correct_abstention_rate", wordsPerAnswer = "words_per_answer"
            case askMillisecondsP50 = "ask_ms_p50", askMillisecondsP90 = "ask_ms_p90", workers, seconds
            case perQuestion = "per_question"
        }
    }

    public func run(facts questions: [FactQuestion], keepPerQuestion: Bool = false) throws -> FactSetSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        let index = index, makeRetriever = makeRetriever, options = options
        let ask = ParallelAsk(workers: workers) {
            AnswerComposer(index: index, retriever: makeRetriever(index), options: options)
        }
        _ = try ask.ask(Array(questions.prefix(workers).map(\.question)))
        let asked = try ask.ask(questions.map(\.question))
        let results = zip(questions, asked).map { Self.judge($0, $1) }

        let answerable = results.filter { $0.fact != nil }
        let unanswerable = results.filter { $0.fact == nil }
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
        let latencies = results.map(\.milliseconds).sorted()
        return FactSetSummary(
            questions: results.count, answerable: answerable.count,
            factRate: ratio(answerable.filter { $0.fact == true }.count, answerable.count),
            goldCitedRate: ratio(answerable.filter { $0.goldCited == true }.count, answerable.count),
            abstentions: answerable.filter(\.abstained).count, unanswerable: unanswerable.count,
            correctAbstentionRate: ratio(unanswerable.filter(\.abstained).count, unanswerable.count),
            wordsPerAnswer: answerable.isEmpty
                ? 0 : Double(answerable.reduce(0) { $0 + $1.words }) / Double(answerable.count),
            askMillisecondsP50: percentile(latencies, 0.5), askMillisecondsP90: percentile(latencies, 0.9),
            workers: workers, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
            perQuestion: keepPerQuestion ? results : nil)
    }

    /// The words of `text` as the index's analyser cuts them (`WordCounter`): the one count for every language.
    public static func words(in text: String) -> Int { WordCounter.count(Substring(text)) }

    /// What the reader of the answer sees quoted: every cited sentence, in answer order.
    public static func quotedText(of answer: Answer) -> String {
        answer.sentences.map(\.text).joined(separator: " ")
    }

    static func judge(_ question: FactQuestion, _ asked: ParallelAsk.Asked) -> FactQuestionResult {
        let answer = asked.answer
        let text = quotedText(of: answer)
        let files = answer.sentences.map { ($0.path as NSString).lastPathComponent }
        var orderedFiles: [String] = []
        for file in files where !orderedFiles.contains(file) { orderedFiles.append(file) }
        let stated = question.fact.map {
            $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        return FactQuestionResult(
            id: question.id, question: question.question, abstained: answer.abstained,
            fact: question.expectsAbstention ? nil : (stated ?? false),
            goldCited: question.goldFile.map { orderedFiles.contains($0) },
            words: words(in: text), citedFiles: orderedFiles,
            milliseconds: asked.seconds * 1000)
    }
}

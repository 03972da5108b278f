import Foundation
import RuminateCompose
import RuminateCore

/// One candidate sentence as a training example for the reader: its features and whether it answers.
public struct ReaderTrainingRow: Sendable, Codable {
    /// The question it was a candidate for (rows of one question are weighed together when fitting).
    public var question: String
    public var label: Int
    public var features: [Double]
}

extension AnswerEvaluation {
    /// The reader's features of every candidate a quote could be chosen from (`SentenceSelector.qualifies`),
    /// labelled 1 when the quote states the fact.
    public func readerRows(facts: [FactQuestion]) throws -> [ReaderTrainingRow] {
        let facts = facts.filter { $0.fact != nil }
        let patterns = Dictionary(facts.map { ($0.id, $0.fact!) }, uniquingKeysWith: { first, _ in first })
        return try readerRows(questions: facts.map { ($0.id, $0.question) }) { id, candidate in
            patterns[id]!.firstMatch(
                in: candidate.text, range: NSRange(candidate.text.startIndex..., in: candidate.text))
                != nil
        }
    }

    /// As `readerRows(facts:)` for SciFact claims: 1 when the candidate's sentence is a gold rationale sentence.
    public func readerRows(claims: [SciFactClaim], abstracts: [String: [String]]) throws -> [ReaderTrainingRow] {
        let gold = try goldSpans(claims: claims, abstracts: abstracts).spans
        return try readerRows(questions: claims.map { (String($0.id), $0.text) }) { id, candidate in
            (gold[Int(id)!] ?? []).contains {
                $0.documentID == candidate.documentID && GoldSentenceLocator.hits(candidate.sentence, $0.span)
            }
        }
    }

    private func readerRows(
        questions: [(id: String, text: String)], isAnswer: (String, CandidateSentence) -> Bool
    ) throws -> [ReaderTrainingRow] {
        let composer = AnswerComposer(index: index, retriever: makeRetriever(index), options: options)
        let writer = composer.defaultWriter
        var rows: [ReaderTrainingRow] = []
        for (id, text) in questions {
            let candidates = try composer.candidates(for: text)
            let scores = writer.score(candidates)
            for (i, candidate) in candidates.sentences.enumerated()
            where SentenceSelector.qualifies(i, candidates.sentences, scores: scores, options: options) {
                rows.append(
                    ReaderTrainingRow(
                        question: id, label: isAnswer(id, candidate) ? 1 : 0, features: scores.features[i]))
            }
        }
        return rows
    }
}

import Foundation
import RuminateCompose
import RuminateCore
import Testing

@testable import RuminateResearch

@Suite struct QuotedSentencesTests {
    // Compose's memberwise initialisers are internal to it; answers are built the way `ask --json` saves them.
    private func sentence(_ text: String, document: String, start: Int, citation: Int, score: Double = 0.5) -> [String:
        Any]
    {
        [
            "text": text, "citation": citation, "passage": 1, "document": document, "document_id": 1,
            "path": "/\(document).md",
            "start": start, "end": start + text.unicodeScalars.count, "score": score,
        ]
    }

    private func source(_ number: Int, document: String, title: String = "Title", headings: [String] = []) -> [String:
        Any]
    {
        [
            "number": number, "document": document, "document_id": 1, "title": title, "path": "/\(document).md",
            "heading_path": headings, "quoted": [[String: Any]](),
        ]
    }

    private func answer(_ sentences: [[String: Any]], _ sources: [[String: Any]]) throws -> Answer {
        let object: [String: Any] = [
            "question": "q", "index": "/i.sqlite", "abstained": false, "verified": true,
            "evidence": [
                "measure": AbstentionPolicy.calibrated.measure.rawValue, "value": 1.0, "threshold": 0.4,
                "passage_coverage": 1.0, "sentence_coverage": 1.0,
            ],
            "sentences": sentences, "sources": sources,
        ]
        return try JSONDecoder().decode(Answer.self, from: try JSONSerialization.data(withJSONObject: object))
    }

    @Test func aSentenceIsNeverTakenTwiceByPositionOrByWording() throws {
        var quoted = QuotedSentences()
        var references = ReferenceNumbering()
        let first = quoted.take(
            try answer(
                [sentence("Writers never block readers.", document: "a", start: 10, citation: 1)],
                [source(1, document: "a")]), limit: 4, words: .max, references: &references)
        #expect(first.count == 1)
        // The same offsets again, and the same words in another document (spacing and case aside): both skipped.
        let second = quoted.take(
            try answer(
                [
                    sentence("Writers never block readers.", document: "a", start: 10, citation: 1),
                    sentence("writers  never block\nreaders.", document: "b", start: 0, citation: 2),
                    sentence("A checkpoint copies frames back.", document: "b", start: 40, citation: 2),
                ], [source(1, document: "a"), source(2, document: "b")]), limit: 4, words: .max, references: &references
        )
        #expect(second.map(\.text) == ["A checkpoint copies frames back."])
        #expect(second.first?.citation == 2)
        #expect(references.list.map(\.document) == ["a", "b"])
    }

    @Test func theBestSentencesAreKeptInReadingOrderAndHeadingsAreNotQuoted() throws {
        var quoted = QuotedSentences()
        var references = ReferenceNumbering()
        let taken = quoted.take(
            try answer(
                [
                    sentence("Database locking", document: "a", start: 0, citation: 1, score: 0.99),
                    sentence("Low scoring sentence here.", document: "a", start: 20, citation: 1, score: 0.1),
                    sentence("Second best sentence here.", document: "a", start: 50, citation: 1, score: 0.6),
                    sentence("Best sentence of them all.", document: "a", start: 80, citation: 1, score: 0.9),
                ], [source(1, document: "a", title: "Locks", headings: ["Database locking"])]), limit: 2, words: .max,
            references: &references)
        #expect(taken.map(\.text) == ["Second best sentence here.", "Best sentence of them all."])
    }
}

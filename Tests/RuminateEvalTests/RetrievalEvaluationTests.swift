import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest
import Testing

@testable import RuminateEval

/// A tiny BEIR collection written for real, evaluated end to end.
@Suite struct RetrievalEvaluationTests {
    func makeCollection() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-beir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("qrels"), withIntermediateDirectories: true)
        let corpus = [
            (
                "d1", "Aspirin and heart attacks",
                "Low-dose aspirin reduces the risk of myocardial infarction in adults."
            ),
            ("d2", "Vitamin D", "Vitamin D supplementation does not prevent fractures in older people."),
            ("d3", "Sleep", "Short sleep duration is associated with obesity in children."),
            ("d4", "Coffee", "Coffee consumption shows no link with heart disease risk."),
            ("q3", "Self match", "A document whose id equals a query id must be ignored: sleep obesity children."),
        ]
        try corpus.map { "{\"_id\": \"\($0.0)\", \"title\": \"\($0.1)\", \"text\": \"\($0.2)\"}" }.joined(
            separator: "\n"
        )
        .write(to: root.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        try [
            ("q1", "aspirin lowers myocardial infarction risk"), ("q2", "vitamin D prevents fractures"),
            ("q3", "sleep and obesity in children"), ("q9", "no qrels for me"),
        ]
        .map { "{\"_id\": \"\($0.0)\", \"text\": \"\($0.1)\"}" }.joined(separator: "\n")
        .write(to: root.appendingPathComponent("queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n"
            .write(to: root.appendingPathComponent("qrels/test.tsv"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func evaluatesAFixtureCollection() throws {
        let root = try makeCollection()
        let collection = try BEIRCollection(root: root.path, split: "test")
        #expect(collection.queries.count == 3)  // q9 has no qrels
        let index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
        let report = try RetrievalEvaluation.ensureIndexed(
            collection, index: index, progress: ProgressReporter(enabled: false))
        #expect(report.documentsAdded == 5)
        let summary = try RetrievalEvaluation(collection: collection, index: index).run(
            split: "test", repeats: 1, keepPerQuery: true)
        #expect(summary.queries == 3)
        #expect(summary.ndcg10 == 1.0)
        #expect(summary.mrr10 == 1.0)
        #expect(summary.recall100 == 1.0)
        let q3 = try #require(summary.perQuery?.first { $0.id == "q3" })
        #expect(!q3.top.contains("q3"))
        #expect(summary.queriesPerSecond > 0)
        // A second evaluation finds the corpus indexed and unchanged.
        #expect(
            try RetrievalEvaluation.ensureIndexed(collection, index: index, progress: ProgressReporter(enabled: false))
                .documentsAdded == 0)
    }

    @Test func missingFilesAreAClearError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("not-beir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let error = #expect(throws: RuminateError.self) { try BEIRCollection(root: root.path, split: "test") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("corpus.jsonl") == true)
    }
}

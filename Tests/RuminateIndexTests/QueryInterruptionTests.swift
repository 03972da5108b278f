import Foundation
import RuminateCore
import RuminateText
import Testing

@testable import RuminateIndex

/// SQLite's progress handler stops a statement once its `QueryDeadline` passes.
@Suite struct QueryInterruptionTests {
    /// 2,000 passages naming "alpha" once: FTS5 ranks 2,000 repeated words over them in about 2,000² steps per
    /// passage (its ranking looks through every phrase for each next occurrence), seconds in all. A passage's
    /// ranking is one step of SQLite's virtual machine, where the progress handler cannot reach: many cheap
    /// passages, as in real collections, not a few dear ones.
    static func expensiveIndex() throws -> SQLiteIndex {
        let index = try makeTemporaryIndex()
        let paragraphs = (0..<2_000).map { "alpha passage \($0)" }
        try store([prepared(key: "a", title: "Greek", paragraphs: paragraphs)], in: index)
        return index
    }

    static let expensiveQuery = Array(repeating: "alpha", count: 2_000).joined(separator: " ")
    static let weights = FieldWeights(title: 1, headings: 1, body: 1)

    @Test func aFullTextStatementPastItsDeadlineIsInterrupted() throws {
        let index = try Self.expensiveIndex()
        let deadline = QueryDeadline(after: .milliseconds(200))
        let error = #expect(throws: RuminateError.self) {
            try index.read(until: deadline) { session in
                try session.fullTextMatch(Self.expensiveQuery, weights: Self.weights, limit: 10)
            }
        }
        #expect(error?.code == .interrupted)
        #expect(error?.message == "the query was stopped: it took longer than 0.2 s")
        // The pooled connection does not keep the deadline: the next reads run to the end.
        for _ in 0..<3 {
            #expect(try index.read { try $0.fullTextMatch("alpha", weights: Self.weights, limit: 20) }.count == 20)
        }
    }

    @Test func cancellingFromAnotherThreadStopsARunningStatement() throws {
        let index = try Self.expensiveIndex()
        let deadline = QueryDeadline()
        let started = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            started.wait()
            // However late this runs, the statement is still far from done.
            deadline.cancel("the server is shutting down")
        }
        let error = #expect(throws: RuminateError.self) {
            try index.read(until: deadline) { session in
                started.signal()
                return try session.fullTextMatch(Self.expensiveQuery, weights: Self.weights, limit: 10)
            }
        }
        #expect(error?.code == .interrupted)
        #expect(error?.message == "the query was stopped: the server is shutting down")
    }

    @Test func aDeadlineThatHasNotPassedChangesNothing() throws {
        let index = try Self.expensiveIndex()
        let deadline = QueryDeadline(after: .seconds(3600))
        let hits = try index.read(until: deadline) { session in
            try session.fullTextMatch("alpha NOT beta", weights: Self.weights, limit: 20)
        }
        #expect(hits.count == 20)
    }
}

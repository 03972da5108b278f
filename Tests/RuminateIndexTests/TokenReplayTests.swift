import Foundation
import GRDB
import RuminateText
import Testing

@testable import RuminateIndex

@Suite struct TokenReplayTests {
    @Test func replaysOnlyForExactlyTheOfferedBytes() {
        let replay = TokenReplay.current
        let marker = AnalyzedToken(term: "marker", utf8Start: 0, utf8End: 3, isStopword: false)
        replay.offer([("abc", [marker]), ("", [])])
        defer { replay.clear() }
        let same = Array("abc".utf8).withUnsafeBufferPointer { replay.tokens(for: $0) }
        #expect(same == [marker])
        let other = Array("abd".utf8).withUnsafeBufferPointer { replay.tokens(for: $0) }
        #expect(other == nil)
        let longer = Array("abcd".utf8).withUnsafeBufferPointer { replay.tokens(for: $0) }
        #expect(longer == nil)
    }

    @Test func replayIsPerThread() {
        TokenReplay.current.offer([("x", [])])
        defer { TokenReplay.current.clear() }
        final class Box: @unchecked Sendable { var seen = true }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.seen = Array("x".utf8).withUnsafeBufferPointer { TokenReplay.current.tokens(for: $0) } != nil
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(!box.seen)
    }

    @Test func indexBuiltWithReplayPassesFTS5IntegrityCheck() throws {
        let index = try makeTemporaryIndex()
        try store(
            [
                prepared(
                    key: "a", title: "Café Straße", paragraphs: ["深度研究 runs quickly", "NFKC ﬁle ＡＢＣ", "the the the"]),
                prepared(key: "b", title: "Second", paragraphs: ["more text here"], headings: ["Intro", "Details"]),
            ], in: index)
        #expect(try index.verifyIntegrity().isEmpty)
    }

    @Test func integrityCheckCatchesTokensThatDifferFromAFreshAnalysis() throws {
        let index = try makeTemporaryIndex()
        try store([prepared(key: "a", title: "T", paragraphs: ["hello world"])], in: index)
        try index.pool.write { db in
            let wrong = AnalyzedToken(term: "goodbye", utf8Start: 0, utf8End: 5, isStopword: false)
            // A second passage over the same words, whose FTS5 row gets the wrong tokens replayed.
            TokenReplay.current.offer([("hello world", [wrong])])
            defer { TokenReplay.current.clear() }
            try db.execute(
                sql: """
                    INSERT INTO passages(document_id, ordinal, start, "end", segment_id, headings, title_length, headings_length, body_length)
                    VALUES (1, 99, 0, 11, 1, '', 1, 0, 2)
                    """)
            try db.execute(
                sql: "INSERT INTO passages_fts(rowid, title, headings, body) VALUES (?, 'T', '', 'hello world')",
                arguments: [db.lastInsertedRowID])
        }
        #expect(try index.verifyIntegrity().contains { $0.contains("FTS5 integrity check failed") })
    }
}

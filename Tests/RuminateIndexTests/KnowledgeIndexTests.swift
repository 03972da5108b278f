import Foundation
import GRDB
import RuminateCore
import RuminateText
import Testing

@testable import RuminateIndex

@Suite struct KnowledgeIndexTests {
    @Test func recordsFormatVersionAndTokenizer() throws {
        let index = try makeTemporaryIndex()
        let status = try index.status()
        #expect(status.formatVersion == SQLiteIndex.formatVersion)
        #expect(status.tokenizer == TextAnalyzer().descriptor)
        #expect(status.documents == 0)
    }

    /// Opening an up-to-date index only reads, so it never waits for a writer. Here the writer is this
    /// very thread: an open that wrote would wait out the 30 s busy timeout and fail.
    @Test func openingDoesNotWaitForAWriter() throws {
        let index = try makeTemporaryIndex()
        let status = try index.write { _ in
            let reader = try SQLiteIndex(path: index.path, create: false)
            return try reader.status()
        }
        #expect(status.formatVersion == SQLiteIndex.formatVersion)
        #expect(status.tokenizer == TextAnalyzer().descriptor)
    }

    @Test func missingIndexIsAClearErrorWhenNotCreating() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).sqlite")
            .path
        let error = #expect(throws: RuminateError.self) { try SQLiteIndex(path: path, create: false) }
        #expect(error?.code == .indexUnavailable)
        #expect(error?.hint?.contains("ruminate index") == true)
    }

    @Test func refusesAnIndexBuiltWithAnotherAnalysis() throws {
        let index = try makeTemporaryIndex()
        try index.pool.write { db in try db.setMeta(MetaKey.tokenizer, "some-other-tokenizer/9") }
        let error = #expect(throws: RuminateError.self) { try SQLiteIndex(path: index.path, create: false) }
        #expect(error?.code == .indexFormat)
        #expect(error?.message.contains("some-other-tokenizer/9") == true)
    }

    @Test func refusesAnIndexFromANewerRuminate() throws {
        let index = try makeTemporaryIndex()
        try index.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99: from the future')")
        }
        let error = #expect(throws: RuminateError.self) { try SQLiteIndex(path: index.path, create: false) }
        #expect(error?.code == .indexFormat)
    }

    @Test func notAnIndexFileGivesAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).sqlite")
            .path
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: RuminateError.self) { try SQLiteIndex(path: path, create: false) }
        #expect(error?.code == .indexFormat)
    }

    @Test func usesWriteAheadLogging() throws {
        let index = try makeTemporaryIndex()
        let mode = try index.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

@Suite struct MigrationTests {
    @Test func anIndexOfFormatOneMigratesForward() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString).sqlite").path
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in db.add(tokenizer: AnalyzerFTS5Tokenizer.self) }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try IndexSchema.migrator.migrate(queue, upTo: "v1: sources, documents, passages, fts5, lexicon")
            try queue.write { db in
                try db.setMeta(MetaKey.tokenizer, TextAnalyzer().descriptor)
                try db.setMeta(MetaKey.formatVersion, "1")
            }
        }
        let index = try SQLiteIndex(path: path, create: false)
        #expect(try index.status().formatVersion == SQLiteIndex.formatVersion)
        #expect(try index.read { try $0.vectorCount() } == 0)
    }
}

import Foundation
import GRDB
import RuminateCore
import RuminateText
import Testing

@testable import RuminateIndex

/// The page a passage starts on (PDF): stored, read back, and added to older indexes by migration v3.
@Suite struct PassagePageTests {
    func pagedDocument(key: String, pages: [Int?]) -> PreparedDocument {
        var document = prepared(
            key: key, title: "Paged", paragraphs: pages.indices.map { "Paragraph number \($0) of the paged file." })
        for index in document.passages.indices { document.passages[index].draft.page = pages[index] }
        return document
    }

    @Test func pagesRoundTripThroughTheIndex() throws {
        let index = try makeTemporaryIndex()
        try store(
            [
                pagedDocument(key: "/corpus/paged.pdf", pages: [1, 1, 2, 5]),
                prepared(key: "/corpus/plain.txt", title: "Plain", paragraphs: ["No pages here."]),
            ], in: index)
        try index.read { session in
            let paged = try #require(try session.findDocument("/corpus/paged.pdf"))
            let passages = try session.passages(ofDocument: paged.id)
            #expect(passages.map(\.page) == [1, 1, 2, 5])
            let byID = try session.passages(ids: passages.map(\.id))
            #expect(passages.allSatisfy { byID[$0.id]?.page == $0.page })
            let plain = try #require(try session.findDocument("/corpus/plain.txt"))
            #expect(try session.passages(ofDocument: plain.id).map(\.page) == [nil])
        }
    }

    @Test func aFormatTwoIndexGainsTheColumnAndKeepsItsPassages() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v2-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // An index as Ruminate wrote it before pages existed: migrations v1 and v2 only, rows inserted
            // with the columns of that time.
            var configuration = Configuration()
            configuration.prepareDatabase { db in db.add(tokenizer: AnalyzerFTS5Tokenizer.self) }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try IndexSchema.migrator.migrate(queue, upTo: "v2: passage vectors")
            try queue.write { db in
                try db.setMeta(MetaKey.tokenizer, TextAnalyzer().descriptor)
                try db.setMeta(MetaKey.formatVersion, "2")
                #expect(try !db.columns(in: "passages").contains { $0.name == "page" })
                try db.execute(
                    sql: """
                        INSERT INTO sources(id, path, format, content_hash, byte_size, modified, indexed_at, status)
                        VALUES (1, '/corpus/old.txt', 'text', 'h', 11, 0, 0, 'indexed');
                        INSERT INTO documents(id, source_id, key, title, format, content_hash, text, metadata, passage_count, indexed_at)
                        VALUES (1, 1, '/corpus/old.txt', 'Old', 'text', 'h', 'Old passage', '{}', 1, 0);
                        INSERT INTO passages(id, document_id, ordinal, start, "end", segment_id, headings, title_length, headings_length, body_length)
                        VALUES (1, 1, 0, 0, 11, 1, '', 1, 0, 2);
                        """)
            }
        }
        let index = try SQLiteIndex(path: path, create: false)
        #expect(try index.status().formatVersion == 3)
        let applied = try index.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        #expect(
            applied == ["v1: sources, documents, passages, fts5, lexicon", "v2: passage vectors", "v3: passage pages"])
        let old = try index.read { try $0.passages(ofDocument: 1) }
        #expect(old.map(\.text) == ["Old passage"])
        #expect(old.map(\.page) == [nil])
        // The migrated index takes paged documents like a new one.
        try store([pagedDocument(key: "/corpus/new.pdf", pages: [3, 4])], in: index, path: "/corpus/new.pdf")
        try index.read { session in
            let new = try #require(try session.findDocument("/corpus/new.pdf"))
            #expect(try session.passages(ofDocument: new.id).map(\.page) == [3, 4])
        }
        // Opening it again runs nothing more.
        _ = try SQLiteIndex(path: path, create: false)
        #expect(try index.status().formatVersion == 3)
    }
}

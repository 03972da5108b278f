import Foundation
internal import GRDB
import RuminateCore

/// Everything the ingest stage may change in the SQLite index, inside one write transaction (see `SQLiteIndex.write`).
final class SQLiteWriteSession: IndexWriting {
    let db: Database
    private var segmentID: Int64?
    private var builder = LexiconSegmentBuilder()
    private var prebuilt: LexiconSegmentDraft?
    private var statsDelta = StatsDelta()

    init(db: Database) { self.db = db }

    /// Reads inside this transaction (they see its own changes).
    public var reader: any IndexReading { SQLiteReadSession(db: db) }

    // MARK: Sources

    public func sources() throws -> [SourceRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM sources ORDER BY path").map(SourceRecord.init(row:))
    }

    public func source(path: String) throws -> SourceRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE path = ?", arguments: [path]).map(
            SourceRecord.init(row:))
    }

    /// Inserts or updates the record for `record.path`; returns its id.
    @discardableResult
    public func saveSource(_ record: SourceRecord) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO sources(path, format, content_hash, byte_size, modified, indexed_at, status, duplicate_of, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET format = excluded.format, content_hash = excluded.content_hash,
                    byte_size = excluded.byte_size, modified = excluded.modified, indexed_at = excluded.indexed_at,
                    status = excluded.status, duplicate_of = excluded.duplicate_of, error = excluded.error
                """,
            arguments: [
                record.path, record.format?.rawValue, record.contentHash, record.byteSize, record.modified,
                record.indexedAt, record.status.rawValue, record.duplicateOf, record.error,
            ])
        return try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [record.path])!
    }

    /// A file moved: its documents follow it without being re-analysed.
    public func renameSource(from oldPath: String, to newPath: String, modified: Double) throws {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [oldPath]) else {
            return
        }
        try db.execute(
            sql: "UPDATE sources SET path = ?, modified = ? WHERE id = ?", arguments: [newPath, modified, id])
        try db.execute(
            sql: "UPDATE sources SET duplicate_of = ? WHERE duplicate_of = ?", arguments: [newPath, oldPath])
        for row in try Row.fetchAll(db, sql: "SELECT id, member_id FROM documents WHERE source_id = ?", arguments: [id])
        {
            let member: String? = row["member_id"]
            try db.execute(
                sql: "UPDATE documents SET key = ? WHERE id = ?",
                arguments: [DocumentKey.make(path: newPath, memberID: member), row["id"] as Int64])
        }
    }

    /// Removes a source and everything indexed from it.
    public func deleteSource(path: String) throws {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [path]) else {
            return
        }
        for documentID in try Int64.fetchAll(db, sql: "SELECT id FROM documents WHERE source_id = ?", arguments: [id]) {
            try deleteDocument(id: documentID)
        }
        try db.execute(sql: "DELETE FROM sources WHERE id = ?", arguments: [id])
    }

    // MARK: Documents

    public func members(ofSource sourceID: Int64) throws -> [StoredMember] {
        try Row.fetchAll(
            db, sql: "SELECT id, key, content_hash FROM documents WHERE source_id = ?", arguments: [sourceID]
        ).map {
            StoredMember(documentID: $0["id"], key: $0["key"], contentHash: $0["content_hash"])
        }
    }

    /// Stores a document, its passages, their FTS5 rows and their postings; returns the document id.
    ///
    /// With `passageIDs`, the caller assigned the passages' ids (in insertion order) and supplies their
    /// postings as one prebuilt segment (`storePrebuiltSegment`), built off the writer's thread.
    @discardableResult
    public func insert(_ document: PreparedDocument, sourceID: Int64, indexedAt: Double, passageIDs: [Int64]?) throws
        -> Int64
    {
        precondition(passageIDs == nil || passageIDs!.count == document.passages.count, "one id per passage")
        let metadata = String(
            decoding: try JSONSerialization.data(withJSONObject: document.metadata, options: [.sortedKeys]),
            as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO documents(source_id, key, member_id, title, format, content_hash, text, metadata, passage_count, indexed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sourceID, document.key, document.memberID, document.title, document.format.rawValue,
                document.contentHash, document.text, metadata, document.passages.count, indexedAt,
            ])
        let documentID = db.lastInsertedRowID
        if document.passages.isEmpty { return documentID }
        let segmentID = try currentSegmentID()
        let insertPassage = try db.cachedStatement(
            sql: """
                INSERT INTO passages(id, document_id, ordinal, start, "end", segment_id, headings,
                                     title_length, headings_length, body_length, page)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let insertFTS = try db.cachedStatement(
            sql: "INSERT INTO passages_fts(rowid, title, headings, body) VALUES (?, ?, ?, ?)")
        let replay = TokenReplay.current
        for (n, passage) in document.passages.enumerated() {
            let headings = PreparedPassage.headingsText(passage.draft.headingPath)
            let assigned = passageIDs?[n]
            do {
                try insertPassage.execute(arguments: [
                    assigned, documentID, passage.draft.ordinal, passage.draft.span.start, passage.draft.span.end,
                    segmentID, headings,
                    passage.title.length, passage.headings.length, passage.body.length, passage.draft.page,
                ])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && assigned != nil {
                throw RuminateError(
                    .storage,
                    "passage id \(assigned!) is already taken: another process wrote to this index during the run",
                    hint: "run one `ruminate index` at a time per index, then re-run", cause: error)
            }
            let passageID = db.lastInsertedRowID
            replay.offer([
                (document.title, passage.title.tokens), (headings, passage.headings.tokens),
                (passage.draft.text, passage.body.tokens),
            ])
            defer { replay.clear() }
            try insertFTS.execute(arguments: [passageID, document.title, headings, passage.draft.text])
            if passageIDs == nil { builder.add(passage, id: passageID) }
            statsDelta.add(passage)
        }
        return documentID
    }

    /// Removes a document: its passages leave FTS5 at once and are tombstoned in the lexicon.
    public func deleteDocument(id documentID: Int64) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.id, p.segment_id, c.title, c.headings, c.body, p.title_length, p.headings_length, p.body_length
                FROM passages p JOIN passages_content c ON c.id = p.id WHERE p.document_id = ?
                """, arguments: [documentID])
        let deleteFTS = try db.cachedStatement(
            sql: """
                INSERT INTO passages_fts(passages_fts, rowid, title, headings, body) VALUES ('delete', ?, ?, ?, ?)
                """)
        let tombstone = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO lexicon_deleted(passage_id, segment_id) VALUES (?, ?)")
        for row in rows {
            let passageID: Int64 = row["id"]
            try deleteFTS.execute(arguments: [
                passageID, row["title"] as String, row["headings"] as String, row["body"] as String,
            ])
            try tombstone.execute(arguments: [passageID, row["segment_id"] as Int64])
            statsDelta.remove(
                lengths: FieldTriple(
                    title: row["title_length"], headings: row["headings_length"], body: row["body_length"]))
        }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO vector_deleted(passage_id, segment_id)
                SELECT id, vector_segment FROM passages WHERE document_id = ? AND vector_segment IS NOT NULL
                """, arguments: [documentID])
        try db.execute(sql: "DELETE FROM passages WHERE document_id = ?", arguments: [documentID])
        try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [documentID])
    }

    public func setMeta(_ key: String, _ value: String) throws { try db.setMeta(key, value) }

    /// Records the chunking settings; returns the previous value.
    @discardableResult
    public func recordChunking(_ descriptor: String) throws -> String? {
        let previous = try db.meta(MetaKey.chunking)
        try db.setMeta(MetaKey.chunking, descriptor)
        return previous
    }

    public func recordLastRun(_ json: String) throws { try db.setMeta(MetaKey.lastRun, json) }

    // MARK: Lexicon segments

    private func currentSegmentID() throws -> Int64 {
        if let segmentID { return segmentID }
        try db.execute(
            sql: "INSERT INTO lexicon_segments(passage_count, byte_size, created_at) VALUES (0, 0, ?)",
            arguments: [Date().timeIntervalSince1970])
        segmentID = db.lastInsertedRowID
        return segmentID!
    }

    /// The next passage id this index will hand out (ids are never reused).
    public func nextPassageID() throws -> Int64 {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'passages'") ?? 0
        let maximum = try Int64.fetchOne(db, sql: "SELECT max(id) FROM passages") ?? 0
        return max(sequence, maximum) + 1
    }

    /// Postings for the passages inserted with assigned ids in this transaction.
    public func storePrebuiltSegment(_ draft: LexiconSegmentDraft) {
        precondition(prebuilt == nil && builder.isEmpty, "one segment per transaction")
        prebuilt = draft
    }

    /// Writes the postings gathered in this transaction as one immutable segment.
    func flushSegment() throws {
        try statsDelta.apply(to: db)
        statsDelta = StatsDelta()
        guard let segmentID else { return }
        self.segmentID = nil
        let draft = prebuilt ?? builder.finish()
        prebuilt = nil
        builder = LexiconSegmentBuilder()
        try LexiconStore.write(draft, segmentID: segmentID, to: db)
    }

    func mergeSegments(maxSegments: Int) throws -> Int {
        try flushSegment()
        return try SegmentMerger(db: db).merge(maxSegments: maxSegments)
    }
}

/// Keys that name documents: the path, plus `#member` for a member of a container.
public enum DocumentKey {
    public static func make(path: String, memberID: String?) -> String {
        guard let memberID else { return path }
        return path + "#" + memberID
    }
}

extension SourceRecord {
    init(row: Row) {
        self.init(
            id: row["id"], path: row["path"],
            format: (row["format"] as String?).flatMap(DocumentFormat.init(rawValue:)),
            contentHash: row["content_hash"], byteSize: row["byte_size"], modified: row["modified"],
            indexedAt: row["indexed_at"], status: Status(rawValue: row["status"]) ?? .failed,
            duplicateOf: row["duplicate_of"], error: row["error"])
    }
}

import Foundation
internal import GRDB
import RuminateCore

/// A consistent read-only view of the SQLite index (see `SQLiteIndex.read`).
struct SQLiteReadSession: IndexReading {
    let db: Database

    public func sources() throws -> [SourceRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM sources ORDER BY path").map(SourceRecord.init(row:))
    }

    /// Key → content hash of every document stored for the source at `path`.
    public func storedMemberHashes(path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT d.key, d.content_hash FROM documents d JOIN sources s ON s.id = d.source_id WHERE s.path = ?
                """, arguments: [path])
        {
            result[row[0]] = row[1]
        }
        return result
    }

    public func lexiconStatistics() throws -> LexiconStatistics {
        var totals = [Int64](repeating: 0, count: 3)
        var count = 0
        for row in try Row.fetchAll(db, sql: "SELECT field, passage_count, total_length FROM lexicon_stats") {
            let field: Int = row[0]
            guard (0..<3).contains(field) else { continue }
            totals[field] = row[2]
            count = row[1]
        }
        let maximum =
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'passages'")) ?? 0
        return LexiconStatistics(passageCount: count, totalLength: totals, maximumPassageID: maximum)
    }

    /// Passages deleted but still named by some segment; ranking skips them.
    public func deletedPassages() throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT passage_id FROM lexicon_deleted"))
    }

    /// The encoded postings of `term`, one list per segment that has it, with their entry counts
    /// (tombstoned passages included), so a ranker knows the document frequency before decoding.
    public func postingLists(of term: String, in segments: [Int64], cache: LexiconCache?) throws -> [PostingList] {
        let bytes = Array(term.utf8)
        var lists: [PostingList] = []
        func visit(_ block: UnsafeRawBufferPointer) {
            LexiconBlockCodec.forEachTerm(in: block) { candidate, count, postings in
                guard candidate.count == bytes.count, candidate.elementsEqual(bytes) else { return true }
                lists.append(PostingList(entryCount: count, bytes: Array(postings)))
                return false
            }
        }
        for segment in segments {
            if let cache {
                try cache.withBlock(segmentID: segment, term: bytes, db: db, visit)
            } else {
                _ = try LexiconStore.withBlock(segmentID: segment, term: term, db: db, visit)
            }
        }
        return lists
    }

    /// The lexicon's segment ids.
    public func lexiconSegments() throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM lexicon_segments ORDER BY id"))
    }

    /// Passages by id (missing ids are simply absent).
    public func passages(ids: [Int64]) throws -> [Int64: PassageInfo] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: PassageInfo] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(Self.passageColumns) FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE p.id IN (\(ids.map(String.init).joined(separator: ",")))
                """)
        for row in rows {
            let info = PassageInfo.init(row: row)
            result[info.id] = info
        }
        return result
    }

    /// Passages of one document, in order.
    public func passages(ofDocument documentID: Int64) throws -> [PassageInfo] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(Self.passageColumns) FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE p.document_id = ? ORDER BY p.ordinal
                """, arguments: [documentID]
        ).map(PassageInfo.init(row:))
    }

    public func documents(ids: [Int64]) throws -> [Int64: DocumentInfo] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: DocumentInfo] = [:]
        for row in try Row.fetchAll(
            db, sql: Self.documentSelect + " WHERE d.id IN (\(ids.map(String.init).joined(separator: ",")))")
        {
            let info = DocumentInfo(row: row)
            result[info.id] = info
        }
        return result
    }

    /// A document by id, key, path or member id (in that order of preference).
    public func findDocument(_ reference: String) throws -> DocumentInfo? {
        if let id = Int64(reference),
            let row = try Row.fetchOne(db, sql: Self.documentSelect + " WHERE d.id = ?", arguments: [id])
        {
            return DocumentInfo(row: row)
        }
        for clause in ["d.key = ?", "s.path = ?", "d.member_id = ?"] {
            let rows = try Row.fetchAll(
                db, sql: Self.documentSelect + " WHERE \(clause) ORDER BY d.id LIMIT 2", arguments: [reference])
            if let first = rows.first { return DocumentInfo(row: first) }
        }
        return nil
    }

    public func documentText(id: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [id])
    }

    public func documentMetadata(id: Int64) throws -> [String: String] {
        guard let json = try String.fetchOne(db, sql: "SELECT metadata FROM documents WHERE id = ?", arguments: [id]),
            let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        else { return [:] }
        return object
    }

    /// Runs an FTS5 MATCH expression (advanced syntax, or a pattern built from analysed terms) and
    /// returns passage ids with FTS5's bm25 (negated, so larger is better), best first.
    public func fullTextMatch(_ expression: String, weights: FieldWeights, limit: Int) throws -> [(
        passageID: Int64, score: Double
    )] {
        do {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, -bm25(passages_fts, ?, ?, ?) AS score FROM passages_fts
                    WHERE passages_fts MATCH ? ORDER BY score DESC LIMIT ?
                    """, arguments: [weights.title, weights.headings, weights.body, expression, limit])
            return rows.map { (passageID: $0[0], score: $0[1]) }
        } catch let error as DatabaseError where !QueryInterruption.isInterruption(error) {
            throw RuminateError(
                .invalidQuery,
                "the full-text query `\(expression)` is not valid FTS5 syntax: \(error.message ?? "error")",
                hint:
                    "drop --fts to search plain words, or fix the expression (see https://sqlite.org/fts5.html#full_text_query_syntax)",
                cause: error)
        }
    }

    /// Member ids of documents (e.g. BEIR `_id`s), by document id.
    public func memberIDs(documentIDs: [Int64]) throws -> [Int64: String] {
        guard !documentIDs.isEmpty else { return [:] }
        var result: [Int64: String] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT id, member_id FROM documents WHERE member_id IS NOT NULL AND id IN (\(documentIDs.map(String.init).joined(separator: ",")))"
        ) {
            result[row[0]] = row[1]
        }
        return result
    }

    /// Which document every passage belongs to, for collapsing passage hits into document hits.
    public func passageDocumentMap() throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, document_id FROM passages")
        while let row = try rows.next() { map[row[0]] = row[1] }
        return map
    }

    /// A passage's columns; its text is the slice of its document's text.
    static let passageColumns = """
        p.id AS id, p.document_id AS document_id, p.ordinal AS ordinal, p.start AS start, p."end" AS "end",
        p.headings AS headings, substr(d.text, p.start + 1, p."end" - p.start) AS body, p.page AS page
        """

    static let documentSelect = """
        SELECT d.id, d.key, s.path, d.member_id, d.title, d.format, d.content_hash, s.byte_size, d.passage_count, d.indexed_at
        FROM documents d JOIN sources s ON s.id = d.source_id
        """
}

extension PassageInfo {
    init(row: Row) {
        let headings: String = row["headings"]
        self.init(
            id: row["id"], documentID: row["document_id"], ordinal: row["ordinal"],
            span: SourceSpan(start: row["start"], end: row["end"]),
            headingPath: headings.isEmpty ? [] : headings.components(separatedBy: "\n"),
            text: row["body"], page: row["page"])
    }
}

extension DocumentInfo {
    init(row: Row) {
        self.init(
            id: row["id"], key: row["key"], path: row["path"], memberID: row["member_id"], title: row["title"],
            format: DocumentFormat(rawValue: row["format"]) ?? .text, contentHash: row["content_hash"],
            byteSize: row["byte_size"], passageCount: row["passage_count"], indexedAt: row["indexed_at"])
    }
}

import Foundation
internal import GRDB
import RuminateCore

/// Embeddings ready to store: `vectors` holds `passageIDs.count` rows of `dimension` floats; `quantized` is
/// the scan copy in the vector module's layout (opaque here).
public struct VectorBatch: Sendable {
    public var passageIDs: [Int64]
    public var dimension: Int
    public var vectors: [Float]
    public var quantized: Data

    public init(passageIDs: [Int64], dimension: Int, vectors: [Float], quantized: Data) {
        precondition(vectors.count == passageIDs.count * dimension, "one vector per passage")
        self.passageIDs = passageIDs
        self.dimension = dimension
        self.vectors = vectors
        self.quantized = quantized
    }
}

/// One stored vector segment, as read back.
public struct StoredVectorSegment: Sendable {
    public var id: Int64
    public var dimension: Int
    public var passageIDs: [Int64]
    public var vectors: Data
    public var quantized: Data

    public init(id: Int64, dimension: Int, passageIDs: [Int64], vectors: Data, quantized: Data) {
        self.id = id
        self.dimension = dimension
        self.passageIDs = passageIDs
        self.vectors = vectors
        self.quantized = quantized
    }
}

/// Which model made the index's vectors.
public struct EmbeddingRecord: Sendable, Hashable, Codable {
    public var model: String
    public var dimension: Int

    public init(model: String, dimension: Int) {
        self.model = model
        self.dimension = dimension
    }
}

extension SQLiteWriteSession {
    public func embeddingRecord() throws -> EmbeddingRecord? { try db.embeddingRecord() }

    /// Records `record` as the index's embedding model. When another model made the existing vectors,
    /// they are all dropped (vectors are never mixed) and every passage waits to be embedded again.
    /// Returns the model that was replaced, if any.
    @discardableResult
    public func adoptEmbeddingModel(_ record: EmbeddingRecord) throws -> EmbeddingRecord? {
        let previous = try db.embeddingRecord()
        guard previous != record else { return nil }
        if previous != nil {
            try db.execute(sql: "DELETE FROM vector_segments")
            try db.execute(sql: "DELETE FROM vector_deleted")
            try db.execute(sql: "UPDATE passages SET vector_segment = NULL")
        }
        try db.setMeta(MetaKey.embeddingModel, String(decoding: try JSONEncoder().encode(record), as: UTF8.self))
        return previous
    }

    /// Stores one batch as a new segment; passages deleted meanwhile are tombstoned at once.
    public func storeVectors(_ batch: VectorBatch) throws {
        guard !batch.passageIDs.isEmpty else { return }
        try db.execute(
            sql: """
                INSERT INTO vector_segments(row_count, dimension, passage_ids, vectors, quantized) VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [
                batch.passageIDs.count, batch.dimension, batch.passageIDs.withUnsafeBytes { Data($0) },
                batch.vectors.withUnsafeBytes { Data($0) }, batch.quantized,
            ])
        let segmentID = db.lastInsertedRowID
        let mark = try db.cachedStatement(sql: "UPDATE passages SET vector_segment = ? WHERE id = ?")
        let tombstone = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO vector_deleted(passage_id, segment_id) VALUES (?, ?)")
        for id in batch.passageIDs {
            try mark.execute(arguments: [segmentID, id])
            if db.changesCount == 0 { try tombstone.execute(arguments: [id, segmentID]) }
        }
    }

    /// Replaces segments by one made from their live rows (the caller re-quantised them).
    public func replaceVectorSegments(_ ids: [Int64], with batch: VectorBatch) throws {
        let list = ids.map(String.init).joined(separator: ",")
        try db.execute(sql: "DELETE FROM vector_segments WHERE id IN (\(list))")
        try db.execute(sql: "DELETE FROM vector_deleted WHERE segment_id IN (\(list))")
        try storeVectors(batch)
    }

    public func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)] {
        try SQLiteReadSession(db: db).passagesWithoutVectors(limit: limit)
    }
}

extension SQLiteReadSession {
    public func embeddingRecord() throws -> EmbeddingRecord? { try db.embeddingRecord() }

    /// Passages not embedded yet, oldest first, with the text to embed: title, heading path and body.
    public func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT p.id, d.title, p.headings, substr(d.text, p.start + 1, p."end" - p.start) AS body
                FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE p.vector_segment IS NULL ORDER BY p.id LIMIT ?
                """, arguments: [limit]
        ).map { row in
            let parts = [row["title"] as String, row["headings"] as String, row["body"] as String].filter {
                !$0.isEmpty
            }
            return (row["id"], parts.joined(separator: "\n"))
        }
    }

    public func countPassagesWithoutVectors() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM passages WHERE vector_segment IS NULL") ?? 0
    }

    public func vectorSegmentIDs() throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM vector_segments ORDER BY id"))
    }

    public func vectorSegment(id: Int64) throws -> StoredVectorSegment? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT id, dimension, passage_ids, vectors, quantized FROM vector_segments WHERE id = ?",
                arguments: [id])
        else { return nil }
        let idData: Data = row["passage_ids"]
        let ids = idData.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
        return StoredVectorSegment(
            id: row["id"], dimension: row["dimension"], passageIDs: ids, vectors: row["vectors"],
            quantized: row["quantized"])
    }

    /// A segment's passage ids and dimension, without its vectors (for callers that map them from a cache).
    public func vectorSegmentRows(id: Int64) throws -> (dimension: Int, passageIDs: [Int64])? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT dimension, passage_ids FROM vector_segments WHERE id = ?", arguments: [id])
        else { return nil }
        let idData: Data = row["passage_ids"]
        return (row["dimension"], idData.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) })
    }

    /// The index's creation time: with a segment id (never reused), it names a segment for good.
    public func indexCreatedAt() throws -> String {
        try db.meta(MetaKey.createdAt) ?? "0"
    }

    /// Embedded passages deleted since their segment was written.
    public func deletedVectorPassages() throws -> Set<Int64> {
        Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT passage_id FROM vector_deleted")))
    }

    public func vectorCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM passages WHERE vector_segment IS NOT NULL") ?? 0
    }
}

extension Database {
    func embeddingRecord() throws -> EmbeddingRecord? {
        guard let json = try meta(MetaKey.embeddingModel) else { return nil }
        return try? JSONDecoder().decode(EmbeddingRecord.self, from: Data(json.utf8))
    }
}

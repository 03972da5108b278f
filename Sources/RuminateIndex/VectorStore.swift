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

/// A stored segment's passage ids and dimension, without its vectors, and what its mapped copy (a derived cache)
/// must be called and begin with to be that segment's.
public struct VectorSegmentHeader: Sendable, Hashable {
    public var id: Int64
    public var dimension: Int
    public var passageIDs: [Int64]
    /// The file name (without extension) of the segment's copies: the index's id, the segment's id and a random stamp
    /// drawn when the segment was written. Nil for a segment written by a Ruminate that drew no stamp: it is read
    /// from the index, never from a copy.
    public var cacheName: String?
    /// The first bytes of the stored quantised copy (its header), to check a mapped copy against.
    public var quantizedPrefix: Data

    public init(id: Int64, dimension: Int, passageIDs: [Int64], cacheName: String?, quantizedPrefix: Data) {
        self.id = id
        self.dimension = dimension
        self.passageIDs = passageIDs
        self.cacheName = cacheName
        self.quantizedPrefix = quantizedPrefix
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
            try db.execute(sql: "DELETE FROM index_meta WHERE key LIKE ?", arguments: [MetaKey.vectorStamp + "%"])
        }
        try db.setMeta(MetaKey.embeddingModel, String(decoding: try JSONEncoder().encode(record), as: UTF8.self))
        return previous
    }

    /// Stores one batch as a new segment; passages deleted meanwhile are tombstoned at once. A passage has at most
    /// one vector: a batch naming a passage that has one already is refused (the caller leaves such passages out,
    /// `passagesHavingVectors`), so two writers embedding the same passages can never store them twice.
    public func storeVectors(_ batch: VectorBatch) throws {
        guard !batch.passageIDs.isEmpty else { return }
        let embedded = try SQLiteReadSession(db: db).passagesHavingVectors(batch.passageIDs)
        if !embedded.isEmpty {
            throw RuminateError(
                .storage,
                "\(embedded.count) of the passages to store vectors for have one already (passage \(embedded.min()!))",
                hint: "another process embedded them meanwhile; run `ruminate index` again")
        }
        try db.execute(
            sql: """
                INSERT INTO vector_segments(row_count, dimension, passage_ids, vectors, quantized) VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [
                batch.passageIDs.count, batch.dimension, batch.passageIDs.withUnsafeBytes { Data($0) },
                batch.vectors.withUnsafeBytes { Data($0) }, batch.quantized,
            ])
        let segmentID = db.lastInsertedRowID
        try db.stampVectorSegment(segmentID)
        let mark = try db.cachedStatement(sql: "UPDATE passages SET vector_segment = ? WHERE id = ?")
        let tombstone = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO vector_deleted(passage_id, segment_id) VALUES (?, ?)")
        for id in batch.passageIDs {
            try mark.execute(arguments: [segmentID, id])
            if db.changesCount == 0 { try tombstone.execute(arguments: [id, segmentID]) }
        }
    }

    /// Replaces segments by one made from their live rows (the caller re-quantised them, one row per passage).
    public func replaceVectorSegments(_ ids: [Int64], with batch: VectorBatch) throws {
        let list = ids.map(String.init).joined(separator: ",")
        try db.execute(sql: "DELETE FROM vector_segments WHERE id IN (\(list))")
        try db.execute(sql: "DELETE FROM vector_deleted WHERE segment_id IN (\(list))")
        try db.execute(sql: "UPDATE passages SET vector_segment = NULL WHERE vector_segment IN (\(list))")
        for id in ids {
            try db.execute(sql: "DELETE FROM index_meta WHERE key = ?", arguments: [MetaKey.vectorStamp + String(id)])
        }
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

    /// A segment's passage ids, dimension and cache name, without its vectors (for callers that map them from a
    /// cache).
    public func vectorSegmentHeader(id: Int64) throws -> VectorSegmentHeader? {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT dimension, passage_ids, substr(quantized, 1, 64) AS prefix FROM vector_segments WHERE id = ?",
                arguments: [id])
        else { return nil }
        let idData: Data = row["passage_ids"]
        let stamp = try db.meta(MetaKey.vectorStamp + String(id))
        return VectorSegmentHeader(
            id: id, dimension: row["dimension"],
            passageIDs: idData.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) },
            cacheName: try stamp.map { "\(try db.indexIdentity().id)-\(id)-\($0)" }, quantizedPrefix: row["prefix"])
    }

    public func indexIdentity() throws -> IndexIdentity { try db.indexIdentity() }

    /// Which of `ids` have a vector.
    public func passagesHavingVectors(_ ids: [Int64]) throws -> Set<Int64> {
        var found = Set<Int64>()
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let list = chunk.map(String.init).joined(separator: ",")
            found.formUnion(
                try Int64.fetchAll(
                    db, sql: "SELECT id FROM passages WHERE id IN (\(list)) AND vector_segment IS NOT NULL"))
        }
        return found
    }

    /// Rows of vector segments that are not a passage's one vector: copies of a passage's vector in a segment other
    /// than the one it points to (older Ruminates stored a vector twice when two runs embedded at once), rows of
    /// deleted passages once a newer row exists. Counted from the segments' passage ids and tombstones.
    public func surplusVectorRows() throws -> Int {
        let rows = try Int.fetchOne(db, sql: "SELECT coalesce(sum(row_count), 0) FROM vector_segments") ?? 0
        let deleted = try Int.fetchOne(db, sql: "SELECT count(*) FROM vector_deleted") ?? 0
        return rows - deleted - (try vectorCount())
    }

    /// Embedded passages deleted since their segment was written.
    public func deletedVectorPassages() throws -> Set<Int64> {
        Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT passage_id FROM vector_deleted")))
    }

    public func vectorCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM passages WHERE vector_segment IS NOT NULL") ?? 0
    }
}

extension SQLiteReadSession {
    /// What `verifyIntegrity` finds wrong with the vectors: passages with more than one vector (vector search would
    /// return them more than once) and passages pointing to a segment that does not hold them.
    func vectorProblems() throws -> [String] {
        var owners: [Int64: Int64] = [:]  // passage -> the segment its vector_segment names
        for row in try Row.fetchAll(db, sql: "SELECT id, vector_segment FROM passages WHERE vector_segment IS NOT NULL")
        {
            owners[row[0]] = row[1]
        }
        let deleted = try deletedVectorPassages()
        var copies: [Int64: Int] = [:]
        var held = Set<Int64>()
        for row in try Row.fetchAll(db, sql: "SELECT id, passage_ids FROM vector_segments") {
            let segment: Int64 = row[0]
            let data: Data = row[1]
            for passage in data.withUnsafeBytes({ Array($0.bindMemory(to: Int64.self)) })
            where !deleted.contains(passage) {
                copies[passage, default: 0] += 1
                if owners[passage] == segment { held.insert(passage) }
            }
        }
        var problems: [String] = []
        let repeated = copies.values.filter { $0 > 1 }
        if !repeated.isEmpty {
            problems.append(
                "\(repeated.count) passages have more than one stored vector (\(repeated.reduce(0, +)) vectors for them): "
                    + "vector search returns them more than once until the next `ruminate index` run removes the copies"
            )
        }
        let unheld = owners.count - held.count
        if unheld > 0 {
            problems.append(
                "\(unheld) passages point to a vector segment that does not hold their vector: "
                    + "delete the index and run `ruminate index` again")
        }
        return problems
    }
}

extension MetaKey {
    /// Followed by a vector segment's id: the random stamp drawn when it was written (`VectorSegmentHeader.cacheName`).
    static let vectorStamp = "vector_segment_stamp:"
}

extension Database {
    func stampVectorSegment(_ id: Int64) throws {
        try setMeta(MetaKey.vectorStamp + String(id), String(UInt64.random(in: 1...UInt64.max), radix: 16))
    }

    /// Stamps the segments written before stamps existed, so that they too can be mapped from a cache.
    func stampUnstampedVectorSegments() throws {
        for id in try Int64.fetchAll(self, sql: "SELECT id FROM vector_segments")
        where try meta(MetaKey.vectorStamp + String(id)) == nil {
            try stampVectorSegment(id)
        }
    }

    func embeddingRecord() throws -> EmbeddingRecord? {
        guard let json = try meta(MetaKey.embeddingModel) else { return nil }
        return try? JSONDecoder().decode(EmbeddingRecord.self, from: Data(json.utf8))
    }
}

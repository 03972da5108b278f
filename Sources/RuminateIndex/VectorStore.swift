import Foundation
import GRDB
import RuminateCore

/// Embeddings ready to store: `vectors` holds `passageIDs.count` rows of `dimension` floats; `codes` and
/// `scales` are the quantised copy in the vector module's layout (opaque here).
public struct VectorBatch: Sendable {
    public var passageIDs: [Int64]
    public var dimension: Int
    public var vectors: [Float]
    public var codes: [UInt8]
    public var scales: [UInt8]

    public init(passageIDs: [Int64], dimension: Int, vectors: [Float], codes: [UInt8], scales: [UInt8]) {
        precondition(vectors.count == passageIDs.count * dimension, "one vector per passage")
        self.passageIDs = passageIDs
        self.dimension = dimension
        self.vectors = vectors
        self.codes = codes
        self.scales = scales
    }
}

/// One stored quantised segment.
public struct StoredVectorSegment: Sendable {
    public var id: Int64
    public var passageIDs: [Int64]
    public var codes: Data
    public var scales: Data
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

extension IndexWriteSession {
    /// The model recorded for the index's vectors, if any.
    public func embeddingRecord() throws -> EmbeddingRecord? {
        try db.embeddingRecord()
    }

    /// Records `record` as the index's embedding model. When another model made the existing vectors,
    /// they are all dropped (never mixed) and the caller re-embeds; returns the model that was replaced.
    @discardableResult
    public func adoptEmbeddingModel(_ record: EmbeddingRecord) throws -> EmbeddingRecord? {
        let previous = try db.embeddingRecord()
        if previous != record {
            if previous != nil {
                try db.execute(sql: "DELETE FROM passage_vectors")
                try db.execute(sql: "DELETE FROM vector_segments")
            }
            let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
            try db.setMeta(MetaKey.embeddingModel, json)
        }
        return previous == record ? nil : previous
    }

    /// Stores a batch of passage vectors and its quantised segment. Passages deleted meanwhile are skipped.
    public func storeVectors(_ batch: VectorBatch) throws {
        guard !batch.passageIDs.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO passage_vectors(passage_id, vector) VALUES (?, ?)")
        let exists = try db.cachedStatement(sql: "SELECT 1 FROM passages WHERE id = ?")
        let bytesPerVector = batch.dimension * MemoryLayout<Float>.size
        try batch.vectors.withUnsafeBytes { raw in
            for (row, id) in batch.passageIDs.enumerated() {
                guard try Bool.fetchOne(exists, arguments: [id]) == true else { continue }
                let data = Data(raw[(row * bytesPerVector)..<((row + 1) * bytesPerVector)])
                try insert.execute(arguments: [id, data])
            }
        }
        let ids = batch.passageIDs.withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT INTO vector_segments(row_count, passage_ids, codes, scales) VALUES (?, ?, ?, ?)",
                       arguments: [batch.passageIDs.count, ids, Data(batch.codes), Data(batch.scales)])
    }

    /// Replaces the given segments by one (a merge done by the caller, who re-quantised the rows).
    public func replaceVectorSegments(_ ids: [Int64], with batch: VectorBatch) throws {
        let list = ids.map(String.init).joined(separator: ",")
        try db.execute(sql: "DELETE FROM vector_segments WHERE id IN (\(list))")
        let idBytes = batch.passageIDs.withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT INTO vector_segments(row_count, passage_ids, codes, scales) VALUES (?, ?, ?, ?)",
                       arguments: [batch.passageIDs.count, idBytes, Data(batch.codes), Data(batch.scales)])
    }

    /// Passages that have no vector yet, oldest first, with the text to embed (title, headings, body).
    public func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)] {
        try IndexReadSession(db: db).passagesWithoutVectors(limit: limit)
    }
}

extension IndexReadSession {
    public func embeddingRecord() throws -> EmbeddingRecord? { try db.embeddingRecord() }

    public func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)] {
        try Row.fetchAll(db, sql: """
            SELECT p.id, d.title, p.headings, substr(d.text, p.start + 1, p."end" - p.start) AS body
            FROM passages p JOIN documents d ON d.id = p.document_id
            LEFT JOIN passage_vectors v ON v.passage_id = p.id
            WHERE v.passage_id IS NULL ORDER BY p.id LIMIT ?
            """, arguments: [limit]).map { row in
            let parts = [row["title"] as String, row["headings"] as String, row["body"] as String].filter { !$0.isEmpty }
            return (row["id"], parts.joined(separator: "\n"))
        }
    }

    public func countPassagesWithoutVectors() throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM passages p LEFT JOIN passage_vectors v ON v.passage_id = p.id WHERE v.passage_id IS NULL
            """) ?? 0
    }

    public func vectorSegmentIDs() throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM vector_segments ORDER BY id")
    }

    public func vectorSegment(id: Int64) throws -> StoredVectorSegment? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, passage_ids, codes, scales FROM vector_segments WHERE id = ?", arguments: [id]) else { return nil }
        let idData: Data = row["passage_ids"]
        let ids = idData.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
        return StoredVectorSegment(id: row["id"], passageIDs: ids, codes: row["codes"], scales: row["scales"])
    }

    /// Float32 vectors of the given passages (deleted ones are absent).
    public func vectors(for ids: [Int64]) throws -> [Int64: [Float]] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: [Float]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT passage_id, vector FROM passage_vectors WHERE passage_id IN (\(ids.map(String.init).joined(separator: ",")))") {
            let data: Data = row[1]
            result[row[0]] = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        return result
    }

    public func vectorCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM passage_vectors") ?? 0
    }
}

extension Database {
    func embeddingRecord() throws -> EmbeddingRecord? {
        guard let json = try meta(MetaKey.embeddingModel) else { return nil }
        return try? JSONDecoder().decode(EmbeddingRecord.self, from: Data(json.utf8))
    }
}

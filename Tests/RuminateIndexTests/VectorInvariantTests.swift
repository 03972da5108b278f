import Foundation
import GRDB
import RuminateCore
import Testing

@testable import RuminateIndex

/// A passage has at most one stored vector, and the index says who it is: caches derived from it are keyed by its
/// identity.
@Suite struct VectorInvariantTests {
    private func batch(_ ids: [Int64], value: Float = 1) -> VectorBatch {
        VectorBatch(
            passageIDs: ids, dimension: 2, vectors: ids.flatMap { _ in [value, 0] }, quantized: Data([7, 7, 7, 7]))
    }

    private func indexWithPassages() throws -> (SQLiteIndex, [Int64]) {
        let index = try makeTemporaryIndex()
        try store([prepared(key: "/corpus/a.txt", title: "A", paragraphs: ["alpha beta", "gamma delta"])], in: index)
        let ids = try index.read { try $0.passagesWithoutVectors(limit: 10).map(\.id) }
        try index.write { try $0.adoptEmbeddingModel(EmbeddingRecord(model: "m", dimension: 2)) }
        return (index, ids)
    }

    @Test func aSecondVectorForAPassageIsRefusedAndNothingOfItsBatchIsStored() throws {
        let (index, ids) = try indexWithPassages()
        try index.write { try $0.storeVectors(batch([ids[0]])) }
        #expect(throws: RuminateError.self) { try index.write { try $0.storeVectors(batch(ids, value: 2)) } }
        #expect(try index.read { try $0.vectorSegmentIDs() }.count == 1)
        #expect(try index.read { try $0.passagesHavingVectors(ids) } == [ids[0]])
        #expect(try index.read { try $0.surplusVectorRows() } == 0)
        #expect(try index.verifyIntegrity() == [])
    }

    @Test func passagesStoredTwiceByAnOlderVersionAreReportedByTheIntegrityCheck() throws {
        let (index, ids) = try indexWithPassages()
        try index.write { try $0.storeVectors(batch(ids)) }
        // What two concurrent runs of an older Ruminate left: a second segment holding the same passages.
        try index.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO vector_segments(row_count, dimension, passage_ids, vectors, quantized)
                    SELECT row_count, dimension, passage_ids, vectors, quantized FROM vector_segments
                    """)
            try db.execute(sql: "UPDATE passages SET vector_segment = ?", arguments: [db.lastInsertedRowID])
        }
        #expect(try index.read { try $0.surplusVectorRows() } == 2)
        let problems = try index.verifyIntegrity()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("2 passages have more than one stored vector") == true, "\(problems)")
    }

    @Test func anIndexHasARandomIdKeptByItsCopiesAndAGenerationEveryCommittedWriteBumps() throws {
        let index = try makeTemporaryIndex()
        let created = try index.read { try $0.indexIdentity() }
        #expect(UUID(uuidString: created.id) != nil)
        #expect(try makeTemporaryIndex().read { try $0.indexIdentity() }.id != created.id)
        try store([prepared(key: "/corpus/a.txt", title: "A", paragraphs: ["alpha beta"])], in: index)
        try index.write { try $0.setMeta("x", "1") }
        try index.mergeSegments(maxSegments: 8)
        let written = try index.read { try $0.indexIdentity() }
        #expect(written.id == created.id)
        #expect(written.generation == created.generation + 3)
        #expect(written.continues(created))
        #expect(!created.continues(written))
        // A failed write commits nothing and counts nothing.
        _ = try? index.write { _ in throw RuminateError(.storage, "no") }
        #expect(try index.read { try $0.indexIdentity() } == written)
        let status = try index.status()
        #expect(status.indexID == created.id && status.writeGeneration == written.generation)
        // A copy is the same index at the same point of its history.
        try index.flush()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(atPath: index.path, toPath: copy.path)
        #expect(try SQLiteIndex(path: copy.path, create: false).read { try $0.indexIdentity() } == written)
    }

    @Test func anIndexMadeBeforeIdsGetsOneAndItsSegmentsStampsWhenOpenedForWriting() throws {
        let (index, ids) = try indexWithPassages()
        try index.write { try $0.storeVectors(batch(ids)) }
        try index.pool.write { db in
            try db.execute(sql: "DELETE FROM index_meta WHERE key = 'index_id' OR key LIKE 'vector_segment_stamp:%'")
        }
        let reader = try SQLiteIndex(path: index.path, create: false)
        #expect(try reader.read { try $0.indexIdentity() }.id.hasPrefix("created-"))
        let segment = try #require(try reader.read { try $0.vectorSegmentIDs() }.first)
        // A segment without a stamp is never mapped from a cache file.
        #expect(try reader.read { try $0.vectorSegmentHeader(id: segment) }?.cacheName == nil)
        let writer = try SQLiteIndex(path: index.path, create: true)
        let id = try writer.read { try $0.indexIdentity() }.id
        #expect(UUID(uuidString: id) != nil)
        let name = try #require(try writer.read { try $0.vectorSegmentHeader(id: segment) }?.cacheName)
        #expect(name.hasPrefix("\(id)-\(segment)-"))
    }
}

import Foundation
internal import GRDB

/// Which index, at which point of its history: a random id drawn when the index is created (a copy keeps it) and
/// the write generation, a counter every committing write bumps. Caches derived from the index (the mapped vector
/// segments, a long-lived searcher's segments) are keyed by them: another index at the same path has another id,
/// and a generation lower than one already seen means an older copy was put back.
public struct IndexIdentity: Sendable, Hashable, Codable {
    public var id: String
    public var generation: Int64

    public init(id: String, generation: Int64) {
        self.id = id
        self.generation = generation
    }

    /// Whether caches built from `earlier` may still be used now: same index, history not rewound.
    public func continues(_ earlier: IndexIdentity) -> Bool {
        id == earlier.id && generation >= earlier.generation
    }
}

extension Database {
    /// The index's identity. An index made before ids existed has none until it is opened for writing; its creation
    /// time stands in meanwhile.
    func indexIdentity() throws -> IndexIdentity {
        let id = try meta(MetaKey.indexID) ?? "created-" + (try meta(MetaKey.createdAt) ?? "0")
        return IndexIdentity(id: id, generation: Int64(try meta(MetaKey.writeGeneration) ?? "") ?? 0)
    }

    /// Gives the index its random id, unless it has one.
    func assignIndexID() throws {
        guard try meta(MetaKey.indexID) == nil else { return }
        try setMeta(MetaKey.indexID, UUID().uuidString.lowercased())
    }

    /// Counts one more committing write; called inside every write transaction.
    func bumpWriteGeneration() throws {
        try execute(
            sql: """
                INSERT INTO index_meta(key, value) VALUES (?, '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
                """, arguments: [MetaKey.writeGeneration])
    }
}

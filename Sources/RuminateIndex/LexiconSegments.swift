import Foundation
import GRDB

/// Gathers the postings of one transaction's passages; written as one segment at commit.
final class SegmentBuilder {
    let id: Int64
    private var postings: [String: PendingPostings] = [:]
    private var passageCount = 0

    init(id: Int64) { self.id = id }

    func add(_ passage: PreparedPassage, id passageID: Int64) {
        passageCount += 1
        let lengths = passage.lengths
        for item in passage.terms {
            postings[item.term, default: PendingPostings()].append(PostingEntry(passageID: passageID, termFrequency: item.frequency, fieldLength: lengths))
        }
    }

    func write(to db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO lexicon_postings(term, segment_id, entry_count, postings) VALUES (?, ?, ?, ?)")
        var bytes = 0
        // In term order, so the B-tree is filled in one sweep rather than at random places.
        for (term, pending) in postings.sorted(by: { $0.key < $1.key }) {
            bytes += pending.bytes.count
            try insert.execute(arguments: [term, id, pending.count, Data(pending.bytes)])
        }
        try db.execute(sql: "UPDATE lexicon_segments SET passage_count = ?, byte_size = ? WHERE id = ?",
                       arguments: [passageCount, bytes, id])
    }
}

struct PendingPostings {
    var bytes: [UInt8] = []
    var lastID: Int64 = 0
    var count = 0

    mutating func append(_ entry: PostingEntry) {
        PostingsCodec.append(entry, after: lastID, to: &bytes)
        lastID = entry.passageID
        count += 1
    }
}

extension FieldTriple {
    static let zero = FieldTriple(title: 0, headings: 0, body: 0)
}

/// Changes to `lexicon_stats` made by one transaction, applied at its end.
struct StatsDelta {
    private var passages = 0
    private var lengths = [Int64](repeating: 0, count: 3)

    mutating func add(_ passage: PreparedPassage) {
        passages += 1
        for field in LexicalField.allCases { lengths[field.rawValue] += Int64(passage.lengths[field]) }
    }

    mutating func remove(lengths removed: FieldTriple) {
        passages -= 1
        for field in LexicalField.allCases { lengths[field.rawValue] -= Int64(removed[field]) }
    }

    func apply(to db: Database) throws {
        guard passages != 0 || lengths.contains(where: { $0 != 0 }) else { return }
        for field in LexicalField.allCases {
            try db.execute(sql: """
                UPDATE lexicon_stats SET passage_count = passage_count + ?, total_length = total_length + ? WHERE field = ?
                """, arguments: [passages, lengths[field.rawValue], field.rawValue])
        }
    }
}

/// Tiered merging: many small segments (one per indexing transaction) are folded into one,
/// dropping tombstoned passages, so queries read few blobs per term and deletions are purged.
struct SegmentMerger {
    let db: Database

    /// Merges when there are more than `maxSegments` segments; returns how many were merged.
    func merge(maxSegments: Int) throws -> Int {
        let segments = try Row.fetchAll(db, sql: "SELECT id, passage_count FROM lexicon_segments ORDER BY passage_count, id")
            .map { (id: $0["id"] as Int64, passages: $0["passage_count"] as Int) }
        guard segments.count > maxSegments else { return 0 }
        // Merge the smallest ones so that at most half the limit remains.
        let victims = Array(segments.prefix(segments.count - max(1, maxSegments / 2) + 1)).map(\.id)
        try mergeSegments(victims)
        return victims.count
    }

    /// Merges every segment into one (used by `optimize`).
    func mergeAll() throws {
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM lexicon_segments")
        let tombstones = try Int.fetchOne(db, sql: "SELECT count(*) FROM lexicon_deleted") ?? 0
        if ids.count > 1 || tombstones > 0 {
            try mergeSegments(ids)
        }
    }

    private func mergeSegments(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        let list = ids.map(String.init).joined(separator: ",")
        let deleted = Set(try Int64.fetchAll(db, sql: "SELECT passage_id FROM lexicon_deleted WHERE segment_id IN (\(list))"))
        try db.execute(sql: "INSERT INTO lexicon_segments(passage_count, byte_size, created_at) VALUES (0, 0, ?)",
                       arguments: [Date().timeIntervalSince1970])
        let target = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: "INSERT INTO lexicon_postings(term, segment_id, entry_count, postings) VALUES (?, ?, ?, ?)")
        var bytes = 0
        var currentTerm: String?
        var entries: [PostingEntry] = []
        func emit() throws {
            guard let term = currentTerm, !entries.isEmpty else { return }
            entries.sort { $0.passageID < $1.passageID }
            var pending = PendingPostings()
            for entry in entries { pending.append(entry) }
            bytes += pending.bytes.count
            try insert.execute(arguments: [term, target, pending.count, Data(pending.bytes)])
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT term, postings FROM lexicon_postings WHERE segment_id IN (\(list)) ORDER BY term
            """)
        while let row = try rows.next() {
            let term: String = row[0]
            if term != currentTerm {
                try emit()
                currentTerm = term
                entries.removeAll(keepingCapacity: true)
            }
            try row.withUnsafeData(atIndex: 1) { data in
                guard let data else { return }
                data.withUnsafeBytes { buffer in
                    _ = PostingsCodec.decode(buffer) { entry in
                        if !deleted.contains(entry.passageID) { entries.append(entry) }
                    }
                }
            }
        }
        try emit()
        try db.execute(sql: "DELETE FROM lexicon_postings WHERE segment_id IN (\(list))")
        try db.execute(sql: "DELETE FROM lexicon_deleted WHERE segment_id IN (\(list))")
        try db.execute(sql: "UPDATE passages SET segment_id = ? WHERE segment_id IN (\(list))", arguments: [target])
        try db.execute(sql: "DELETE FROM lexicon_segments WHERE id IN (\(list))")
        let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM passages WHERE segment_id = ?", arguments: [target]) ?? 0
        try db.execute(sql: "UPDATE lexicon_segments SET passage_count = ?, byte_size = ? WHERE id = ?", arguments: [live, bytes, target])
    }
}

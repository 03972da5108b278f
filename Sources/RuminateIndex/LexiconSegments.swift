import Foundation
internal import GRDB

/// Builds one lexicon segment's postings. It needs no database, so the ingest stage runs it on its
/// preparing thread (with passage ids it assigns in the writer's order) and hands the finished draft
/// to the writer, which only stores the blocks.
public struct LexiconSegmentBuilder: Sendable {
    private var postings: [String: PendingPostings] = [:]
    private(set) var passageCount = 0

    public init() {}

    public mutating func add(_ passage: PreparedPassage, id passageID: Int64) {
        passageCount += 1
        let lengths = passage.lengths
        for item in passage.terms {
            postings[item.term, default: PendingPostings()].append(
                PostingEntry(passageID: passageID, termFrequency: item.frequency, fieldLength: lengths))
        }
    }

    public var isEmpty: Bool { passageCount == 0 }

    public func finish() -> LexiconSegmentDraft {
        let sorted = postings.sorted { String.utf8Precedes($0.key, $1.key) }
        let blocks = LexiconBlockCodec.encode(sorted.map { ($0.key, $0.value.count, $0.value.bytes) })
        return LexiconSegmentDraft(blocks: blocks, passageCount: passageCount)
    }
}

/// A segment ready to store.
public struct LexiconSegmentDraft: Sendable {
    /// The segment's blocks, in term order: what a backend stores.
    public internal(set) var blocks: [LexiconBlock]
    public var passageCount: Int
    public var byteSize: Int { blocks.reduce(0) { $0 + $1.bytes.count } }
}

struct PendingPostings: Sendable {
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

enum LexiconStore {
    static func write(_ draft: LexiconSegmentDraft, segmentID: Int64, to db: Database) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO lexicon_blocks(segment_id, first_term, term_count, block) VALUES (?, ?, ?, ?)")
        for block in draft.blocks {
            try insert.execute(arguments: [segmentID, block.firstTerm, block.termCount, Data(block.bytes)])
        }
        try db.execute(
            sql: "UPDATE lexicon_segments SET passage_count = ?, byte_size = ? WHERE id = ?",
            arguments: [draft.passageCount, draft.byteSize, segmentID])
    }

    /// The block of `segmentID` that would hold `term`.
    static func withBlock<T>(segmentID: Int64, term: String, db: Database, _ body: (UnsafeRawBufferPointer) -> T) throws
        -> T?
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT block FROM lexicon_blocks WHERE segment_id = ? AND first_term <= ? ORDER BY first_term DESC LIMIT 1
                """)
        guard let row = try Row.fetchOne(statement, arguments: [segmentID, term]) else { return nil }
        return try row.withUnsafeData(atIndex: 0) { data in
            data.map { $0.withUnsafeBytes { body($0) } }
        }
    }
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
            try db.execute(
                sql: """
                    UPDATE lexicon_stats SET passage_count = passage_count + ?, total_length = total_length + ? WHERE field = ?
                    """, arguments: [passages, lengths[field.rawValue], field.rawValue])
        }
    }
}

/// Tiered merging: many small segments (one per indexing transaction) are folded into one, dropping
/// tombstoned passages, so queries read few blocks per term and deletions are purged. A segment whose
/// passages are largely deleted is rewritten whatever the count: its tombstones would otherwise keep
/// inflating document frequencies (idf counts every posting), e.g. after a run that re-extracts everything.
struct SegmentMerger {
    let db: Database

    /// The share of a segment's passages that, once deleted, gets it rewritten.
    static let reclaimedShare = 0.25

    /// Merges when there are more than `maxSegments` segments, or when some are mostly tombstones; returns how
    /// many were merged.
    func merge(maxSegments: Int) throws -> Int {
        let segments = try Row.fetchAll(
            db, sql: "SELECT id, passage_count FROM lexicon_segments ORDER BY passage_count, id"
        )
        .map { (id: $0["id"] as Int64, passages: $0["passage_count"] as Int) }
        let deleted = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT segment_id, count(*) AS n FROM lexicon_deleted GROUP BY segment_id"
            ).map { ($0["segment_id"] as Int64, $0["n"] as Int) })
        var victims = Set(
            segments.filter {
                guard let gone = deleted[$0.id] else { return false }
                return Double(gone) >= Self.reclaimedShare * Double(max(1, $0.passages))
            }.map(\.id))
        if segments.count > maxSegments {
            // Merge the smallest ones so that at most half the limit remains.
            victims.formUnion(segments.prefix(segments.count - max(1, maxSegments / 2) + 1).map(\.id))
        }
        guard !victims.isEmpty else { return 0 }
        try mergeSegments(segments.map(\.id).filter(victims.contains))
        return victims.count
    }

    /// A k-way merge over the victims' blocks in term order: memory stays at one term's postings.
    private func mergeSegments(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        let list = ids.map(String.init).joined(separator: ",")
        let deleted = Set(
            try Int64.fetchAll(db, sql: "SELECT passage_id FROM lexicon_deleted WHERE segment_id IN (\(list))"))
        try db.execute(
            sql: "INSERT INTO lexicon_segments(passage_count, byte_size, created_at) VALUES (0, 0, ?)",
            arguments: [Date().timeIntervalSince1970])
        let target = db.lastInsertedRowID
        var cursors = try ids.map { try SegmentTermCursor(segmentID: $0, db: db) }
        var merged: [(term: String, entryCount: Int, postings: [UInt8])] = []
        var entries: [PostingEntry] = []
        while let term = cursors.compactMap(\.currentTerm).min(by: String.utf8Precedes) {
            entries.removeAll(keepingCapacity: true)
            for i in cursors.indices where cursors[i].currentTerm == term {
                for entry in cursors[i].currentEntries where !deleted.contains(entry.passageID) {
                    entries.append(entry)
                }
                try cursors[i].advance()
            }
            guard !entries.isEmpty else { continue }
            entries.sort { $0.passageID < $1.passageID }
            var pending = PendingPostings()
            for entry in entries { pending.append(entry) }
            merged.append((term, pending.count, pending.bytes))
        }
        let draft = LexiconSegmentDraft(blocks: LexiconBlockCodec.encode(merged), passageCount: 0)
        try db.execute(sql: "DELETE FROM lexicon_blocks WHERE segment_id IN (\(list))")
        try db.execute(sql: "DELETE FROM lexicon_deleted WHERE segment_id IN (\(list))")
        try db.execute(sql: "UPDATE passages SET segment_id = ? WHERE segment_id IN (\(list))", arguments: [target])
        try db.execute(sql: "DELETE FROM lexicon_segments WHERE id IN (\(list))")
        try LexiconStore.write(draft, segmentID: target, to: db)
        let live =
            try Int.fetchOne(db, sql: "SELECT count(*) FROM passages WHERE segment_id = ?", arguments: [target]) ?? 0
        try db.execute(sql: "UPDATE lexicon_segments SET passage_count = ? WHERE id = ?", arguments: [live, target])
    }
}

/// Walks one segment's terms in order, a block at a time.
struct SegmentTermCursor {
    private let segmentID: Int64
    private let db: Database
    private var pendingTerms: [(term: String, entries: [PostingEntry])] = []
    private var position = 0
    private var nextBlockAfter: String?
    private var exhausted = false

    init(segmentID: Int64, db: Database) throws {
        self.segmentID = segmentID
        self.db = db
        try loadNextBlock()
    }

    var currentTerm: String? { position < pendingTerms.count ? pendingTerms[position].term : nil }
    var currentEntries: [PostingEntry] { position < pendingTerms.count ? pendingTerms[position].entries : [] }

    mutating func advance() throws {
        position += 1
        if position >= pendingTerms.count { try loadNextBlock() }
    }

    private mutating func loadNextBlock() throws {
        guard !exhausted else { return }
        let row: Row?
        if let after = nextBlockAfter {
            row = try Row.fetchOne(
                db,
                sql:
                    "SELECT first_term, block FROM lexicon_blocks WHERE segment_id = ? AND first_term > ? ORDER BY first_term LIMIT 1",
                arguments: [segmentID, after])
        } else {
            row = try Row.fetchOne(
                db,
                sql: "SELECT first_term, block FROM lexicon_blocks WHERE segment_id = ? ORDER BY first_term LIMIT 1",
                arguments: [segmentID])
        }
        guard let row else {
            exhausted = true
            return
        }
        nextBlockAfter = row[0]
        var terms: [(String, [PostingEntry])] = []
        _ = try row.withUnsafeData(atIndex: 1) { data in
            data?.withUnsafeBytes { block in
                LexiconBlockCodec.forEachTerm(in: block) { term, _, postings in
                    var entries: [PostingEntry] = []
                    PostingsCodec.decode(postings) { entries.append($0) }
                    terms.append((String(decoding: term, as: UTF8.self), entries))
                    return true
                }
            }
        }
        pendingTerms = terms
        position = 0
        if pendingTerms.isEmpty { try loadNextBlock() }
    }
}

extension PostingList {
    /// Encodes `entries` (sorted by passage id) as one list: what a backend that keeps postings some other
    /// way hands the rankers.
    public init(entries: [PostingEntry]) {
        var pending = PendingPostings()
        for entry in entries { pending.append(entry) }
        self.init(entryCount: pending.count, bytes: pending.bytes)
    }
}

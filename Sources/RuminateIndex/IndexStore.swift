import Foundation
import RuminateCore

/// What a storage backend offers beyond what every backend must.
public struct IndexCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Full-text expressions in the backend's own syntax (SQLite's FTS5: phrases, NEAR, column filters,
    /// boolean operators): `ruminate search --fts`, and the any-word fallback for queries of stopwords only.
    public static let fullTextSyntax = IndexCapabilities(rawValue: 1 << 0)
    /// Writes: a store opened read-only lacks it, and nothing beside it (the vector cache) is written either.
    public static let writing = IndexCapabilities(rawValue: 1 << 1)
}

/// An index's storage: one collection's sources, documents, passages, lexicon segments and vector segments,
/// read in consistent views and written in transactions. `SQLiteIndex` (one WAL-mode file) is the first
/// implementation; another backend implements these protocols and everything above RuminateIndex works on
/// it. Synchronous on purpose: the engine runs on worker threads, never on Swift's cooperative pool, so a
/// backend with an asynchronous client bridges inside its own methods.
public protocol IndexStore: AnyObject, Sendable {
    /// Where the index lives (the SQLite file's absolute path), shown to users and recorded in answers.
    var path: String { get }
    /// Files kept beside the index on this machine: the vector segments' mapped copies, the site mirror.
    var files: IndexFiles { get }
    var capabilities: IndexCapabilities { get }

    /// Runs `body` on a consistent snapshot; never blocks on a writer.
    func read<T>(_ body: (any IndexReading) throws -> T) throws -> T
    /// `read`, with the backend's own statements stopped once `deadline` passes (an `interrupted` error).
    func read<T>(until deadline: QueryDeadline?, _ body: (any IndexReading) throws -> T) throws -> T
    /// Runs `body` in one transaction: all of it is stored, or (after an error or a kill) none.
    func write<T>(_ body: (any IndexWriting) throws -> T) throws -> T
    /// Merges small lexicon segments (tiered: past `maxSegments`, the smallest); returns how many were merged.
    @discardableResult
    func mergeSegments(maxSegments: Int) throws -> Int
    /// After a burst of writes, makes the stored index self-contained (SQLite: writes the WAL back into the file).
    func flush() throws
    func status() throws -> IndexStatus
    /// The backend's own consistency checks plus the index's (passages and their documents, lexicon
    /// statistics); an empty list means healthy.
    func verifyIntegrity() throws -> [String]
}

/// Documents, their stored text and their passages.
public protocol DocumentReading {
    func documents(ids: [Int64]) throws -> [Int64: DocumentInfo]
    /// A document by id, key, path or member id (in that order of preference).
    func findDocument(_ reference: String) throws -> DocumentInfo?
    func documentText(id: Int64) throws -> String?
    func documentMetadata(id: Int64) throws -> [String: String]
    /// Member ids of documents (e.g. BEIR `_id`s), by document id.
    func memberIDs(documentIDs: [Int64]) throws -> [Int64: String]
    /// Passages by id (missing ids are simply absent); a passage's text is the slice of its document's.
    func passages(ids: [Int64]) throws -> [Int64: PassageInfo]
    /// Passages of one document, in order.
    func passages(ofDocument documentID: Int64) throws -> [PassageInfo]
    /// Which document every passage belongs to.
    func passageDocumentMap() throws -> [Int64: Int64]
}

/// The lexicon: collection statistics, immutable postings segments and their tombstones.
public protocol LexiconReading {
    func lexiconStatistics() throws -> LexiconStatistics
    /// The lexicon's segment ids, oldest first.
    func lexiconSegments() throws -> [Int64]
    /// Passages deleted but still named by some segment; ranking skips them.
    func deletedPassages() throws -> Set<Int64>
    /// The encoded postings of `term`, one list per segment that has it, with their entry counts (tombstoned
    /// passages included). `cache` keeps blocks of immutable segments across calls; a backend may ignore it.
    func postingLists(of term: String, in segments: [Int64], cache: LexiconCache?) throws -> [PostingList]
    /// An expression in the backend's full-text syntax, passage ids with scores best first (larger is
    /// better). Only for a store with `IndexCapabilities.fullTextSyntax`; others throw.
    func fullTextMatch(_ expression: String, weights: FieldWeights, limit: Int) throws -> [(
        passageID: Int64, score: Double
    )]
}

/// Passage embeddings: immutable vector segments, their tombstones and the model that made them.
public protocol VectorReading {
    func embeddingRecord() throws -> EmbeddingRecord?
    /// How many passages have a vector.
    func vectorCount() throws -> Int
    func vectorSegmentIDs() throws -> [Int64]
    func vectorSegment(id: Int64) throws -> StoredVectorSegment?
    /// A segment's passage ids, dimension and cache name, without its vectors (for callers that map them from a
    /// cache).
    func vectorSegmentHeader(id: Int64) throws -> VectorSegmentHeader?
    /// Embedded passages deleted since their segment was written.
    func deletedVectorPassages() throws -> Set<Int64>
    /// Which of `ids` have a vector (a passage has at most one).
    func passagesHavingVectors(_ ids: [Int64]) throws -> Set<Int64>
    /// Segment rows beyond one per embedded passage, deleted passages' rows aside: copies left by older versions,
    /// which the next merge drops.
    func surplusVectorRows() throws -> Int
    /// The index's random id and write generation, which key the caches derived from it.
    func indexIdentity() throws -> IndexIdentity
    /// Passages not embedded yet, oldest first, with the text to embed: title, heading path and body.
    func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)]
    func countPassagesWithoutVectors() throws -> Int
}

/// Live passage count and average field lengths: the collection statistics BM25 needs.
public struct LexiconStatistics: Sendable, Hashable {
    public var passageCount: Int
    public var totalLength: [Int64]  // indexed by LexicalField.rawValue
    /// The largest passage id ever handed out (ids are never reused), for sizing dense score arrays.
    public var maximumPassageID: Int64 = 0

    public init(passageCount: Int, totalLength: [Int64], maximumPassageID: Int64 = 0) {
        self.passageCount = passageCount
        self.totalLength = totalLength
        self.maximumPassageID = maximumPassageID
    }

    public func averageLength(_ field: LexicalField) -> Double {
        passageCount > 0 ? Double(totalLength[field.rawValue]) / Double(passageCount) : 0
    }
}

/// The crawled sources, as the ingest stage compares them with what it finds.
public protocol SourceReading {
    func sources() throws -> [SourceRecord]
    /// Key → content hash of every document stored for the source at `path`.
    func storedMemberHashes(path: String) throws -> [String: String]
}

/// A consistent read-only view of an index (`IndexStore.read`).
public protocol IndexReading: DocumentReading, LexiconReading, VectorReading, SourceReading {}

extension IndexStore {
    /// For a backend that cannot stop its own statements: the deadline is checked before the read, and the
    /// rankers check it in their loops.
    public func read<T>(until deadline: QueryDeadline?, _ body: (any IndexReading) throws -> T) throws -> T {
        try deadline?.check()
        return try read(body)
    }
}

extension LexiconReading {
    public func fullTextMatch(_ expression: String, weights: FieldWeights, limit: Int) throws -> [(
        passageID: Int64, score: Double
    )] {
        throw IndexCapabilities.missing(.fullTextSyntax)
    }
}

extension IndexCapabilities {
    /// The error for asking a store for what it cannot do.
    public static func missing(_ capability: IndexCapabilities) -> RuminateError {
        RuminateError(
            .invalidQuery, "this index's storage has no full-text query syntax",
            hint: "drop --fts to search plain words")
    }
}

/// Everything the ingest stage may change, inside one transaction (`IndexStore.write`).
public protocol IndexWriting: AnyObject {
    /// Reads inside this transaction (they see its own changes).
    var reader: any IndexReading { get }

    func sources() throws -> [SourceRecord]
    func source(path: String) throws -> SourceRecord?
    /// Inserts or updates the record for `record.path`; returns its id.
    @discardableResult
    func saveSource(_ record: SourceRecord) throws -> Int64
    /// A file moved: its documents follow it without being re-analysed.
    func renameSource(from oldPath: String, to newPath: String, modified: Double) throws
    /// Removes a source and everything indexed from it.
    func deleteSource(path: String) throws

    func members(ofSource sourceID: Int64) throws -> [StoredMember]
    /// Stores a document, its passages and their postings; returns the document id. With `passageIDs`, the
    /// caller assigned the passages' ids (in insertion order) and supplies their postings as one prebuilt
    /// segment (`storePrebuiltSegment`).
    @discardableResult
    func insert(_ document: PreparedDocument, sourceID: Int64, indexedAt: Double, passageIDs: [Int64]?) throws -> Int64
    /// Removes a document: its passages are tombstoned in the lexicon and the vector segments.
    func deleteDocument(id documentID: Int64) throws
    /// The next passage id this index will hand out (ids are never reused).
    func nextPassageID() throws -> Int64
    /// Postings for the passages inserted with assigned ids in this transaction (one segment per transaction).
    func storePrebuiltSegment(_ draft: LexiconSegmentDraft)

    func setMeta(_ key: String, _ value: String) throws
    /// Records the chunking settings; returns the previous value.
    @discardableResult
    func recordChunking(_ descriptor: String) throws -> String?
    func recordLastRun(_ json: String) throws

    func embeddingRecord() throws -> EmbeddingRecord?
    /// Records `record` as the index's embedding model; vectors of another model are all dropped (never
    /// mixed). Returns the model that was replaced, if any.
    @discardableResult
    func adoptEmbeddingModel(_ record: EmbeddingRecord) throws -> EmbeddingRecord?
    /// Stores one batch as a new vector segment; passages deleted meanwhile are tombstoned at once.
    func storeVectors(_ batch: VectorBatch) throws
    /// Replaces segments by one made from their live rows (the caller re-quantised them).
    func replaceVectorSegments(_ ids: [Int64], with batch: VectorBatch) throws
    func passagesWithoutVectors(limit: Int) throws -> [(id: Int64, text: String)]
}

extension IndexWriting {
    /// Stores a document whose passages get ids (and postings) from this transaction.
    @discardableResult
    public func insert(_ document: PreparedDocument, sourceID: Int64, indexedAt: Double) throws -> Int64 {
        try insert(document, sourceID: sourceID, indexedAt: indexedAt, passageIDs: nil)
    }
}

extension LexiconReading {
    /// Visits every posting of `term` across `segments` (all when nil), tombstoned passages included.
    public func forEachPosting(
        of term: String, in segments: [Int64]? = nil, cache: LexiconCache? = nil, _ body: (PostingEntry) -> Void
    ) throws {
        for list in try postingLists(of: term, in: segments ?? lexiconSegments(), cache: cache) { list.forEach(body) }
    }
}

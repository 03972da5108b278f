import Foundation
internal import GRDB
import RuminateCore

/// Keys of `index_meta`: what an index records about how it was built.
enum MetaKey {
    static let formatVersion = "format_version"
    static let tokenizer = "tokenizer"
    static let createdAt = "created_at"
    static let embeddingModel = "embedding_model"
    static let chunking = "chunking"
    static let lastRun = "last_run"
    /// `IndexIdentity`: the random id drawn at creation, and the count of committed writes.
    static let indexID = "index_id"
    static let writeGeneration = "write_generation"
}

/// A summary of what an index holds, for `ruminate status`.
public struct IndexStatus: Sendable, Codable, Hashable {
    public var path: String
    public var formatVersion: Int
    public var tokenizer: String
    public var chunking: String?
    public var createdAt: Double?
    public var sources: Int
    public var failedSources: Int
    public var duplicateSources: Int
    public var documents: Int
    public var passages: Int
    public var formats: [String: Int]
    public var lexiconSegments: Int
    /// The model that made the passage vectors, and how many passages have one.
    public var embeddingModel: String?
    public var vectors: Int
    public var fileBytes: Int64
    /// The last indexing run's summary as JSON text, as the ingest stage wrote it.
    public var lastRun: String?
    /// The index's random id and write generation (`IndexIdentity`).
    public var indexID: String
    public var writeGeneration: Int64

    public init(
        path: String, formatVersion: Int, tokenizer: String, chunking: String?, createdAt: Double?, sources: Int,
        failedSources: Int, duplicateSources: Int, documents: Int, passages: Int, formats: [String: Int],
        lexiconSegments: Int, embeddingModel: String?, vectors: Int, fileBytes: Int64, lastRun: String?,
        identity: IndexIdentity = IndexIdentity(id: "", generation: 0)
    ) {
        self.path = path
        self.formatVersion = formatVersion
        self.tokenizer = tokenizer
        self.chunking = chunking
        self.createdAt = createdAt
        self.sources = sources
        self.failedSources = failedSources
        self.duplicateSources = duplicateSources
        self.documents = documents
        self.passages = passages
        self.formats = formats
        self.lexiconSegments = lexiconSegments
        self.embeddingModel = embeddingModel
        self.vectors = vectors
        self.fileBytes = fileBytes
        self.lastRun = lastRun
        indexID = identity.id
        writeGeneration = identity.generation
    }

    /// The wire names (snake_case, like every JSON Ruminate prints).
    enum CodingKeys: String, CodingKey {
        case path, formatVersion = "format_version", tokenizer, chunking, createdAt = "created_at", sources
        case failedSources = "failed_sources", duplicateSources = "duplicate_sources", documents, passages, formats
        case lexiconSegments = "lexicon_segments", embeddingModel = "embedding_model", vectors, fileBytes = "file_bytes"
        case lastRun = "last_run", indexID = "index_id", writeGeneration = "write_generation"
    }
}

extension Database {
    func meta(_ key: String) throws -> String? {
        try String.fetchOne(self, sql: "SELECT value FROM index_meta WHERE key = ?", arguments: [key])
    }

    func setMeta(_ key: String, _ value: String) throws {
        try execute(
            sql:
                "INSERT INTO index_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}

extension RuminateError {
    /// Wraps a SQLite/GRDB error with what the user should do about it.
    static func storage(_ message: String, _ error: any Error) -> RuminateError {
        if let dbError = error as? DatabaseError {
            switch dbError.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return RuminateError(
                    .storage, "\(message): the index is locked by another process",
                    hint: "wait for the other ruminate process to finish, then retry", cause: error)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return RuminateError(
                    .indexFormat, "\(message): the file is not a readable Ruminate index",
                    hint: "delete it and run `ruminate index` again", cause: error)
            case .SQLITE_FULL:
                return RuminateError(
                    .storage, "\(message): the disk is full",
                    hint: "free some space and re-run; the index is still consistent", cause: error)
            case .SQLITE_IOERR:
                // On a full disk, even reads fail so: SQLite cannot grow its shared memory or temporary files.
                return RuminateError(
                    .storage, "\(message): the disk could not be read or written (it may be full, or failing)",
                    hint: "free some space and check the disk (`df`, the system log), then retry; a failed write "
                        + "leaves the index as it was", cause: error)
            case .SQLITE_CONSTRAINT:
                // Only another writer's rows can collide with this run's (ids it planned, keys it checked): writers
                // are serialised (`IndexWriterLock`), so this is one that does not take the lock.
                return RuminateError(
                    .storage, "\(message): another process changed the index during this run",
                    hint: "let one ruminate at a time index into it, then run again; nothing committed is lost")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return RuminateError(
                    .indexUnavailable, "\(message): cannot open the index for writing",
                    hint: "check the file's permissions or pass --index FILE", cause: error)
            default:
                break
            }
        }
        if let ruminate = error as? RuminateError { return ruminate }
        return RuminateError(.storage, message, cause: error)
    }
}

import Foundation
internal import GRDB
import RuminateCore
import RuminateText

/// The SQLite index store: a single file in WAL mode (searches run while indexing), the first `IndexStore`.
///
/// This module is the only one that touches SQLite. Every connection registers the `ruminate` FTS5
/// tokenizer (so the store offers `IndexCapabilities.fullTextSyntax`); the file records its format version
/// and tokenizer, and refuses to mix analyses. An index that cannot be written is opened read-only (`IndexAccess`).
public final class SQLiteIndex: IndexStore {
    public let path: String
    let pool: DatabasePool
    /// Why the index is open read-only (completes "the index at PATH is read-only: …"); nil when it can be written.
    public let readOnlyReason: String?

    public static var formatVersion: Int { IndexSchema.formatVersion }

    /// The database and its neighbours on disk.
    public var files: IndexFiles { IndexFiles(database: path) }

    public var capabilities: IndexCapabilities {
        readOnlyReason == nil ? [.fullTextSyntax, .writing] : [.fullTextSyntax]
    }

    /// Opens the index at `path`, creating it (and its folder) when `create` is true: the caller means to write
    /// (index, watch), and an index made before the application id gets it. A file that is not a Ruminate index
    /// (`IndexFileIdentity`) is refused before anything can write to it. Without `create` (the caller reads), an
    /// index that cannot be written, or any index when `readOnly` is true, is opened read-only; with `create`, one
    /// that cannot be written is refused.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        if create && readOnly { throw IndexAccess.refusal(path: path, reason: "read-only access was asked for") }
        let manager = FileManager.default
        var readOnlyReason: String?
        if manager.fileExists(atPath: path) {
            try IndexFileIdentity.inspect(path: path).refuseIfForeign(path: path)
            readOnlyReason = readOnly ? "read-only access was asked for" : IndexAccess.writeBlocker(path: path)
            if create, let readOnlyReason { throw IndexAccess.refusal(path: path, reason: readOnlyReason) }
        } else {
            guard create else {
                throw RuminateError(
                    .indexUnavailable, "no index at \(path)",
                    hint: "run `ruminate index PATH...` first, or pass --index FILE")
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw RuminateError(
                        .indexUnavailable, "cannot create the folder \(folder) for the index",
                        hint: "pass --index FILE in a writable place", cause: error)
                }
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            db.add(tokenizer: AnalyzerFTS5Tokenizer.self)
            // NORMAL is crash-safe in WAL mode: a kill loses at most the open transaction.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 16 MB page cache: bulk indexing and merges re-read pages they just wrote.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // Checkpoint every ~40 MB of WAL rather than every 4 MB: pages rewritten by successive
            // transactions (FTS5 structure, B-tree interiors) are copied back once, not each time.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        do {
            if readOnlyReason != nil {
                pool = try IndexAccess.readOnlyPool(path: path, configuration: configuration)
            } else if create && !Self.isInWALMode(path) {
                // Opening a pool switches a new file to WAL, which needs the file to itself: SQLite answers a second
                // process doing the same "database is locked" at once, without waiting (the busy timeout does not
                // apply to that upgrade). Writers creating one index take turns.
                let contention = IndexWriterLock.Contention.wait { notice in
                    FileHandle.standardError.write(Data(("ruminate: " + notice + "\n").utf8))
                }
                pool = try IndexWriterLock.holding(IndexFiles(database: path), contention: contention) {
                    try DatabasePool(path: path, configuration: configuration)
                }
            } else {
                pool = try DatabasePool(path: path, configuration: configuration)
            }
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError.storage("cannot open the index at \(path)", error)
        }
        self.readOnlyReason = readOnlyReason
        try prepareSchema(forWriting: create)
    }

    /// Whether the file at `path` is an SQLite database in WAL mode (header bytes 18 and 19 are 2); false for a
    /// missing, empty or rollback-journal file.
    static func isInWALMode(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header[18] == 2 && header[19] == 2
    }

    /// Throws the read-only refusal when the index is open read-only.
    private func refuseIfReadOnly() throws {
        if let readOnlyReason { throw IndexAccess.refusal(path: path, reason: readOnlyReason) }
    }

    private func prepareSchema(forWriting: Bool) throws {
        let migrator = IndexSchema.migrator
        let analyzerDescriptor = TextAnalyzer().descriptor
        do {
            // Checked in a read transaction first: an index that is up to date is not written to, so opening
            // it never waits for a writer (`watch`, `index` in another process) to finish its transaction.
            // An index made before the application id (0) gets it when opened for writing; reading leaves it.
            let upToDate = try pool.read { db in
                try refuseIfSuperseded(migrator, db)
                let stamped = try carriesApplicationID(db)
                return try migrator.hasCompletedMigrations(db) && db.meta(MetaKey.createdAt) != nil
                    && db.meta(MetaKey.formatVersion) == String(IndexSchema.formatVersion)
                    && ((stamped && db.meta(MetaKey.indexID) != nil) || !forWriting)
            }
            if !upToDate, let readOnlyReason {
                throw RuminateError(
                    .indexFormat,
                    "the index at \(path) must be brought up to this Ruminate's format before it can be read, "
                        + "which writes to it, and it is read-only: \(readOnlyReason)",
                    hint:
                        "open it once where it can be written (`ruminate status` does it), or re-index into a new file"
                )
            }
            if !upToDate && forWriting {
                // Two writers creating or migrating one index at once would both run the first migration.
                let contention = IndexWriterLock.Contention.wait { notice in
                    FileHandle.standardError.write(Data(("ruminate: " + notice + "\n").utf8))
                }
                try IndexWriterLock.holding(files, contention: contention) {
                    try migrateAndStamp(migrator, analyzerDescriptor: analyzerDescriptor)
                }
            } else if !upToDate {
                try migrateAndStamp(migrator, analyzerDescriptor: analyzerDescriptor)
            }
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError.storage("cannot prepare the index at \(path)", error)
        }
        let recorded = try readSQLite { session in try session.db.meta(MetaKey.tokenizer) }
        if let recorded, recorded != analyzerDescriptor {
            throw RuminateError(
                .indexFormat,
                "the index at \(path) was built with the text analysis '\(recorded)', this ruminate uses '\(analyzerDescriptor)'",
                hint: "rebuild it: delete the file and run `ruminate index` again")
        }
    }

    private func refuseIfSuperseded(_ migrator: DatabaseMigrator, _ db: Database) throws {
        if try migrator.hasBeenSuperseded(db) {
            throw RuminateError(
                .indexFormat, "the index at \(path) was written by a newer Ruminate",
                hint: "upgrade ruminate, or re-index into a new file")
        }
    }

    /// Whether the header carries our application id (false: none yet); another application's id is refused,
    /// in case the file changed since `IndexFileIdentity` looked at it.
    private func carriesApplicationID(_ db: Database) throws -> Bool {
        let id = UInt32(truncatingIfNeeded: try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0)
        guard id == 0 || id == IndexSchema.applicationID else {
            try IndexFileIdentity.foreign("its application id changed to 0x\(String(id, radix: 16))")
                .refuseIfForeign(path: path)
            return false
        }
        return id == IndexSchema.applicationID
    }

    /// Stamps the application id, creates or migrates the schema and records the format (and, for a new index, its
    /// tokenizer).
    private func migrateAndStamp(_ migrator: DatabaseMigrator, analyzerDescriptor: String) throws {
        try pool.write { db in
            try refuseIfSuperseded(migrator, db)
            if try !carriesApplicationID(db) {
                try db.execute(sql: "PRAGMA application_id = \(IndexSchema.applicationID)")
            }
        }
        try migrator.migrate(pool)
        try pool.write { db in
            if try db.meta(MetaKey.createdAt) == nil {
                try db.setMeta(MetaKey.createdAt, String(Date().timeIntervalSince1970))
                try db.setMeta(MetaKey.tokenizer, analyzerDescriptor)
            }
            try db.setMeta(MetaKey.formatVersion, String(IndexSchema.formatVersion))
            if try db.meta(MetaKey.indexID) == nil {
                try db.assignIndexID()
                try db.stampUnstampedVectorSegments()
            }
        }
    }

    /// Runs `body` in one write transaction. Lexicon postings gathered by the session are written as a
    /// new segment before the commit, so a kill at any point leaves either all of it or none.
    public func write<T>(_ body: (any IndexWriting) throws -> T) throws -> T {
        try refuseIfReadOnly()
        do {
            return try pool.write { db in
                let session = SQLiteWriteSession(db: db)
                let result = try body(session)
                try session.flushSegment()
                try db.bumpWriteGeneration()
                return result
            }
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError.storage("writing to the index failed", error)
        }
    }

    /// Runs `body` on a consistent snapshot; never blocks on a writer.
    public func read<T>(_ body: (any IndexReading) throws -> T) throws -> T {
        try readSQLite(body)
    }

    /// `read`, each statement interrupted once `deadline` passes (`QueryInterruption`).
    public func read<T>(until deadline: QueryDeadline?, _ body: (any IndexReading) throws -> T) throws -> T {
        try readSQLite(until: deadline, body)
    }

    private func readSQLite<T>(until deadline: QueryDeadline? = nil, _ body: (SQLiteReadSession) throws -> T) throws
        -> T
    {
        do {
            return try pool.read { db in
                try QueryInterruption.run(db, until: deadline) { try body(SQLiteReadSession(db: db)) }
            }
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError.storage("reading the index failed", error)
        }
    }

    /// Merges small lexicon segments (tiered: when there are more than `maxSegments`, the smallest are merged).
    @discardableResult
    public func mergeSegments(maxSegments: Int = 8) throws -> Int {
        try refuseIfReadOnly()
        do {
            return try pool.write { db in
                let merged = try SQLiteWriteSession(db: db).mergeSegments(maxSegments: maxSegments)
                try db.bumpWriteGeneration()
                return merged
            }
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError.storage("writing to the index failed", error)
        }
    }

    /// Writes the WAL back into the main file (a checkpoint), so the file alone holds everything. While another
    /// process uses the index (a search reading, the next writer writing) the log cannot be emptied: what can be is
    /// copied back and the rest waits for a later checkpoint, which is no error.
    public func flush() throws {
        try refuseIfReadOnly()
        do { _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) } } catch {
            if let busy = error as? DatabaseError, busy.resultCode == .SQLITE_BUSY || busy.resultCode == .SQLITE_LOCKED
            {
                _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                return
            }
            throw RuminateError.storage("checkpointing the index failed", error)
        }
    }

    public func status() throws -> IndexStatus {
        let fileBytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        let walBytes =
            ((try? FileManager.default.attributesOfItem(atPath: files.writeAheadLog)[.size]) as? NSNumber)?.int64Value
            ?? 0
        return try readSQLite { session in
            let db = session.db
            var formats: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT format, count(*) AS n FROM documents GROUP BY format") {
                formats[row["format"]] = row["n"]
            }
            return IndexStatus(
                path: path,
                formatVersion: Int(try db.meta(MetaKey.formatVersion) ?? "") ?? 0,
                tokenizer: try db.meta(MetaKey.tokenizer) ?? "",
                chunking: try db.meta(MetaKey.chunking),
                createdAt: Double(try db.meta(MetaKey.createdAt) ?? ""),
                sources: try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0,
                failedSources: try Int.fetchOne(db, sql: "SELECT count(*) FROM sources WHERE status = 'failed'") ?? 0,
                duplicateSources: try Int.fetchOne(db, sql: "SELECT count(*) FROM sources WHERE status = 'duplicate'")
                    ?? 0,
                documents: try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0,
                passages: try Int.fetchOne(db, sql: "SELECT passage_count FROM lexicon_stats WHERE field = 2") ?? 0,
                formats: formats,
                lexiconSegments: try Int.fetchOne(db, sql: "SELECT count(*) FROM lexicon_segments") ?? 0,
                embeddingModel: try db.embeddingRecord()?.model,
                vectors: try session.vectorCount(),
                fileBytes: fileBytes + walBytes,
                lastRun: try db.meta(MetaKey.lastRun), identity: try db.indexIdentity())
        }
    }

    /// Runs SQLite's own consistency checks plus ours (FTS5 integrity, passage offsets inside their document).
    /// FTS5's check is a write statement: a read-only index is checked without it.
    public func verifyIntegrity() throws -> [String] {
        // FTS5 re-analyses every stored row and compares with its index: this also proves that tokens
        // replayed at insert time equal a fresh analysis.
        var ftsProblem: String?
        if readOnlyReason == nil {
            do {
                try pool.write { db in
                    try db.execute(sql: "INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
                }
            } catch {
                ftsProblem = "FTS5 integrity check failed: \(error)"
            }
        }
        return try readSQLite { session in
            var problems: [String] = []
            let db = session.db
            let quick = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if quick != ["ok"] { problems += quick }
            let orphans =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphans > 0 { problems.append("\(orphans) passages without a document") }
            let counted = try Int.fetchOne(db, sql: "SELECT count(*) FROM passages") ?? 0
            let stats = try Int.fetchOne(db, sql: "SELECT passage_count FROM lexicon_stats WHERE field = 2") ?? 0
            if counted != stats {
                problems.append("lexicon statistics count \(stats) passages, the table holds \(counted)")
            }
            let mismatched =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM documents d
                        WHERE passage_count != (SELECT count(*) FROM passages p WHERE p.document_id = d.id)
                        """) ?? 0
            if mismatched > 0 { problems.append("\(mismatched) documents whose passage count is wrong") }
            if let ftsProblem { problems.append(ftsProblem) }
            problems += try session.vectorProblems()
            return problems
        }
    }
}

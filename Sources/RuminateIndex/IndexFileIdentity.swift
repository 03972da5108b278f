import Foundation
internal import GRDB
import RuminateCore

/// What the file at an index path holds, found without writing a byte, before any connection that could write
/// (a `DatabasePool` switches the file to WAL mode as it opens) is made: Ruminate never changes a file it did not
/// make.
///
/// A Ruminate index carries `IndexSchema.applicationID` in its header (`PRAGMA application_id`). An index made
/// before that (application id 0, but our `index_meta` table) is `legacy`: it opens, and gets the id the next time
/// it is opened for writing. A zero-length file, or an SQLite file without tables or application id, is `empty`: it
/// becomes an index. Anything else is refused.
enum IndexFileIdentity: Equatable {
    case empty
    case ruminate
    case legacy
    /// Not a Ruminate index; the reason completes "the file at PATH is not a Ruminate index: …".
    case foreign(String)

    /// The SQLite header: its first 16 bytes, and where the application id is (a big-endian 32-bit integer).
    private static let magic = Array("SQLite format 3\0".utf8)
    private static let applicationIDOffset = 68

    /// Inspects an existing file.
    static func inspect(path: String) -> IndexFileIdentity {
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            bytes = [UInt8](try handle.read(upToCount: 100) ?? Data())
        } catch {
            return .foreign("it cannot be read (\(error.localizedDescription))")
        }
        if bytes.isEmpty { return .empty }
        guard bytes.count == 100, Array(bytes[0..<16]) == magic else { return .foreign("it is not an SQLite database") }
        let headerID = bytes[applicationIDOffset..<applicationIDOffset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if headerID == IndexSchema.applicationID { return .ruminate }
        if headerID != 0 { return foreignApplication(headerID) }
        do {
            return try inspectSchema(path: path)
        } catch {
            return .foreign("it cannot be read as an SQLite database (\(error))")
        }
    }

    private static func foreignApplication(_ id: UInt32) -> IndexFileIdentity {
        .foreign("it is the SQLite database of another application (application id 0x\(String(id, radix: 16)))")
    }

    /// An SQLite file whose header has no application id: its tables say whose it is. The header read above may be
    /// older than the write-ahead log, so the application id is asked again.
    private static func inspectSchema(path: String) throws -> IndexFileIdentity {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let queue = try readOnlyQueue(path: path, configuration: configuration)
        return try queue.read { (db: Database) -> IndexFileIdentity in
            let id = UInt32(truncatingIfNeeded: try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0)
            if id == IndexSchema.applicationID { return .ruminate }
            if id != 0 { return foreignApplication(id) }
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            if tables.isEmpty { return .empty }
            if tables.contains("index_meta"), try isOurMeta(db, tables: tables) { return .legacy }
            let shown = tables.prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
            return .foreign("it is an SQLite database with tables Ruminate did not make (\(shown))")
        }
    }

    /// Our `index_meta` (a format version), or our first migration recorded (an index cut short while created).
    private static func isOurMeta(_ db: Database, tables: [String]) throws -> Bool {
        let columns = try db.columns(in: "index_meta").map(\.name)
        if columns == ["key", "value"],
            let version = try String.fetchOne(
                db, sql: "SELECT value FROM index_meta WHERE key = ?", arguments: [MetaKey.formatVersion]),
            Int(version) != nil
        {
            return true
        }
        guard tables.contains("grdb_migrations") else { return false }
        let first = IndexSchema.firstMigration
        return try Int.fetchOne(
            db, sql: "SELECT count(*) FROM grdb_migrations WHERE identifier = ?", arguments: [first])
            == 1
    }

    /// A read-only connection. Without a write-ahead log beside the file, the file is opened `immutable`, so that
    /// not even an empty `-wal` and `-shm` are left next to a WAL-mode database of another application (SQLite
    /// built without URI names falls back to a plain read-only open).
    private static func readOnlyQueue(path: String, configuration: Configuration) throws -> DatabaseQueue {
        if !FileManager.default.fileExists(atPath: IndexFiles(database: path).writeAheadLog),
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed),
            let queue = try? DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
        {
            return queue
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Throws the error for a file that is not a Ruminate index.
    func refuseIfForeign(path: String) throws {
        guard case .foreign(let reason) = self else { return }
        throw RuminateError(
            .indexFormat, "the file at \(path) is not a Ruminate index: \(reason); Ruminate leaves it untouched",
            hint:
                "pass --index with a new file name or an existing Ruminate index (if this was an index that got damaged, delete it and run `ruminate index` again)"
        )
    }
}

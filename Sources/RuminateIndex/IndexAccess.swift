import Foundation
internal import GRDB
import RuminateCore

/// Whether an index can be written, and how to read it when it cannot: a read-only file, a folder where SQLite
/// cannot keep its write-ahead log and shared memory, a read-only filesystem, or read-only access asked for.
/// A read-only index is read without writing a byte (searches, answers, reports, status); commands that must
/// write are refused with `refusal(path:reason:)`.
enum IndexAccess {
    /// Why the index at `path` cannot be written (completes "the index at PATH is read-only: …"), nil when it can.
    /// A WAL-mode index writes three files: the database, and its `-wal` and `-shm` beside it (created when absent).
    static func writeBlocker(path: String) -> String? {
        let files = IndexFiles(database: path)
        if let blocked = unwritable(path, what: "the file is read-only") { return blocked }
        let folder = folderOf(path)
        let folderBlocked = unwritable(folder, what: "its folder cannot be written (\(folder))")
        for neighbour in [files.writeAheadLog, files.sharedMemory] {
            if FileManager.default.fileExists(atPath: neighbour) {
                // Left by another user reading the index, perhaps: SQLite gives them the database file's mode.
                let what = "\(neighbour) is read-only (it may be deleted while no ruminate uses the index)"
                if let blocked = unwritable(neighbour, what: what) { return blocked }
            } else if let folderBlocked {
                return folderBlocked
            }
        }
        return nil
    }

    /// `what` when the current user cannot write `path`; a read-only filesystem is named as such.
    private static func unwritable(_ path: String, what: String) -> String? {
        guard access(path, W_OK) != 0 else { return nil }
        return errno == EROFS ? "it is on a read-only filesystem" : what
    }

    private static func folderOf(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A pool of read-only connections to the index at `path`.
    ///
    /// SQLite reads a WAL-mode file through its shared-memory file, which a read-only connection creates (with the
    /// database file's mode) when it is missing, and leaves behind. While a log is in use (`-wal` and `-shm` both
    /// there, or a log holding transactions) plain read-only connections read it and follow a writer's commits.
    /// Otherwise an index file that cannot be written, or in a folder that cannot be written, is opened `immutable`:
    /// nothing is left beside it (a read-only `-shm` left there would block its owner's next write), and no writer
    /// can be at work. An index that could be written but is read-only because the caller asked keeps plain
    /// connections, so that it follows a writer that starts later.
    static func readOnlyPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var configuration = configuration
        configuration.readonly = true
        let files = IndexFiles(database: path)
        let manager = FileManager.default
        let canCreateNeighbours = access(folderOf(path), W_OK) == 0
        let logBytes = (try? manager.attributesOfItem(atPath: files.writeAheadLog))?[.size].flatMap {
            ($0 as? NSNumber)?.intValue
        }
        let plain = { try DatabasePool(path: path, configuration: configuration) }
        if logBytes != nil, manager.fileExists(atPath: files.sharedMemory) { return try plain() }
        if let logBytes, logBytes > 0 {
            guard canCreateNeighbours else {
                throw RuminateError(
                    .indexUnavailable,
                    "the index at \(path) is read-only and its write-ahead log (\(files.writeAheadLog)) holds "
                        + "transactions that SQLite can only read through a shared-memory file it cannot create there",
                    hint:
                        "open the index once where it can be written (`ruminate status --index FILE` checkpoints it), "
                        + "or copy it with its -wal file to a writable folder")
            }
            return try plain()
        }
        if canCreateNeighbours, access(path, W_OK) == 0 { return try plain() }
        guard let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else {
            return try plain()
        }
        return try DatabasePool(path: "file:\(encoded)?immutable=1", configuration: configuration)
    }

    /// The error for writing to an index that is read-only.
    static func refusal(path: String, reason: String) -> RuminateError {
        RuminateError(
            .indexUnavailable, "the index at \(path) is read-only: \(reason)",
            hint:
                "search, ask, research, show, status, serve and mcp can read it; to index or watch, make it writable "
                + "or copy it (with its .vectors folder) to a writable place and pass --index FILE")
    }
}

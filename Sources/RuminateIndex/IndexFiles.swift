/// The files one index occupies next to each other: the database, SQLite's neighbours (write-ahead log,
/// shared memory, rollback journal), the mapped copies of the vector segments (`INDEX.vectors/`, derived and
/// disposable), the mirror of crawled web sites (`INDEX.site/`) and the writers' lock file (`INDEX.lock`). Everything that needs one of them (the
/// vector ranker, the site crawl, the folder watcher that must not see the index's own writes) asks here.
public struct IndexFiles: Sendable, Hashable {
    /// The database file.
    public let database: String

    public init(database: String) {
        self.database = database
    }

    public var writeAheadLog: String { database + "-wal" }
    public var sharedMemory: String { database + "-shm" }
    public var rollbackJournal: String { database + "-journal" }
    /// The folder of the vector segments' mapped copies.
    public var vectorCache: String { database + ".vectors" }
    /// The folder of the crawled sites' mirrors (one subfolder per site).
    public var siteMirror: String { database + ".site" }

    /// The file writers lock so that one indexes at a time (`IndexWriterLock`); it names the holder.
    public var writerLock: String { database + ".lock" }

    /// Every file and folder the index owns.
    public var all: [String] {
        [database, writeAheadLog, sharedMemory, rollbackJournal, vectorCache, siteMirror, writerLock]
    }
}

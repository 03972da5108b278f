import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateResearch
import RuminateRetrieve
import RuminateWalk
import Testing

/// A temporary folder of real Markdown files indexed by the real ingest pipeline.
final class ResearchFixture {
    let root: URL
    let index: SQLiteIndex

    init(files: [String: String] = databaseCorpus) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-research-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
        let options = IngestOptions(crawl: CrawlOptions(roots: [corpus.path]))
        _ = try IndexingRun(index: index, options: options, progress: ProgressReporter(enabled: false)).run()
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func researcher(_ options: ResearchOptions = ResearchOptions()) -> Researcher {
        Researcher(
            index: index, retriever: SearcherPassageRetriever(searcher: Searcher(index: index), mode: .lexical),
            options: options)
    }

    /// The stored text of a document, by key.
    func storedText(_ key: String) throws -> String {
        try index.read { session in
            let document = try #require(try session.findDocument(key))
            return try #require(try session.documentText(id: document.id))
        }
    }
}

/// Unicode-scalar slice, the way citations count.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    guard start >= 0, start <= end, end <= scalars.count else { return "<out of range>" }
    return String(String.UnicodeScalarView(scalars[start..<end]))
}

/// A small collection about database storage with several distinct facets (logging, checkpoints, locking,
/// journals, B-trees, vacuuming), an emoji before later sentences, one sentence written verbatim in two
/// documents, and nothing about cooking.
let databaseCorpus: [String: String] = [
    "wal.md": """
    # Write-ahead logging in the database

    🚀 The database engine offers write-ahead logging as an alternative to the rollback journal.

    ## How the WAL works

    With write-ahead logging the original content stays in the database file and every change is appended \
    to a separate WAL file. Readers continue reading the original database pages while a writer appends new \
    frames to the WAL. Writers in the database never block readers in WAL mode. A commit happens when a special frame marking the commit is appended to the WAL.

    ## Checkpoints

    A checkpoint copies the frames of the WAL back into the database file. Automatic checkpoints run when the \
    WAL grows past a thousand pages. Checkpoint starvation happens when readers never leave the WAL, so the \
    checkpoint can never finish and the WAL file keeps growing.
    """,
    "locking.md": """
    # Database locking and concurrency

    ## Lock states

    A database connection moves through the unlocked, shared, reserved, pending and exclusive lock states. \
    Many connections may hold a shared lock for reading, but only one connection may hold the reserved lock \
    that announces an intent to write.

    ## Busy writers

    When a writer cannot obtain the exclusive lock, the busy timeout makes the connection retry before it \
    reports that the database is busy. Writers in the database never block readers in WAL mode.
    """,
    "journal.md": """
    # The rollback journal

    ## Atomic commit

    The rollback journal stores a copy of the original pages before the database file is changed, so that a \
    crash in the middle of a transaction can be rolled back. The journal is deleted when the transaction \
    commits, and deleting it is the moment of atomic commit.

    ## Hot journals

    A hot journal is one left behind by a crash. The next connection that opens the database sees the hot \
    journal and rolls the database back to its original pages.
    """,
    "btree.md": """
    # B-tree pages of the database file

    ## Pages and cells

    Every table and index in the database file is a B-tree of fixed-size pages. Interior pages hold keys and \
    child pointers; leaf pages hold the rows as cells.

    ## Free pages and vacuum

    Deleted rows leave free pages on the freelist of the database file. The vacuum command rebuilds the \
    database file, copying every live page so the freelist becomes empty and the file shrinks.
    """,
]

import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateRetrieve
import RuminateWalk
import Testing

/// A temporary folder of real files indexed by the real ingest pipeline.
final class FixtureIndex {
    let root: URL
    let index: SQLiteIndex

    init(files: [String: String], embedder: (any TextEmbedder)? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-compose-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
        let options = IngestOptions(crawl: CrawlOptions(roots: [corpus.path]))
        _ = try IndexingRun(
            index: index, options: options, embedder: embedder, progress: ProgressReporter(enabled: false)
        ).run()
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func composer(_ options: ComposeOptions = ComposeOptions()) -> AnswerComposer {
        AnswerComposer(
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

/// A small collection about storage engines, with emoji and CJK before later sentences, a sentence
/// repeated verbatim in two documents, and nothing about cooking or sport.
let storageCorpus: [String: String] = [
    "wal.md": """
    # Write-Ahead Logging

    🚀 日本語のテキスト。 Emoji 👍🏽 and ideographs 中文 come first here.

    ## How WAL works

    The original content is preserved in the database file and changes are appended to a separate WAL file. \
    Readers continue reading the original database while a writer appends to the WAL. \
    A checkpoint moves WAL content back into the database file.

    ## Checkpoints

    Checkpoint starvation happens when readers never leave the WAL. \
    Automatic checkpoints run when the WAL reaches a thousand pages.
    """,
    "journal.md": """
    # Rollback journal

    The rollback journal stores original pages so that a crash can be rolled back. \
    A checkpoint moves WAL content back into the database file. \
    Hot journals are rolled back by the next reader that opens the database.
    """,
    "btree.md": """
    # B-tree pages

    Every table and index is a B-tree of fixed-size pages. \
    Interior pages hold keys and child pointers; leaf pages hold the rows.
    """,
]

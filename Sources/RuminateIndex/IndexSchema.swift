import GRDB

/// The index's on-disk format. Migrations only go forward; an index written by a newer Ruminate
/// (one with migrations this build does not know) is refused rather than guessed at.
enum IndexSchema {
    /// Bumped with every migration added below; recorded in `index_meta.format_version`.
    static let formatVersion = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sources, documents, passages, fts5, lexicon") { db in
            try db.execute(sql: """
                CREATE TABLE index_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                -- A file (or URL) the crawler found. `status` is indexed, duplicate or failed.
                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL UNIQUE,
                    format TEXT,
                    content_hash TEXT NOT NULL,
                    byte_size INTEGER NOT NULL,
                    modified REAL NOT NULL,
                    indexed_at REAL NOT NULL,
                    status TEXT NOT NULL,
                    duplicate_of TEXT,
                    error TEXT
                );
                CREATE INDEX sources_by_hash ON sources(content_hash);
                -- A document: a whole file, or one member of a container (a JSONL line).
                -- `text` is the extracted text every passage offset points into.
                CREATE TABLE documents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id INTEGER NOT NULL REFERENCES sources(id),
                    key TEXT NOT NULL UNIQUE,
                    member_id TEXT,
                    title TEXT NOT NULL,
                    format TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    text TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    passage_count INTEGER NOT NULL,
                    indexed_at REAL NOT NULL
                );
                CREATE INDEX documents_by_source ON documents(source_id);
                CREATE INDEX documents_by_member ON documents(member_id);
                -- Ids are AUTOINCREMENT so a deleted passage's id is never reused: lexicon segments may
                -- still name it until they are merged.
                CREATE TABLE passages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    document_id INTEGER NOT NULL REFERENCES documents(id),
                    ordinal INTEGER NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    segment_id INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    headings TEXT NOT NULL, -- the heading path, one heading a line
                    body TEXT NOT NULL,
                    title_length INTEGER NOT NULL,
                    headings_length INTEGER NOT NULL,
                    body_length INTEGER NOT NULL,
                    UNIQUE (document_id, ordinal)
                );
                CREATE VIRTUAL TABLE passages_fts USING fts5(
                    title, headings, body,
                    content='passages', content_rowid='id',
                    tokenize='\(AnalyzerFTS5Tokenizer.name)'
                );
                -- The ranking path: immutable postings segments, one blob per (term, segment).
                CREATE TABLE lexicon_segments (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    passage_count INTEGER NOT NULL,
                    byte_size INTEGER NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE lexicon_postings (
                    term TEXT NOT NULL,
                    segment_id INTEGER NOT NULL,
                    entry_count INTEGER NOT NULL,
                    postings BLOB NOT NULL,
                    PRIMARY KEY (term, segment_id)
                ) WITHOUT ROWID;
                CREATE INDEX lexicon_postings_by_segment ON lexicon_postings(segment_id);
                -- Passages deleted since their segment was written; merges drop them for good.
                CREATE TABLE lexicon_deleted (
                    passage_id INTEGER PRIMARY KEY,
                    segment_id INTEGER NOT NULL
                );
                -- Live passage count and summed field lengths, for BM25's averages.
                CREATE TABLE lexicon_stats (
                    field INTEGER PRIMARY KEY,
                    passage_count INTEGER NOT NULL,
                    total_length INTEGER NOT NULL
                );
                INSERT INTO lexicon_stats(field, passage_count, total_length) VALUES (0, 0, 0), (1, 0, 0), (2, 0, 0);
                """)
        }
        return migrator
    }
}

internal import GRDB

/// The index's on-disk format. Migrations only go forward; an index written by a newer Ruminate
/// (one with migrations this build does not know) is refused rather than guessed at.
enum IndexSchema {

    /// Bumped with every migration added below; recorded in `index_meta.format_version`.
    static let formatVersion = 3

    /// The header's `PRAGMA application_id` of every Ruminate index: "RUMI" in ASCII. A file with another id, or
    /// with none and tables of its own, is not opened (`IndexFileIdentity`); an index made before the id existed
    /// gets it the next time it is opened for writing.
    static let applicationID: UInt32 = 0x5255_4D49

    static let firstMigration = "v1: sources, documents, passages, fts5, lexicon"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(
                sql: """
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
                        headings TEXT NOT NULL, -- the heading path, one heading a line
                        title_length INTEGER NOT NULL,
                        headings_length INTEGER NOT NULL,
                        body_length INTEGER NOT NULL,
                        UNIQUE (document_id, ordinal)
                    );
                    -- A passage's text is never stored twice: it is the slice of its document's text (substr counts
                    -- characters, i.e. Unicode scalars, like every offset in the index).
                    CREATE VIEW passages_content AS
                        SELECT p.id AS id, d.title AS title, p.headings AS headings,
                               substr(d.text, p.start + 1, p."end" - p.start) AS body
                        FROM passages p JOIN documents d ON d.id = p.document_id;
                    CREATE VIRTUAL TABLE passages_fts USING fts5(
                        title, headings, body,
                        content='passages_content', content_rowid='id',
                        tokenize='\(AnalyzerFTS5Tokenizer.name)'
                    );
                    -- The ranking path: immutable postings segments, stored as blocks of consecutive terms.
                    CREATE TABLE lexicon_segments (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        passage_count INTEGER NOT NULL,
                        byte_size INTEGER NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE lexicon_blocks (
                        segment_id INTEGER NOT NULL,
                        first_term TEXT NOT NULL,
                        term_count INTEGER NOT NULL,
                        block BLOB NOT NULL,
                        PRIMARY KEY (segment_id, first_term)
                    ) WITHOUT ROWID;
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
        migrator.registerMigration("v2: passage vectors") { db in
            try db.execute(
                sql: """
                    -- Embeddings, one segment per indexing transaction (immutable; merged): the passage ids,
                    -- their float32 vectors (little-endian, row after row) and the quantised copy the scan
                    -- reads (`quantized` is RuminateVector's byte layout; this module does not read it).
                    -- The model that made them is index_meta.embedding_model.
                    CREATE TABLE vector_segments (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        row_count INTEGER NOT NULL,
                        dimension INTEGER NOT NULL,
                        passage_ids BLOB NOT NULL,
                        vectors BLOB NOT NULL,
                        quantized BLOB NOT NULL
                    );
                    -- Which segment holds a passage's vector (NULL: not embedded yet).
                    ALTER TABLE passages ADD COLUMN vector_segment INTEGER;
                    CREATE INDEX passages_without_vectors ON passages(id) WHERE vector_segment IS NULL;
                    -- Embedded passages deleted since their segment was written; merges drop them.
                    CREATE TABLE vector_deleted (
                        passage_id INTEGER PRIMARY KEY,
                        segment_id INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3: passage pages") { db in
            // The page a passage starts on, for paged formats (PDF); NULL for every other format and for
            // passages indexed before this migration (no earlier index holds a paged format).
            try db.execute(sql: "ALTER TABLE passages ADD COLUMN page INTEGER")
        }
        return migrator
    }
}

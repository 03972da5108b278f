import Foundation
import Testing

/// `--index` naming another application's SQLite database: every command refuses it and leaves it byte for byte;
/// an index made before the application id still answers. The databases are made with Python's sqlite3.
@Suite struct ForeignIndexFileTests {
    /// Runs a Python script (sqlite3 module) in `folder`; returns its stdout.
    @discardableResult
    static func python(_ script: String, in folder: URL) throws -> String {
        let outcome = try RuminateProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The file and its neighbours' bytes (nil: absent).
    static func contents(_ path: String) -> [Data?] {
        ["", "-wal", "-shm", "-journal"].map { FileManager.default.contents(atPath: path + $0) }
    }

    @Test(arguments: ["delete", "wal"]) func everyCommandRefusesAForeignDatabaseAndLeavesItAlone(_ mode: String) throws
    {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = root.appendingPathComponent("places.sqlite").path
        try Self.python(
            """
            from sqlite3 import connect
            c = connect('places.sqlite')
            c.execute('PRAGMA journal_mode = \(mode)')
            c.execute('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT NOT NULL)')
            c.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
            c.commit()
            c.close()
            """, in: root)
        let before = Self.contents(database)
        #expect(before[0] != nil)
        let commands = [
            ["status", "--index", database], ["status", "--check", "--index", database],
            ["search", "rollback journal", "--index", database, "--no-vectors"],
            ["ask", "what does the rollback journal store", "--index", database, "--no-vectors"],
            ["index", "corpus", "--index", database, "--no-vectors"],
        ]
        for command in commands {
            let outcome = try RuminateProcess.run(command, in: root)
            #expect(outcome.status != 0, "\(command): \(outcome.stdout)")
            #expect(outcome.stderr.contains("is not a Ruminate index"), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--index"), "\(command): \(outcome.stderr)")
            #expect(Self.contents(database) == before, "\(command) changed \(database)")
        }
        #expect(!FileManager.default.fileExists(atPath: database + ".vectors"))
        #expect(
            try Self.python(
                "import sqlite3; print(sqlite3.connect('places.sqlite').execute(\"SELECT name FROM sqlite_master WHERE type='table'\").fetchall())",
                in: root) == "[('moz_places',)]")
    }

    /// An index whose header has no application id, as earlier versions wrote it: search and status answer
    /// without writing the id; the next `index` stamps it.
    @Test func anIndexFromBeforeTheApplicationIDStillAnswers() throws {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("old.sqlite").path
        let built = try RuminateProcess.run(["index", "corpus", "--index", index, "--no-vectors"], in: root)
        #expect(built.status == 0, "\(built.stderr)")
        let applicationID =
            "import sqlite3; print(sqlite3.connect('file:old.sqlite?mode=ro', uri=True).execute('PRAGMA application_id').fetchone()[0])"
        #expect(try Self.python(applicationID, in: root) == "1381322057")
        try Self.python(
            "import sqlite3; c = sqlite3.connect('old.sqlite'); c.execute('PRAGMA application_id = 0'); c.commit(); c.close()",
            in: root)
        #expect(try Self.python(applicationID, in: root) == "0")

        let search = try RuminateProcess.run(
            ["search", "rollback journal", "--index", index, "--json", "--no-vectors"], in: root)
        #expect(search.status == 0, "\(search.stderr)")
        let hits = try #require(try RuminateProcess.json(search)["hits"] as? [[String: Any]])
        #expect(hits.contains { ($0["path"] as? String ?? "").hasSuffix("journal.html") })
        let status = try RuminateProcess.run(["status", "--check", "--index", index], in: root)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try Self.python(applicationID, in: root) == "0")

        let again = try RuminateProcess.run(["index", "corpus", "--index", index, "--no-vectors"], in: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.python(applicationID, in: root) == "1381322057")
    }
}

import Foundation
import GRDB
import RuminateCore
import RuminateSystem
import Testing

@testable import RuminateIndex

/// A file that is not a Ruminate index is refused before anything is written to it; an index made before the
/// application id still opens.
@Suite struct ForeignFileTests {
    static func temporaryPath(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-foreign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// The SHA-256 of the file and of each neighbour SQLite may create (nil: absent).
    static func fingerprint(_ path: String) -> [String?] {
        ["", "-wal", "-journal"].map { suffix in
            FileManager.default.contents(atPath: path + suffix).map { data in
                data.withUnsafeBytes { SHA256Hex.of($0) }
            }
        }
    }

    static func expectRefused(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for create in [false, true] {
            let error = #expect(throws: RuminateError.self, sourceLocation: sourceLocation) {
                try SQLiteIndex(path: path, create: create)
            }
            #expect(error?.code == .indexFormat, sourceLocation: sourceLocation)
            #expect(error?.message.contains("is not a Ruminate index") == true, sourceLocation: sourceLocation)
            #expect(error?.hint?.contains("--index") == true, sourceLocation: sourceLocation)
        }
    }

    enum Journal: String, CaseIterable { case rollback, wal, walInUse }

    /// Another application's database with a table and a row, in each journal mode; `walInUse` keeps the other
    /// application's connection open with its last transaction still in the write-ahead log.
    @Test(arguments: Journal.allCases) func aForeignDatabaseIsRefusedAndLeftByteForByte(_ journal: Journal) throws {
        let path = try Self.temporaryPath("places.sqlite")
        var configuration = Configuration()
        if journal != .rollback { configuration.journalMode = .wal }
        var owner: DatabaseQueue? = try DatabaseQueue(path: path, configuration: configuration)
        try owner?.write { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO moz_places (url) VALUES ('https://example.org/')")
        }
        if journal != .walInUse { owner = nil }
        let before = Self.fingerprint(path)
        #expect(before[0] != nil)
        #expect((before[1] != nil) == (journal == .walInUse))
        Self.expectRefused(path)
        #expect(Self.fingerprint(path) == before)
        if journal == .wal { #expect(!FileManager.default.fileExists(atPath: path + "-shm")) }
        let rows = try owner?.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM moz_places") }
        #expect(rows == (journal == .walInUse ? 1 : nil))
    }

    @Test func anotherApplicationsIDIsRefusedEvenWithoutTables() throws {
        let path = try Self.temporaryPath("other.db")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA application_id = 1196444487") }
        let before = Self.fingerprint(path)
        Self.expectRefused(path)
        #expect(Self.fingerprint(path) == before)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let path = try Self.temporaryPath("notes.txt")
        try Data(String(repeating: "Plain notes, not a database.\n", count: 200).utf8).write(
            to: URL(fileURLWithPath: path))
        let before = Self.fingerprint(path)
        Self.expectRefused(path)
        #expect(Self.fingerprint(path) == before)
    }

    @Test func anEmptyFileOrDatabaseBecomesAnIndex() throws {
        let empty = try Self.temporaryPath("empty.sqlite")
        FileManager.default.createFile(atPath: empty, contents: nil)
        let tableless = try Self.temporaryPath("tableless.sqlite")
        try DatabaseQueue(path: tableless).write { db in try db.execute(sql: "PRAGMA user_version = 7") }
        for path in [empty, tableless] {
            let index = try SQLiteIndex(path: path, create: false)
            #expect(try index.pool.read { try Int.fetchOne($0, sql: "PRAGMA application_id") } == 0x5255_4D49)
            #expect(try index.status().formatVersion == SQLiteIndex.formatVersion)
        }
    }

    /// An index made before the application id (0 in its header): reading opens it and writes nothing; opening
    /// it for writing stamps the id.
    @Test func anIndexFromBeforeTheApplicationIDStillOpens() throws {
        let index = try makeTemporaryIndex()
        let applicationID = { (index: SQLiteIndex) in
            try index.pool.read { try Int.fetchOne($0, sql: "PRAGMA application_id") }
        }
        #expect(try applicationID(index) == Int(IndexSchema.applicationID))
        try store([prepared(key: "/corpus/old.txt", title: "Old", paragraphs: ["Legacy ribosomes answer."])], in: index)
        try index.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = 0") }
        try index.flush()
        #expect(IndexFileIdentity.inspect(path: index.path) == .legacy)

        let reader = try SQLiteIndex(path: index.path, create: false)
        let document = try #require(try reader.read { try $0.findDocument("/corpus/old.txt") })
        #expect(
            try reader.read { try $0.passages(ofDocument: document.id) }.map(\.text) == ["Legacy ribosomes answer."])
        #expect(try applicationID(reader) == 0)

        let writer = try SQLiteIndex(path: index.path, create: true)
        #expect(try applicationID(writer) == Int(IndexSchema.applicationID))
        #expect(try writer.status().documents == 1)
        #expect(IndexFileIdentity.inspect(path: index.path) == .ruminate)
    }
}

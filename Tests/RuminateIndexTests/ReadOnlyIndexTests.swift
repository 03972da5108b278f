import Foundation
import GRDB
import RuminateCore
import RuminateSystem
import Testing

@testable import RuminateIndex

/// An index opened read-only (asked for, or because it cannot be written) answers reads, refuses writes with a
/// clear error and leaves the file byte for byte; failing disks get errors that say what to do.
@Suite struct ReadOnlyIndexTests {
    /// A closed index (no write-ahead log left) with two documents, in its own folder.
    static func closedIndex() throws -> String {
        let index = try makeTemporaryIndex()
        try store(
            [
                prepared(key: "wal", title: "WAL", paragraphs: ["Readers continue while a writer commits."]),
                prepared(key: "journal", title: "Journal", paragraphs: ["The rollback journal stores pages."]),
            ], in: index)
        try index.flush()
        return index.path
    }

    static func digest(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { data in data.withUnsafeBytes { SHA256Hex.of($0) } }
    }

    static func expectReadOnlyRefusal(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: RuminateError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == .indexUnavailable, sourceLocation: sourceLocation)
        #expect(error?.message.contains("is read-only") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("search, ask, research") == true, sourceLocation: sourceLocation)
    }

    @Test func readOnlyAccessReadsAndRefusesEveryWrite() throws {
        let path = try Self.closedIndex()
        let before = Self.digest(path)
        let index = try SQLiteIndex(path: path, create: false, readOnly: true)
        #expect(index.readOnlyReason != nil)
        #expect(!index.capabilities.contains(.writing))
        #expect(try index.status().documents == 2)
        #expect(try index.read { try $0.findDocument("wal")?.title } == "WAL")
        #expect(try index.verifyIntegrity().isEmpty)
        Self.expectReadOnlyRefusal {
            try index.write { session in try session.setMeta("touched", "yes") }
        }
        Self.expectReadOnlyRefusal { try index.mergeSegments(maxSegments: 1) }
        Self.expectReadOnlyRefusal { try index.flush() }
        #expect(Self.digest(path) == before)
        // A caller that means to write is refused at once.
        Self.expectReadOnlyRefusal { _ = try SQLiteIndex(path: path, create: true, readOnly: true) }
        #expect(Self.digest(path) == before)
        let writable = try SQLiteIndex(path: path, create: false)
        #expect(writable.readOnlyReason == nil && writable.capabilities.contains(.writing))
    }

    /// chmod stops an unprivileged user only: as root, `ReadOnlyIndexCommandTests` (RuminateCLITests) runs the
    /// binary as nobody instead.
    @Test(
        .disabled(
            if: geteuid() == 0, "running as root, whom chmod does not stop; the CLI suite covers it as user nobody"))
    func aFileOrFolderThatCannotBeWrittenOpensReadOnly() throws {
        let path = try Self.closedIndex()
        let folder = (path as NSString).deletingLastPathComponent
        let before = Self.digest(path)
        for (target, mode, reason) in [(path, 0o444, "the file is read-only"), (folder, 0o555, "its folder")] {
            #expect(chmod(target, mode_t(mode)) == 0)
            defer { chmod(target, mode == 0o444 ? 0o644 : 0o755) }
            let index = try SQLiteIndex(path: path, create: false)
            #expect(index.readOnlyReason?.contains(reason) == true, "\(String(describing: index.readOnlyReason))")
            #expect(try index.status().documents == 2)
            Self.expectReadOnlyRefusal { _ = try SQLiteIndex(path: path, create: true) }
            // Nothing left beside it: a read-only -shm would keep the owner from writing once the file is writable.
            #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        }
        #expect(Self.digest(path) == before)
    }

    /// A full or failing disk: what happened and what to do, never a bare "disk I/O error".
    @Test(arguments: [ResultCode.SQLITE_IOERR, .SQLITE_FULL])
    func diskFailuresSayWhatToDo(_ code: ResultCode) {
        let error = RuminateError.storage("reading the index failed", DatabaseError(resultCode: code))
        #expect(error.code == .storage)
        #expect(error.message.hasPrefix("reading the index failed: "))
        #expect(error.message.contains("disk"))
        #expect(error.hint?.contains("free") == true, "\(error)")
    }
}

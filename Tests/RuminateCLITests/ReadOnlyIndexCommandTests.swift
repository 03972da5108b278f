import Foundation
import RuminateTestSupport
import Testing

/// A read-only index (read-only file and folder, or `--read-only`) answers search, ask, research, show and
/// status, with its vectors; `index` and `watch` refuse it clearly; nothing in its folder changes.
@Suite(.serialized) struct ReadOnlyIndexCommandTests {
    /// An index with vectors (lexical only without the model) of the corpus fixture, in `root/idx/`.
    static func buildIndex() throws -> (root: URL, index: String, vectors: Bool) {
        let root = try makeCorpusFolder()
        let folder = root.appendingPathComponent("idx")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let index = folder.appendingPathComponent("i.sqlite").path
        let vectors = FileManager.default.fileExists(atPath: HybridSearchTests.modelFolder + "/model.safetensors")
        let embedding = vectors ? ["--model", HybridSearchTests.modelFolder] : ["--no-vectors"]
        let built = try RuminateProcess.run(["index", "corpus", "--index", index] + embedding, in: root)
        #expect(built.status == 0, "\(built.stderr)")
        return (root, index, vectors)
    }

    /// Every file under `folder` with its bytes' digest.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            files[url.path] = FileManager.default.contents(atPath: url.path) ?? Data()
        }
        return files
    }

    /// The reading commands, each answering with exit status 0 (`extra` appended: `--read-only` or nothing).
    static func expectReadsAnswer(
        index: String, vectors: Bool, in root: URL, extra: [String], as user: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let embedding = vectors ? ["--model", HybridSearchTests.modelFolder] : ["--no-vectors"]
        let commands: [[String]] = [
            ["search", "concurrent readers while somebody modifies the data", "--json"] + embedding
                + (vectors ? ["--mode", "vector"] : []),
            ["search", "rollback journal", "--json"] + embedding,
            ["ask", "What does the rollback journal store?"] + embedding,
            ["research", "write-ahead logging", "--max-rounds", "1"] + embedding,
            ["show", "1"], ["status", "--check"],
        ]
        for command in commands {
            let outcome = try run(command + ["--index", index] + extra, in: root, as: user)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)", sourceLocation: sourceLocation)
            #expect(!outcome.stdout.isEmpty, "\(command)", sourceLocation: sourceLocation)
            if command[1] == "concurrent readers while somebody modifies the data", vectors {
                let hits = try RuminateProcess.json(outcome)["hits"] as? [[String: Any]] ?? []
                #expect((hits.first?["path"] as? String)?.hasSuffix("wal.md") == true, sourceLocation: sourceLocation)
            }
        }
        // mcp: a search call answered.
        let requests = root.appendingPathComponent("mcp-\(UUID().uuidString).jsonl")
        try Data(
            [
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#,
                #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"rollback journal"}}}"#,
            ].joined(separator: "\n").utf8
        ).write(to: requests)
        let mcp = try run(
            ["mcp", "--index", index] + embedding + extra, in: root, as: user, stdin: requests)
        #expect(
            mcp.stdout.contains(#""id":2,"jsonrpc":"2.0","result""#), "\(mcp.stderr)", sourceLocation: sourceLocation)
        #expect(mcp.stdout.contains("journal.html"), sourceLocation: sourceLocation)
    }

    static func expectWritesRefused(
        index: String, in root: URL, extra: [String], as user: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let commands = [
            ["index", "corpus", "--no-vectors"], ["watch", "corpus", "--no-vectors"],
            ["serve", "--port", "0", "--indexing-root", "corpus", "--no-vectors"],
        ]
        for command in commands {
            let outcome = try run(command + ["--index", index] + extra, in: root, as: user)
            #expect(outcome.status != 0, "\(command)", sourceLocation: sourceLocation)
            #expect(outcome.stderr.contains("is read-only"), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("hint:"), "\(command): \(outcome.stderr)")
        }
    }

    /// Runs the binary, as another user when `user` names setpriv's arguments.
    static func run(_ arguments: [String], in root: URL, as user: [String], stdin: URL? = nil) throws
        -> RuminateProcess.Outcome
    {
        guard !user.isEmpty else { return try RuminateProcess.run(arguments, in: root, stdin: stdin) }
        return try RuminateProcess.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"), user + [RuminateProcess.binary.path] + arguments, in: root,
            stdin: stdin)
    }

    @Test func readOnlyAccessAnswersAndChangesNothing() async throws {
        let (root, index, vectors) = try Self.buildIndex()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("idx")
        let before = Self.snapshot(folder)
        try Self.expectReadsAnswer(index: index, vectors: vectors, in: root, extra: ["--read-only"])
        try Self.expectWritesRefused(index: index, in: root, extra: ["--read-only"])
        let server = try ServeProcess(["--index", index, "--read-only", "--no-vectors"], in: root)
        let search = try await server.get("/api/search?q=rollback+journal")
        #expect(server.stop() == 0)
        #expect(search.status == 200)
        #expect(String(decoding: search.body, as: UTF8.self).contains("journal.html"))
        // SQLite may leave its (empty) shared-memory files; the index and the vector cache stay as they were.
        let after = Self.snapshot(folder).filter { !$0.key.hasSuffix("-wal") && !$0.key.hasSuffix("-shm") }
        #expect(after == before.filter { !$0.key.hasSuffix("-wal") && !$0.key.hasSuffix("-shm") })
        #expect(!FileManager.default.fileExists(atPath: index + ".vectors"), "the vector cache was not written")
    }

    /// chmod'ed file and folder, read by a user they stop: as root (whom chmod does not stop), by nobody.
    @Test func aFileAndFolderThatCannotBeWrittenAnswer() throws {
        let user: [String]
        if geteuid() == 0 {
            try #require(
                FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                "running as root needs setpriv to read as user nobody")
            user = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        } else {
            user = []
        }
        let (root, index, vectors) = try Self.buildIndex()
        let folder = root.appendingPathComponent("idx")
        defer {
            chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        if vectors {  // a vector cache written by the owner's search: read, never rewritten
            let owner = try RuminateProcess.run(
                ["search", "rollback", "--mode", "vector", "--index", index, "--model", HybridSearchTests.modelFolder],
                in: root)
            #expect(owner.status == 0, "\(owner.stderr)")
        }
        for path in [root.path, root.appendingPathComponent("corpus").path] { chmod(path, 0o755) }
        // The file alone read-only, in a folder the reader may write: it answers, and leaves nothing beside it.
        #expect(chmod(index, 0o444) == 0 && chmod(folder.path, 0o777) == 0)
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let search = try Self.run(["search", "rollback journal", "--no-vectors", "--index", index], in: root, as: user)
        #expect(search.status == 0, "\(search.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == listing)
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let name = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            chmod(path, isFolder.boolValue ? 0o555 : 0o444)
        }
        #expect(chmod(folder.path, 0o555) == 0)
        let before = Self.snapshot(folder)
        try Self.expectReadsAnswer(index: index, vectors: vectors, in: root, extra: [], as: user)
        try Self.expectWritesRefused(index: index, in: root, extra: [], as: user)
        #expect(Self.snapshot(folder) == before)
    }
}

import Foundation
import MCP
import RuminateTestSupport
import Testing

/// A small corpus on distinct facets of one subject (with an emoji and CJK text before quoted sentences, so
/// scalar offsets differ from UTF-16 and byte offsets), indexed once by the real `ruminate index`.
struct IndexedCorpus: Sendable {
    let root: URL
    let index: String

    static let shared: Result<IndexedCorpus, TestFailure> = Result { try IndexedCorpus() }.mapError {
        TestFailure("\($0)")
    }

    static func get() throws -> IndexedCorpus { try shared.get() }

    private init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-mcp-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "wal.md":
                "# Write-ahead logging\n\n## How the WAL works\n\nWith write-ahead logging every change to the database is appended to a separate WAL file. 🚀 Readers continue reading the original database pages while a writer appends to the WAL.\n\n## Checkpoints\n\nA checkpoint copies the WAL back into the database file. Checkpoint starvation happens when readers never leave the WAL.",
            "locking.md":
                "# Database locking\n\n## Lock states\n\nA database connection moves through the shared, reserved, pending and exclusive lock states. Only one connection may hold the reserved lock that announces an intent to write.\n\n## Busy writers\n\nWhen a writer cannot obtain the exclusive lock, the busy timeout makes the connection retry before reporting that the database is busy.",
            "journal.md":
                "# The rollback journal\n\n深度研究 ✍️ The rollback journal stores a copy of the original database pages so that a crash in a transaction can be rolled back. A hot journal left by a crash is rolled back by the next connection that opens the database.",
            "btree.md":
                "# B-tree pages\n\nEvery table and index in the database file is a B-tree of fixed-size pages. The vacuum command rebuilds the database file so the freelist becomes empty and the file shrinks.",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateProcess.run(["index", "corpus", "--index", index, "--no-vectors"], in: root)
        guard indexed.status == 0 else { throw TestFailure("ruminate index failed: \(indexed.stderr)") }
    }

    /// A document's stored text as `ruminate show KEY --json` prints it, as Unicode scalars.
    func storedText(of document: String) throws -> [Unicode.Scalar] {
        let shown = try RuminateProcess.run(["show", document, "--index", index, "--json"], in: root)
        guard shown.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any],
            let text = object["text"] as? String
        else { throw TestFailure("ruminate show \(document) failed: \(shown.stderr)") }
        return Array(text.unicodeScalars)
    }

    func slice(_ document: String, _ start: Int, _ end: Int) throws -> String {
        let scalars = try storedText(of: document)
        guard 0 <= start, start <= end, end <= scalars.count else {
            throw TestFailure("span \(start)..<\(end) outside \(document)")
        }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

struct TestFailure: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `ruminate mcp --index X` as a subprocess, with the MCP SDK's own client speaking to it over its pipes.
final class MCPServerProcess: @unchecked Sendable {  // set up once, then only read
    let process = Process()
    let client = Client(name: "ruminate-mcp-tests", version: "1.0")
    let toServer = Pipe()
    let fromServer = Pipe()
    let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ruminate-mcp-err-\(UUID().uuidString)")
    private(set) var initialized: Initialize.Result?

    static func start(index: String, in folder: URL) async throws -> MCPServerProcess {
        let server = MCPServerProcess()
        try server.launch(arguments: ["mcp", "--index", index], in: folder)
        let transport = StdioTransport(
            input: .init(rawValue: server.fromServer.fileHandleForReading.fileDescriptor),
            output: .init(rawValue: server.toServer.fileHandleForWriting.fileDescriptor))
        server.initialized = try await server.client.connect(transport: transport)
        return server
    }

    private func launch(arguments: [String], in folder: URL) throws {
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = RuminateProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = RuminateProcess.environment()
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        // If the server dies, pending calls fail at once instead of waiting for an answer that never comes.
        process.terminationHandler = { [client] _ in Task { await client.disconnect() } }
        try process.run()
    }

    /// One `tools/call`, with the whole result (content, structured content, isError).
    func call(_ tool: String, _ arguments: [String: Value], meta: Metadata? = nil) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.send(
            CallTool.request(.init(name: tool, arguments: arguments, meta: meta)))
        return try await context.value
    }

    /// Disconnects, closes the server's stdin and waits for it to exit (bounded only so a hung server cannot
    /// hang the test run); returns its exit status.
    func stop() async throws -> Int32 {
        await client.disconnect()
        try toServer.fileHandleForWriting.close()
        try await waitForExit()
        return process.terminationStatus
    }

    func waitForExit() async throws {
        for _ in 0..<6_000 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            process.terminate()
            throw TestFailure("ruminate mcp did not exit within 10 minutes of its stdin closing")
        }
    }

    var stderr: String {
        String(decoding: FileManager.default.contents(atPath: stderrFile.path) ?? Data(), as: UTF8.self)
    }
}

/// What a tool result carries: its JSON text block parsed, and whether it matches the structured content.
struct ToolOutput {
    let result: CallTool.Result
    let texts: [String]
    let json: [String: Any]

    init(_ result: CallTool.Result) throws {
        self.result = result
        texts = result.content.compactMap { content in
            if case .text(let text, _, _) = content { return text }
            return nil
        }
        guard let last = texts.last,
            let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else {
            throw TestFailure("the last content block is not a JSON object: \(texts)")
        }
        json = object
    }

    var isError: Bool { result.isError == true }

    /// The structured content re-encoded, compared with the text block as parsed JSON.
    var structuredMatchesText: Bool {
        guard let structured = result.structuredContent, let data = try? JSONEncoder().encode(structured),
            let object = try? JSONSerialization.jsonObject(with: data)
        else { return false }
        return sameJSON(object, json)
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// Whether two parsed JSON values are equal (compared as canonical JSON text: NSDictionary's own equality
/// does not compare booleans reliably on Linux).
func sameJSON(_ a: Any, _ b: Any) -> Bool {
    func canonical(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }
    guard let left = canonical(a), let right = canonical(b) else { return false }
    return left == right
}

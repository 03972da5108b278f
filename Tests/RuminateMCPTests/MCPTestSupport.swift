import Foundation
import MCP
import Testing

/// The real `ruminate` binary that `swift build` put next to the test bundle (the same lookup as the CLI tests).
enum RuminateBinary {
    static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ruminate"),
            Bundle.main.bundleURL.appendingPathComponent("ruminate"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ruminate"),
        ]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        return repository.appendingPathComponent(".build/debug/ruminate")
    }

    /// The repository holding this file (symlinks resolved, so a dev package linking the tests finds it too).
    static var repository: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion; output goes to files, so a chatty process never blocks on a full pipe.
    @discardableResult
    static func run(_ executable: URL, _ arguments: [String], in folder: URL, stdin: URL? = nil) throws -> Outcome {
        let process = Process()
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = cleanEnvironment
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-mcp-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: scratch.path + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch.path + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch.path + ".out")
            try? FileManager.default.removeItem(atPath: scratch.path + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".err"))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: scratch.path + ".out") ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: scratch.path + ".err") ?? Data(), as: UTF8.self))
    }

    @discardableResult
    static func run(_ arguments: [String], in folder: URL, stdin: URL? = nil) throws -> Outcome {
        try run(url, arguments, in: folder, stdin: stdin)
    }

    /// No RUMINATE_INDEX from the caller's shell: every test names its index.
    static var cleanEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["RUMINATE_INDEX"] = nil
        return environment
    }
}

/// A small corpus on distinct facets of one subject (with an emoji and CJK text before quoted sentences, so
/// scalar offsets differ from UTF-16 and byte offsets), indexed once by the real `ruminate index`.
struct IndexedCorpus: Sendable {
    let root: URL
    let index: String

    static let shared: Result<IndexedCorpus, TestFailure> = Result { try IndexedCorpus() }.mapError { TestFailure("\($0)") }

    static func get() throws -> IndexedCorpus { try shared.get() }

    private init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-mcp-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "wal.md": "# Write-ahead logging\n\n## How the WAL works\n\nWith write-ahead logging every change to the database is appended to a separate WAL file. 🚀 Readers continue reading the original database pages while a writer appends to the WAL.\n\n## Checkpoints\n\nA checkpoint copies the WAL back into the database file. Checkpoint starvation happens when readers never leave the WAL.",
            "locking.md": "# Database locking\n\n## Lock states\n\nA database connection moves through the shared, reserved, pending and exclusive lock states. Only one connection may hold the reserved lock that announces an intent to write.\n\n## Busy writers\n\nWhen a writer cannot obtain the exclusive lock, the busy timeout makes the connection retry before reporting that the database is busy.",
            "journal.md": "# The rollback journal\n\n深度研究 ✍️ The rollback journal stores a copy of the original database pages so that a crash in a transaction can be rolled back. A hot journal left by a crash is rolled back by the next connection that opens the database.",
            "btree.md": "# B-tree pages\n\nEvery table and index in the database file is a B-tree of fixed-size pages. The vacuum command rebuilds the database file so the freelist becomes empty and the file shrinks.",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        index = root.appendingPathComponent("i.sqlite").path
        let indexed = try RuminateBinary.run(["index", "corpus", "--index", index, "--no-vectors"], in: root)
        guard indexed.status == 0 else { throw TestFailure("ruminate index failed: \(indexed.stderr)") }
    }

    /// A document's stored text as `ruminate show KEY --json` prints it, as Unicode scalars.
    func storedText(of document: String) throws -> [Unicode.Scalar] {
        let shown = try RuminateBinary.run(["show", document, "--index", index, "--json"], in: root)
        guard shown.status == 0, let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any],
              let text = object["text"] as? String else { throw TestFailure("ruminate show \(document) failed: \(shown.stderr)") }
        return Array(text.unicodeScalars)
    }

    func slice(_ document: String, _ start: Int, _ end: Int) throws -> String {
        let scalars = try storedText(of: document)
        guard 0 <= start, start <= end, end <= scalars.count else { throw TestFailure("span \(start)..<\(end) outside \(document)") }
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
    let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-mcp-err-\(UUID().uuidString)")
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
        process.executableURL = RuminateBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = RuminateBinary.cleanEnvironment
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        // If the server dies, pending calls fail at once instead of waiting for an answer that never comes.
        process.terminationHandler = { [client] _ in Task { await client.disconnect() } }
        try process.run()
    }

    /// One `tools/call`, with the whole result (content, structured content, isError).
    func call(_ tool: String, _ arguments: [String: Value], meta: Metadata? = nil) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.send(CallTool.request(.init(name: tool, arguments: arguments, meta: meta)))
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

    var stderr: String { String(decoding: FileManager.default.contents(atPath: stderrFile.path) ?? Data(), as: UTF8.self) }
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
        guard let last = texts.last, let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
            throw TestFailure("the last content block is not a JSON object: \(texts)")
        }
        json = object
    }

    var isError: Bool { result.isError == true }

    /// The structured content re-encoded, compared with the text block as parsed JSON.
    var structuredMatchesText: Bool {
        guard let structured = result.structuredContent, let data = try? JSONEncoder().encode(structured),
              let object = try? JSONSerialization.jsonObject(with: data) else { return false }
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

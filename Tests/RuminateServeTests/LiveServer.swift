import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateServe
import RuminateService
import RuminateWalk
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real server on 127.0.0.1 (a free port) over a real index of a few Markdown files, talked to over HTTP.
final class LiveServer: @unchecked Sendable {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    let root: URL
    let service: KnowledgeService
    let baseURL: URL
    private let task: Task<Void, any Error>

    static let files = [
        "wal.md": """
        # Write-Ahead Logging

        Emoji 👍🏽 and ideographs 中文 come first here.

        ## How WAL works

        The original content is preserved in the database file and changes are appended to a separate WAL file. \
        Readers continue reading the original database while a writer appends to the WAL. \
        A checkpoint moves WAL content back into the database file.

        ## Checkpoints

        Checkpoint starvation happens when readers never leave the WAL. \
        Automatic checkpoints run when the WAL reaches a thousand pages.
        """,
        "btree.md": """
        # B-tree pages

        Every table and index is a B-tree of fixed-size pages. \
        Interior pages hold keys and child pointers; leaf pages hold the rows.
        """,
        "script.md": """
        # Untrusted <script>alert(1)</script> title

        A page that quotes <script>alert("x")</script> and <b>bold</b> markup in its checkpoint text.
        """,
    ]

    init(configuration: ServeConfiguration = ServeConfiguration(port: 0), files: [String: String] = LiveServer.files)
        async throws
    {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-serve-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        let index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
        _ = try IndexingRun(
            index: index, options: IngestOptions(crawl: CrawlOptions(roots: [corpus.path])),
            progress: ProgressReporter(enabled: false)
        ).run()
        service = KnowledgeService(index: index, embedder: nil)
        let server = try RuminateServer(service: service, configuration: configuration)
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        task = Task {
            try await server.run(handlingSignals: false) { url in continuation.yield(url) }
        }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next(), let base = URL(string: url) else {
            throw RuminateError(.storage, "the server did not start")
        }
        baseURL = base
    }

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(at: root)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(path, method: "GET", headers: headers)
    }

    func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> Reply {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try await send(path, method: "POST", body: Data(json.utf8), headers: headers)
    }

    func send(_ path: String, method: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply
    {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 300  // only so that a hung server cannot hang the suite
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            fields[String(describing: key).lowercased()] = String(describing: value)
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// The server's own OpenAPI document, fetched from it.
    func openAPI() async throws -> SchemaValidator {
        let reply = try await get("/api/openapi.json")
        #expect(reply.status == 200)
        return SchemaValidator(openAPI: try #require(reply.json))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

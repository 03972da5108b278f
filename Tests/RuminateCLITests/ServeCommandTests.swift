import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real `ruminate serve` process on a free port; stderr goes to a file the test reads the URL from.
final class ServeProcess {
    let process = Process()
    let stderrPath: String
    private(set) var url: URL!

    init(_ arguments: [String], in folder: URL) throws {
        stderrPath = folder.appendingPathComponent("serve-\(UUID().uuidString).err").path
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = RuminateProcess.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["RUMINATE_INDEX"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        // Wait for the line naming the URL (generous: only so a broken server cannot hang the suite).
        for _ in 0..<1200 {
            if let found = stderr.firstMatch(of: #/at (http://[^ ]+/) /#) {
                url = URL(string: String(found.1))
                return
            }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start: \(stderr)"])
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: path, relativeTo: url)!)
        request.timeoutInterval = 300
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}

@Suite struct ServeCommandTests {
    @Test func servesTheSameJSONAsTheCommandsAndStopsOnSIGTERM() async throws {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("index.sqlite").path
        #expect(try RuminateProcess.run(["index", "--index", index, "--no-vectors", "corpus"], in: root).status == 0)
        let server = try ServeProcess(["--index", index, "--no-vectors"], in: root)

        let cli = try RuminateProcess.run(["search", "--index", index, "--no-vectors", "--json", "-k", "3", "checkpoint", "WAL"], in: root)
        let api = try await server.get("/api/search?q=checkpoint%20WAL&k=3")
        #expect(api.status == 200)
        #expect(try JSONSerialization.jsonObject(with: api.body) as? NSDictionary == JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? NSDictionary)

        let key = try #require((try RuminateProcess.json(cli)["hits"] as? [[String: Any]])?.first?["document"] as? String)
        let cliShow = try RuminateProcess.run(["show", "--index", index, "--json", key], in: root)
        let apiShow = try await server.get("/api/documents/" + key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(try JSONSerialization.jsonObject(with: apiShow.body) as? NSDictionary == JSONSerialization.jsonObject(with: Data(cliShow.stdout.utf8)) as? NSDictionary)

        let page = try await server.get("/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("<html"))
        #expect(server.stop() == 0)
    }

    @Test func refusesToExposeTheIndexWithoutAToken() throws {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try RuminateProcess.run(["serve", "--index", "x.sqlite", "--host", "0.0.0.0"], in: root)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("without a token"))
        let missing = try RuminateProcess.run(["serve", "--index", "missing.sqlite", "--port", "0"], in: root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no index at"))
    }

    @Test func aTokenIsRequiredWhenGiven() async throws {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("index.sqlite").path
        #expect(try RuminateProcess.run(["index", "--index", index, "--no-vectors", "corpus"], in: root).status == 0)
        let token = "0123456789abcdef-test-token"
        let server = try ServeProcess(["--index", index, "--no-vectors", "--token", token], in: root)
        #expect(try await server.get("/api/status").status == 401)
        #expect(try await server.get("/api/status", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(server.stop() == 0)
    }
}

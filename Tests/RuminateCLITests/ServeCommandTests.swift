import Foundation
import RuminateTestSupport
import Testing

@Suite struct ServeCommandTests {
    @Test func servesTheSameJSONAsTheCommandsAndStopsOnSIGTERM() async throws {
        let root = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("index.sqlite").path
        #expect(try RuminateProcess.run(["index", "--index", index, "--no-vectors", "corpus"], in: root).status == 0)
        let server = try ServeProcess(["--index", index, "--no-vectors"], in: root)

        let cli = try RuminateProcess.run(
            ["search", "--index", index, "--no-vectors", "--json", "-k", "3", "checkpoint", "WAL"], in: root)
        let api = try await server.get("/api/search?q=checkpoint%20WAL&k=3")
        #expect(api.status == 200)
        #expect(
            try JSONSerialization.jsonObject(with: api.body) as? NSDictionary == JSONSerialization.jsonObject(
                with: Data(cli.stdout.utf8)) as? NSDictionary)

        let key = try #require(
            (try RuminateProcess.json(cli)["hits"] as? [[String: Any]])?.first?["document"] as? String)
        let cliShow = try RuminateProcess.run(["show", "--index", index, "--json", key], in: root)
        let apiShow = try await server.get(
            "/api/documents/" + key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(
            try JSONSerialization.jsonObject(with: apiShow.body) as? NSDictionary == JSONSerialization.jsonObject(
                with: Data(cliShow.stdout.utf8)) as? NSDictionary)

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

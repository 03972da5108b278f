import Foundation
import RuminateCore
import RuminateServe
import Testing

/// Issue 17, item 9: requests the published schema forbids are refused with a documented JSON error, and
/// what RFC 9110 allows is accepted.
@Suite struct RequestStrictnessTests {
    private let contract = APIContractTests()

    @Test func askRefusesFieldsAndValuesTheSchemaDoesNotAllow() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        for body in [
            #"{"question": "What is a checkpoint?", "bogus": 1}"#,
            #"{"question": "What is a checkpoint?", "sentences": "3"}"#,
            #"{"question": "What is a checkpoint?", "mode": ""}"#,
            #"{"question": "What is a checkpoint?", "mode": "LEXICAL"}"#,
        ] {
            let reply = try await server.post("/api/ask", json: body)
            #expect(reply.status == 400, "\(body)")
            #expect(reply.json?["error"]?["code"]?.string == "invalidArgument", "\(body)")
            try contract.expectDocumented(reply, path: "/api/ask", method: "post", validator: validator)
        }
        let unknown = try await server.post("/api/ask", json: #"{"question": "wal?", "bogus": 1}"#)
        #expect(unknown.json?["error"]?["message"]?.string?.contains("bogus") == true)
        #expect(unknown.json?["error"]?["hint"]?.string?.contains("question") == true)
        let valid = try await server.post("/api/ask", json: #"{"question": "What is a checkpoint?", "sentences": 2}"#)
        #expect(valid.status == 200)
        await server.stop()
    }

    @Test func queryParametersOutsideTheirSchemaAreRefused() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        let hits = try #require(try await server.get("/api/search?q=checkpoint").json?["hits"]?.array)
        let passage = try #require(hits.first?["passage"]?.int)
        for path in [
            "/api/passages/\(passage)?highlight_start=-5&highlight_end=3",
            "/api/passages/\(passage)?highlight_start=0&highlight_end=-1",
        ] {
            let reply = try await server.get(path)
            #expect(reply.status == 400, "\(path)")
            #expect(reply.json?["error"]?["code"]?.string == "invalidArgument", "\(path)")
            try contract.expectDocumented(reply, path: "/api/passages/{id}", method: "get", validator: validator)
        }
        for path in [
            "/api/search?q=checkpoint&fts=2", "/api/search?q=checkpoint&explain=yes",
            "/api/search?q=checkpoint&rerank=no", "/api/search?q=checkpoint&mode=Lexical",
        ] {
            let reply = try await server.get(path)
            #expect(reply.status == 400, "\(path)")
            #expect(reply.json?["error"]?["code"]?.string == "invalidArgument", "\(path)")
            try contract.expectDocumented(reply, path: "/api/search", method: "get", validator: validator)
        }
        for path in [
            "/api/search?q=checkpoint&fts=1", "/api/search?q=checkpoint&fts=0&explain=1",
            "/api/search?q=checkpoint&rerank=0", "/api/search?q=checkpoint&rerank=1&explain=1",
            "/api/search?q=checkpoint&mode=lexical",
        ] {
            #expect(try await server.get(path).status == 200, "\(path)")
        }
        await server.stop()
    }

    @Test func theBearerSchemeIsMatchedInAnyCase() async throws {
        let token = "correct-horse-battery-staple"
        let server = try await LiveServer(configuration: ServeConfiguration(port: 0, token: token))
        for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
            let reply = try await server.get("/api/status", headers: ["Authorization": "\(scheme) \(token)"])
            #expect(reply.status == 200, "\(scheme)")
        }
        for header in ["bearer", "bearer \(token.uppercased())", "bearer\(token)", "bearerx \(token)"] {
            #expect(try await server.get("/api/status", headers: ["Authorization": header]).status == 401, "\(header)")
        }
        await server.stop()
    }

    /// A request line far over the HTTP parser's limit gets the usual JSON error, not an empty 400.
    @Test func anOverlongQueryStringGetsAJSONError() async throws {
        let server = try await LiveServer()
        let port = try #require(server.baseURL.port)
        let query = String(repeating: "a", count: 1 << 20)
        let raw = try await RawHTTPClient.exchange(
            port: port, request: "GET /api/search?q=\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let head = parts[0]
        #expect(head.hasPrefix("HTTP/1.1 400"), "\(head)")
        #expect(head.lowercased().contains("content-type: application/json"), "\(head)")
        let body = try #require(parts.count > 1 ? parts[1] : nil)
        let json = try #require(try? JSONValue.parse(Data(body.utf8)), "the body is not JSON: \(body)")
        #expect(json["error"]?["code"]?.string != nil)
        #expect(json["error"]?["message"]?.string?.isEmpty == false)
        // The server goes on serving.
        #expect(try await server.get("/api/search?q=checkpoint").status == 200)
        await server.stop()
    }
}

/// Issue 17, item 7: a web page on another site cannot use the token-less server, neither through DNS
/// rebinding (its requests name the page's own host) nor through a cross-site form (which cannot send JSON).
@Suite struct CrossSiteTests {
    private func status(_ server: LiveServer, path: String, host: String) async throws -> (
        status: String, body: String
    ) {
        let raw = try await RawHTTPClient.exchange(
            port: try #require(server.baseURL.port),
            request: "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        let parts = raw.components(separatedBy: "\r\n\r\n")
        return (String(parts[0].prefix(12)), parts.count > 1 ? parts[1] : "")
    }

    /// A server that also answers to the name `notes.lan` (`--allow-host notes.lan`).
    static func serverAllowingNotesLAN() async throws -> LiveServer {
        var configuration = ServeConfiguration(port: 0)
        configuration.allowedHosts = ["notes.lan"]
        return try await LiveServer(configuration: configuration)
    }

    @Test func requestsNamingAnotherHostAreRefused() async throws {
        let server = try await Self.serverAllowingNotesLAN()
        let validator = try await server.openAPI()
        let port = try #require(server.baseURL.port)
        for host in ["evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "localhost.evil.example"] {
            for path in ["/api/status", "/"] {
                let reply = try await status(server, path: path, host: host)
                #expect(reply.status == "HTTP/1.1 421", "\(host) \(path)")
                let json = try #require(try? JSONValue.parse(Data(reply.body.utf8)), "\(reply.body)")
                #expect(json["error"]?["code"]?.string == "misdirected")
                let schema = try #require(
                    validator.document["paths"]?["/api/status"]?["get"]?["responses"]?["421"]?["content"]?[
                        "application/json"]?["schema"])
                #expect(validator.validate(json, against: schema).isEmpty)
            }
        }
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST", "[::1]:\(port)", "notes.lan:\(port)"] {
            #expect(try await status(server, path: "/api/status", host: host).status == "HTTP/1.1 200", "\(host)")
        }
        await server.stop()
    }

    /// A browser names the page behind a request in `Origin`: only this server's own pages (and --allow-host
    /// names') may call it; programs, which send no Origin, are not concerned.
    @Test func requestsFromPagesOfAnotherSiteAreRefused() async throws {
        let server = try await Self.serverAllowingNotesLAN()
        let validator = try await server.openAPI()
        let port = try #require(server.baseURL.port)
        let own = "http://127.0.0.1:\(port)"
        for origin in ["https://evil.example", "http://localhost:\(port)", "http://127.0.0.1:1", "null", "file://"] {
            for (path, method) in [("/api/status", "get"), ("/api/search?q=checkpoint", "get"), ("/api/ask", "post")] {
                let reply = try await server.send(
                    path, method: method.uppercased(), body: method == "post" ? Data(#"{"question":"wal"}"#.utf8) : nil,
                    headers: ["Origin": origin, "Content-Type": "application/json"])
                #expect(reply.status == 403, "\(origin) \(path)")
                try APIContractTests().expectDocumented(
                    reply, path: String(path.prefix { $0 != "?" }), method: method, validator: validator)
            }
        }
        for origin in [own, "HTTP://127.0.0.1:\(port)", "http://notes.lan:8080", nil] {
            let reply = try await server.send(
                "/api/ask", method: "POST", body: Data(#"{"question":"wal"}"#.utf8),
                headers: ["Content-Type": "application/json"].merging(origin.map { ["Origin": $0] } ?? [:]) { a, _ in a
                })
            #expect(reply.status == 200, "\(String(describing: origin))")
        }
        await server.stop()
    }

    @Test func bodiesMustBeDeclaredAsJSON() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        let body = Data(#"{"question": "What does a checkpoint move back into the database file?"}"#.utf8)
        for headers in [
            ["Content-Type": "text/plain"], ["Content-Type": "application/x-www-form-urlencoded"],
            ["Content-Type": "multipart/form-data; boundary=x"], [:],
        ] {
            let reply = try await server.send("/api/ask", method: "POST", body: body, headers: headers)
            #expect(reply.status == 415, "\(headers)")
            try APIContractTests().expectDocumented(reply, path: "/api/ask", method: "post", validator: validator)
        }
        let json = try await server.send(
            "/api/ask", method: "POST", body: body, headers: ["Content-Type": "application/json; charset=utf-8"])
        #expect(json.status == 200)
        await server.stop()
    }
}

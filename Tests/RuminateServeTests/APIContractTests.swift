import Foundation
import RuminateCore
import RuminateServe
import RuminateService
import Testing

/// Every response the running server gives is checked against the OpenAPI document it serves.
@Suite struct APIContractTests {
    /// Validates a reply against the schema documented for its path, method and status.
    func expectDocumented(
        _ reply: LiveServer.Reply, path: String, method: String, validator: SchemaValidator,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let operation = try #require(
            validator.document["paths"]?[path]?[method], "\(method) \(path) is not documented",
            sourceLocation: sourceLocation)
        let response = try #require(
            operation["responses"]?[String(reply.status)],
            "status \(reply.status) of \(method) \(path) is not documented", sourceLocation: sourceLocation)
        let schema = try #require(response["content"]?["application/json"]?["schema"], sourceLocation: sourceLocation)
        let body = try #require(
            reply.json, "the body is not JSON: \(String(decoding: reply.body, as: UTF8.self))",
            sourceLocation: sourceLocation)
        let problems = validator.validate(body, against: schema)
        #expect(problems.isEmpty, "\(method) \(path) → \(reply.status): \(problems)", sourceLocation: sourceLocation)
        #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    }

    @Test func everyOperationAnswersAsDocumented() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()

        try expectDocumented(
            try await server.get("/api/status"), path: "/api/status", method: "get", validator: validator)

        let search = try await server.get("/api/search?q=checkpoint+WAL&k=3&explain=1")
        #expect(search.status == 200)
        try expectDocumented(search, path: "/api/search", method: "get", validator: validator)
        let hits = try #require(search.json?["hits"]?.array)
        #expect(hits.count == 3)
        let passage = try #require(hits.first?["passage"]?.int)
        let key = try #require(hits.first?["document"]?.string)

        let ask = try await server.post(
            "/api/ask", json: #"{"question": "What does a checkpoint move back into the database file?"}"#)
        #expect(ask.status == 200)
        try expectDocumented(ask, path: "/api/ask", method: "post", validator: validator)
        #expect(ask.json?["abstained"] == .bool(false))

        let passageReply = try await server.get(
            "/api/passages/\(passage)?context=50&highlight_start=0&highlight_end=10")
        try expectDocumented(passageReply, path: "/api/passages/{id}", method: "get", validator: validator)

        let document = try await server.get("/api/documents/" + LiveServer.encode(key))
        #expect(document.status == 200)
        try expectDocumented(document, path: "/api/documents/{ref}", method: "get", validator: validator)
        #expect(document.json?["document"]?.string == key)

        // Errors are documented JSON too.
        for (path, status) in [
            ("/api/search?q=", 400), ("/api/search?q=x&k=0", 400), ("/api/search?q=x&mode=psychic", 400),
            ("/api/passages/987654", 404), ("/api/passages/abc", 400),
        ] {
            let reply = try await server.get(path)
            #expect(reply.status == status, "\(path)")
            let documentedPath = path.hasPrefix("/api/search") ? "/api/search" : "/api/passages/{id}"
            try expectDocumented(reply, path: documentedPath, method: "get", validator: validator)
        }
        let missingDocument = try await server.get("/api/documents/no%2Fsuch.md")
        #expect(missingDocument.status == 404)
        try expectDocumented(missingDocument, path: "/api/documents/{ref}", method: "get", validator: validator)
        let unknown = try await server.get("/api/nothing/here")
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"]?["code"]?.string == "notFound")
        await server.stop()
    }

    @Test func theAPIGivesTheSameJSONAsTheService() async throws {
        let server = try await LiveServer()
        let reply = try await server.get("/api/search?q=" + LiveServer.encode("leaf pages hold rows") + "&k=5")
        let expected = SearchResultsJSON(
            try server.service.search(SearchRequest(query: "leaf pages hold rows", limit: 5)))
        #expect(try JSONDecoder().decode(SearchResultsJSON.self, from: reply.body) == expected)
        await server.stop()
    }

    @Test func askRejectsBadBodiesClearly() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        for body in ["not json", #"{"question": ""}"#, #"{"question": "x", "sentences": 99}"#, #"{"q": "wrong key"}"#] {
            let reply = try await server.post("/api/ask", json: body)
            #expect(reply.status == 400, "\(body)")
            try expectDocumented(reply, path: "/api/ask", method: "post", validator: validator)
        }
        let huge = #"{"question": ""# + String(repeating: "a", count: 200_000) + #""}"#
        let tooLarge = try await server.post("/api/ask", json: huge)
        #expect(tooLarge.status == 413)
        try expectDocumented(tooLarge, path: "/api/ask", method: "post", validator: validator)
        await server.stop()
    }

    @Test func researchStreamsProgressThenAReport() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        let reply = try await server.get(
            "/api/research?topic=" + LiveServer.encode("write-ahead logging checkpoints") + "&rounds=2&aspects=2")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = ServerSentEvents.parse(String(decoding: reply.body, as: UTF8.self))
        #expect(events.first?.name == "progress")
        #expect(events.filter { $0.name == "progress" }.count >= 2)
        let last = try #require(events.last)
        #expect(last.name == "report")
        let report = try JSONValue.parse(Data(last.data.utf8))
        let schema = try #require(validator.component("ResearchReport"))
        #expect(validator.validate(report, against: schema).isEmpty, "\(validator.validate(report, against: schema))")
        #expect(report["verified"] == .bool(true))

        let bad = try await server.get("/api/research?topic=&rounds=2")
        #expect(bad.status == 400)
        await server.stop()
    }
}

/// Server-sent events, parsed the way browsers do for our single-line `data:` payloads.
enum ServerSentEvents {
    struct Event { var name: String; var data: String }

    static func parse(_ stream: String) -> [Event] {
        stream.components(separatedBy: "\n\n").compactMap { block in
            var name = "message", data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : Event(name: name, data: data.joined(separator: "\n"))
        }
    }
}

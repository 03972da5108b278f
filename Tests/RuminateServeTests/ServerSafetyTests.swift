import Foundation
import RuminateCore
import RuminateService
import Testing

@testable import RuminateServe

@Suite struct ServerSafetyTests {
    @Test func nonLoopbackAddressesNeedAToken() throws {
        #expect(throws: RuminateError.self) { try ServeConfiguration(host: "0.0.0.0", port: 0).validated() }
        #expect(throws: RuminateError.self) { try ServeConfiguration(host: "192.168.1.20", port: 0).validated() }
        #expect(throws: RuminateError.self) {
            try ServeConfiguration(host: "0.0.0.0", port: 0, token: "short").validated()
        }
        _ = try ServeConfiguration(host: "0.0.0.0", port: 0, token: "0123456789abcdef0123").validated()
        for host in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
            #expect(ServeConfiguration.isLoopback(host), "\(host)")
        }
        #expect(!ServeConfiguration.isLoopback("0.0.0.0"))
        #expect(!ServeConfiguration.isLoopback("::"))
    }

    @Test func aTokenGuardsEveryAPIRouteButNotThePage() async throws {
        let token = "correct-horse-battery-staple"
        let server = try await LiveServer(configuration: ServeConfiguration(port: 0, token: token))
        for headers in [
            [:], ["Authorization": "Bearer wrong-token-wrong-token"], ["Authorization": "Basic \(token)"],
            ["Authorization": "Bearer \(token)x"],
        ] {
            let reply = try await server.get("/api/search?q=wal", headers: headers)
            #expect(reply.status == 401, "\(headers)")
            #expect(reply.json?["error"]?["code"]?.string == "unauthorized")
            #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        }
        #expect(try await server.get("/api/search?q=wal", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(try await server.post("/api/ask", json: #"{"question": "wal?"}"#).status == 401)
        #expect(try await server.get("/api/unknown").status == 401)
        let page = try await server.get("/")
        #expect(page.status == 200)
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        await server.stop()
    }

    @Test func thePageIsSelfContained() async throws {
        let server = try await LiveServer()
        let page = try await server.get("/")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(html.contains("<script"))
        // No asset from anywhere else: no http(s) URLs in src/href attributes, no @import.
        for pattern in [#"src=["']https?:"#, #"href=["']https?:"#, #"@import"#, #"url\(["']?https?:"#] {
            #expect(html.range(of: pattern, options: .regularExpression) == nil, "\(pattern)")
        }
        await server.stop()
    }

    @Test func indexingIsOffUnlessARootAllowsIt() async throws {
        let server = try await LiveServer()
        let reply = try await server.post("/api/index", json: #"{"paths": ["/tmp"]}"#)
        #expect(reply.status == 403)
        #expect(reply.json?["error"]?["code"]?.string == "forbidden")
        await server.stop()
    }

    @Test func indexingBelowAnAllowedRootUpdatesTheIndexWhileServing() async throws {
        let allowed = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-allowed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: allowed) }
        try Data(
            "# Vacuum\n\nThe VACUUM command rebuilds the database file, repacking it into a minimal amount of disk space.\n"
                .utf8
        )
        .write(to: allowed.appendingPathComponent("vacuum.md"))
        let server = try await LiveServer(configuration: ServeConfiguration(port: 0, indexingRoots: [allowed.path]))
        #expect(try await server.get("/api/search?q=vacuum+repacking").json?["hits"]?.array?.isEmpty == true)

        let outside = try await server.post("/api/index", json: #"{"paths": ["/etc"]}"#)
        #expect(outside.status == 400)
        let traversal = try await server.post("/api/index", json: "{\"paths\": [\"\(allowed.path)/../..\"]}")
        #expect(traversal.status == 400)

        let run = try await server.post("/api/index", json: "{\"paths\": [\"\(allowed.path)\"]}")
        #expect(run.status == 200)
        #expect(run.json?["added"]?.int == 1)
        let validator = try await server.openAPI()
        let report = try #require(run.json)
        let problems = validator.validate(report, against: try #require(validator.component("IngestReport")))
        #expect(problems.isEmpty, "\(problems)")
        let hits = try #require(try await server.get("/api/search?q=vacuum+repacking").json?["hits"]?.array)
        #expect(hits.first?["path"]?.string?.hasSuffix("vacuum.md") == true)
        // The documents indexed before are still there: only what lies below the given path can change.
        #expect(try await server.get("/api/search?q=checkpoint").json?["hits"]?.array?.isEmpty == false)
        await server.stop()
    }

    /// Issue 17, item 3: a symlink inside the allowed root, to a folder or a file outside it, must not lead the
    /// indexing run out of the root; it is skipped and reported.
    @Test func aSymlinkInsideAnIndexingRootCannotLeadOutOfIt() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-escape-\(UUID().uuidString)")
        let allowed = base.appendingPathComponent("allowed")
        let outside = base.appendingPathComponent("outside")
        for folder in [allowed, outside] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("# Inside\n\nThe inside note mentions quokka habitats.\n".utf8)
            .write(to: allowed.appendingPathComponent("inside.md"))
        try Data("# Secret\n\nThe outside note mentions zanzibar ledgers.\n".utf8)
            .write(to: outside.appendingPathComponent("secret.md"))
        try Data("# Other\n\nAnother outside note about marzipan vaults.\n".utf8)
            .write(to: base.appendingPathComponent("other.md"))
        try FileManager.default.createSymbolicLink(
            atPath: allowed.appendingPathComponent("escape").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: allowed.appendingPathComponent("other.md").path, withDestinationPath: "../other.md")
        let server = try await LiveServer(configuration: ServeConfiguration(port: 0, indexingRoots: [allowed.path]))

        let run = try await server.post("/api/index", json: "{\"paths\": [\"\(allowed.path)\"]}")
        #expect(run.status == 200)
        #expect(run.json?["added"]?.int == 1)
        let problems = run.json?["problems"]?.array ?? []
        for link in ["escape", "other.md"] {
            #expect(
                problems.contains { $0["path"]?.string?.hasSuffix("/allowed/" + link) == true },
                "\(link) is not reported: \(problems)")
        }
        #expect(try await server.get("/api/search?q=quokka").json?["hits"]?.array?.count == 1)
        for word in ["zanzibar", "marzipan"] {
            #expect(try await server.get("/api/search?q=\(word)").json?["hits"]?.array?.isEmpty == true, "\(word)")
        }
        // Naming the link itself does not get past the check either.
        let link = try await server.post("/api/index", json: "{\"paths\": [\"\(allowed.path)/escape\"]}")
        #expect(link.status == 400)
        #expect(try await server.get("/api/search?q=zanzibar").json?["hits"]?.array?.isEmpty == true)
        await server.stop()
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let server = try await LiveServer()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<48 {
                group.addTask {
                    i % 6 == 0
                        ? try await server.post("/api/ask", json: #"{"question": "What do leaf pages hold?"}"#).status
                        : try await server.get("/api/search?q=" + (i % 2 == 0 ? "checkpoint" : "b-tree+pages")).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 48)
        #expect(statuses.allSatisfy { $0 == 200 })
        await server.stop()
    }

    private func equal(_ a: String, _ b: String) -> Bool {
        BearerTokenMiddleware.constantTimeEqual(Array(a.utf8), Array(b.utf8))
    }

    @Test func tokenComparisonIgnoresNothing() {
        #expect(equal("abc", "abc"))
        #expect(!equal("abc", "abd"))
        #expect(!equal("abc", "abcd"))
        #expect(!equal("", "a"))
    }

    /// Once the stream has ended (the writer finishes it when the client is gone), progress throws, which
    /// stops the research at its next step.
    @Test func progressAfterTheStreamEndedStopsTheRun() async throws {
        let (events, continuation) = AsyncStream.makeStream(of: ResearchStream.Event.self)
        let sink = ResearchStream.progressSink(continuation)
        try sink("plan")
        continuation.finish()
        let error = #expect(throws: RuminateError.self) { try sink("round 1") }
        #expect(error?.code == .interrupted)
        var received: [String] = []
        for await event in events { if case .progress(let line) = event { received.append(line) } }
        #expect(received == ["plan"])
    }

    /// A client that leaves a research stream after its first event does not disturb the server: with one
    /// research slot, a later research still streams to its report. (On this small index the left run may
    /// well finish before it notices; the test above covers the stopping.)
    @Test func aClientLeavingAResearchStreamLeavesTheServerServing() async throws {
        let server = try await LiveServer(configuration: ServeConfiguration(port: 0, concurrentResearch: 1))
        let port = try #require(server.baseURL.port)
        let path = "/api/research?topic=" + LiveServer.encode("write-ahead logging checkpoints") + "&rounds=3&aspects=3"
        let first = try RawHTTPClient.readUntil(
            "event: progress", port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(first.hasPrefix("HTTP/1.1 200"), "\(first)")
        var reply = try await server.get(path)
        for _ in 0..<200 where reply.status == 429 {  // the left run ends at its next step
            try await Task.sleep(nanoseconds: 10_000_000)
            reply = try await server.get(path)
        }
        #expect(reply.status == 200)
        #expect(ServerSentEvents.parse(String(decoding: reply.body, as: UTF8.self)).last?.name == "report")
        await server.stop()
    }
}

/// A bare TCP client, for leaving a response half read (URLSession reads bodies to the end).
enum RawHTTPClient {
    /// Sends `request` to 127.0.0.1:`port`, reads until `marker` appears (or the server closes), then closes.
    static func readUntil(_ marker: String, port: Int, request: String) throws -> String {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// `exchange` on a Dispatch thread: blocking socket calls on the cooperative pool (two threads here) could
    /// starve the in-process server's handlers, which run there too.
    static func exchange(port: Int, request: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request) })
            }
        }
    }

    /// Sends `request` (ignoring a send the server cut short) and reads until the server closes.
    static func blockingExchange(port: Int, request: String) throws -> String {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// A TCP socket connected to 127.0.0.1:`port`.
    private static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RuminateError(.storage, "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RuminateError(.storage, "connect failed (errno \(errno))")
        }
        return descriptor
    }
}

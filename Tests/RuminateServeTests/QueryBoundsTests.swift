import Dispatch
import Foundation
import RuminateCore
import Synchronization
import Testing

@testable import RuminateServe

/// Hostile queries: refused by size before any work, stopped at the request's deadline, and answered then.
@Suite struct QueryBoundsTests {
    @Test func aQueryPastItsLimitsIsA400WithTheJSONError() async throws {
        let server = try await LiveServer()
        let validator = try await server.openAPI()
        let words = Array(repeating: "checkpoint", count: 2_000).joined(separator: " ")
        for path in [
            "/api/search?fts=1&q=" + LiveServer.encode(words),
            "/api/search?fts=1&q=" + LiveServer.encode(String(repeating: "(", count: 20) + "wal"),
            "/api/search?q=" + LiveServer.encode(String(repeating: "wal ", count: 2_501)),
        ] {
            let reply = try await server.get(path)
            #expect(reply.status == 400, "\(path.prefix(40))")
            let body = try #require(reply.json)
            #expect(body["error"]?["code"]?.string == "invalidQuery")
            #expect(validator.validate(body, against: try #require(validator.component("Error"))).isEmpty)
        }
        let allowed = Array(repeating: "checkpoint", count: 64).joined(separator: " ")
        #expect(try await server.get("/api/search?fts=1&q=" + LiveServer.encode(allowed)).status == 200)
        await server.stop()
    }

    @Test func theCallerIsAnsweredAtTheDeadlineWhileUninterruptibleWorkGoesOn() async throws {
        let release = DispatchSemaphore(value: 0)
        let finished = Atomic<Bool>(false)
        let error = await #expect(throws: RuminateError.self) {
            try await BlockingWork.run(timeout: .milliseconds(200), within: nil) { _ in
                // Work that never looks at its deadline, like embedding a query.
                _ = release.wait(timeout: .now() + 120)
                finished.store(true, ordering: .sequentiallyConsistent)
            }
        }
        #expect(error?.code == .interrupted)
        #expect(error.map { APIResponse.status(for: $0.code) } == .serviceUnavailable)
        let finishedAtTheAnswer = finished.load(ordering: .sequentiallyConsistent)
        #expect(!finishedAtTheAnswer)
        release.signal()
    }

    @Test func theEndOfTheServersLifetimeStopsTheWorkInFlight() async throws {
        let lifetime = QueryDeadline()
        let started = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            started.wait()
            lifetime.cancel("the server is shutting down")
        }
        let error = await #expect(throws: RuminateError.self) {
            try await BlockingWork.run(timeout: .seconds(3600), within: lifetime) { deadline in
                started.signal()
                while true { try deadline.check() }
            }
        }
        #expect(error?.message == "the query was stopped: the server is shutting down")
    }
}

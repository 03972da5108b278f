import Foundation
internal import Hummingbird
import RuminateCore
import RuminateResearch
import RuminateService

/// `GET /api/research` as server-sent events: `progress` events while the research runs, then one `report`
/// event (the report JSON, as `ruminate research -o report.json` writes it) or one `error` event.
enum ResearchStream {
    enum Event: Sendable {
        case progress(String)
        case report(Data)
        case failure(Data)
    }

    /// Runs the research until it ends or `lifetime` (the server's) does.
    static func response(
        service: KnowledgeService, request: ResearchRequest, gate: ConcurrencyGate, lifetime: QueryDeadline
    ) -> Response {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        DispatchQueue.global(qos: .userInitiated).async {
            defer {
                gate.leave()
                continuation.finish()
            }
            do {
                let report = try service.research(
                    request, deadline: lifetime, progress: progressSink(continuation))
                continuation.yield(.report(try WireEncoding.data(report, pretty: false)))
            } catch {
                let body =
                    (error as? RuminateError).map(ErrorJSON.init) ?? ErrorJSON(code: "internal", message: "\(error)")
                continuation.yield(.failure((try? WireEncoding.data(body, pretty: false)) ?? Data("{}".utf8)))
            }
        }
        let body = ResponseBody { writer in
            defer { continuation.finish() }  // however the writer stops (a failed write: the client is gone)
            for await event in events {
                try await writer.write(ByteBuffer(bytes: encode(event)))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }

    /// Forwards progress lines as events. The stream ends when the client goes away (the body writer finishes
    /// it), and then the sink throws: the run stops at its next step instead of finishing a report nobody reads.
    static func progressSink(_ continuation: AsyncStream<Event>.Continuation) -> (String) throws -> Void {
        { line in
            if case .terminated = continuation.yield(.progress(line)) {
                throw RuminateError(.interrupted, "the client closed the research stream", hint: "nothing to do")
            }
        }
    }

    /// One event in the SSE wire format (a JSON payload never spans lines: it is encoded compactly).
    static func encode(_ event: Event) -> [UInt8] {
        let name: String, data: Data
        switch event {
        case .progress(let line):
            name = "progress"
            data = (try? WireEncoding.data(["message": line], pretty: false)) ?? Data("{}".utf8)
        case .report(let json):
            name = "report"
            data = json
        case .failure(let json):
            name = "error"
            data = json
        }
        return Array("event: \(name)\ndata: ".utf8) + Array(data) + Array("\n\n".utf8)
    }
}

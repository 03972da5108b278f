import Foundation
internal import MCP

/// MCP's stdio transport with one guarantee the SDK's server loop lacks: when stdin ends, the stream of
/// incoming messages stays open until every request read so far has been answered (or cancelled by the
/// client). Without it a client that sends its last request and closes stdin could lose the answer, since
/// the server exits as soon as its message loop ends while tool calls still run in their own tasks.
actor AnsweringStdioTransport: Transport {
    private let stdio = StdioTransport()
    /// The SDK's no-op logger (its type comes from swift-log, which this module does not import).
    nonisolated let logger = StdioTransport().logger
    private var unanswered: Set<JSONRPCEnvelope.RequestID> = []
    private var whenAllAnswered: [CheckedContinuation<Void, Never>] = []

    func connect() async throws { try await stdio.connect() }

    func disconnect() async {
        await stdio.disconnect()
        resumeWaiters()  // nobody will answer now
    }

    func send(_ data: Data) async throws {
        try await stdio.send(data)
        for message in JSONRPCEnvelope.messages(in: data) where message.isResponse {
            if let id = message.id { settle(id) }
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        let pump = Task {
            var failure: (any Error)?
            do {
                for try await data in await stdio.receive() {
                    note(incoming: data)
                    continuation.yield(data)
                }
            } catch {
                failure = error
            }
            await allAnswered()
            continuation.finish(throwing: failure)
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    private func note(incoming data: Data) {
        for message in JSONRPCEnvelope.messages(in: data) {
            if message.isRequest, let id = message.id {
                unanswered.insert(id)
            } else if message.method == "notifications/cancelled", let id = message.cancelledRequest {
                settle(id)  // a cancelled request gets no answer
            }
        }
    }

    private func settle(_ id: JSONRPCEnvelope.RequestID) {
        unanswered.remove(id)
        if unanswered.isEmpty { resumeWaiters() }
    }

    private func resumeWaiters() {
        for waiter in whenAllAnswered { waiter.resume() }
        whenAllAnswered = []
    }

    private func allAnswered() async {
        guard !unanswered.isEmpty, !Task.isCancelled else { return }
        await withCheckedContinuation { whenAllAnswered.append($0) }
    }
}

/// The few members of a JSON-RPC message the transport needs to pair requests with answers.
struct JSONRPCEnvelope: Decodable {
    /// Request ids the SDK itself can read (strings and integers); others are never tracked.
    enum RequestID: Hashable, Decodable {
        case string(String)
        case integer(Int)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .integer(try container.decode(Int.self))
            }
        }
    }

    var id: RequestID?
    var method: String?
    var hasResultOrError: Bool
    var cancelledRequest: RequestID?

    var isRequest: Bool { method != nil && id != nil }
    var isResponse: Bool { method == nil && hasResultOrError }

    private enum Keys: String, CodingKey { case id, method, result, error, params }
    private enum CancelledKeys: String, CodingKey { case requestId }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try? container.decodeIfPresent(RequestID.self, forKey: .id)
        method = try? container.decodeIfPresent(String.self, forKey: .method)
        hasResultOrError = container.contains(.result) || container.contains(.error)
        cancelledRequest = nil
        if method == "notifications/cancelled",
            let params = try? container.nestedContainer(keyedBy: CancelledKeys.self, forKey: .params)
        {
            cancelledRequest = try? params.decodeIfPresent(RequestID.self, forKey: .requestId)
        }
    }

    /// One message, or each member of a batch; nothing for what is not JSON-RPC.
    static func messages(in data: Data) -> [JSONRPCEnvelope] {
        let decoder = JSONDecoder()
        if let single = try? decoder.decode(JSONRPCEnvelope.self, from: data) { return [single] }
        return (try? decoder.decode([Lenient].self, from: data))?.compactMap(\.envelope) ?? []
    }

    private struct Lenient: Decodable {
        var envelope: JSONRPCEnvelope?
        init(from decoder: any Decoder) throws { envelope = try? JSONRPCEnvelope(from: decoder) }
    }
}

import Foundation
internal import MCP

/// MCP's stdio transport (newline-delimited JSON-RPC on stdin and stdout), written here for three guarantees the
/// SDK's `StdioTransport` lacks:
/// - reading is linear and bounded: each byte is looked at once (`LineFramer`), and a message longer than
///   `maximumMessageBytes` is answered with an error and skipped up to its newline, the next one read intact;
/// - messages the SDK would answer with an invented id (not JSON, not JSON-RPC, an id of another type) are
///   answered here with id null (`MessageScreen`);
/// - when stdin ends, the stream of incoming messages stays open until every request read so far has been
///   answered (or cancelled by the client): a client that sends its last request and closes stdin gets the answer,
///   although the server exits as soon as its message loop ends while tool calls still run in their own tasks.
actor AnsweringStdioTransport: Transport {
    /// The longest message read (1 MiB): tool arguments are queries and ids, far below it.
    static let maximumMessageBytes = 1 << 20

    /// The SDK's no-op logger (its type comes from swift-log, which this module does not import).
    nonisolated let logger = StdioTransport().logger
    /// Writes one line at a time, off Swift's cooperative threads (a write blocks while the client does not read).
    private let output = DispatchQueue(label: "ruminate.mcp.stdout")
    private var unanswered: Set<JSONRPCEnvelope.RequestID> = []
    private var whenAllAnswered: [CheckedContinuation<Void, Never>] = []

    func connect() async throws {}

    func disconnect() async {
        resumeWaiters()  // nobody will answer now
    }

    func send(_ data: Data) async throws {
        try await write(data)
        for message in JSONRPCEnvelope.messages(in: data) where message.isResponse {
            if let id = message.id { settle(id) }
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        let events = Self.readStandardInput(limit: Self.maximumMessageBytes)
        let pump = Task {
            var failure: (any Error)?
            do {
                for await event in events {
                    switch event {
                    case .oversized:
                        try await write(MessageScreen.oversized(limit: Self.maximumMessageBytes))
                    case .message(let data):
                        if let refusal = MessageScreen.refusal(of: data) {
                            try await write(refusal)
                        } else {
                            note(incoming: data)
                            continuation.yield(data)
                        }
                    }
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

    /// Stdin's messages, read on a thread of its own: a blocking read must not hold one of the few cooperative
    /// threads. (Stdin left non-blocking by a parent is waited for with poll.)
    private static func readStandardInput(limit: Int) -> AsyncStream<LineFramer.Event> {
        let (events, continuation) = AsyncStream.makeStream(of: LineFramer.Event.self)
        let reader = Thread {
            var framer = LineFramer(limit: limit)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count > 0 {
                    let chunk = buffer.withUnsafeBytes { framer.push(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                    for event in chunk { continuation.yield(event) }
                } else if count < 0, errno == EINTR {
                    continue
                } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    break
                }
            }
            if let last = framer.finish() { continuation.yield(last) }
            continuation.finish()
        }
        reader.start()
        return events
    }

    /// Writes `data` and a newline to stdout, whole.
    private func write(_ data: Data) async throws {
        var line = data
        line.append(0x0A)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            output.async { [line] in continuation.resume(with: Result { try Self.writeAll(line) }) }
        }
    }

    private static func writeAll(_ line: Data) throws {
        try line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else if written < 0, errno != EINTR {
                    throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                }
            }
        }
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
    /// What makes the message one the SDK cannot answer properly (`MessageScreen`), if anything.
    var problem: String?

    var isRequest: Bool { method != nil && id != nil }
    var isResponse: Bool { method == nil && hasResultOrError }

    private enum Keys: String, CodingKey { case jsonrpc, id, method, result, error, params }
    private enum CancelledKeys: String, CodingKey { case requestId }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try? container.decodeIfPresent(RequestID.self, forKey: .id)
        method = try? container.decodeIfPresent(String.self, forKey: .method)
        hasResultOrError = container.contains(.result) || container.contains(.error)
        if (try? container.decodeIfPresent(String.self, forKey: .jsonrpc)) != "2.0" {
            problem = "\"jsonrpc\" must be \"2.0\""
        } else if container.contains(.id), id == nil, !hasResultOrError {
            problem = "the id must be a string or an integer"
        } else if container.contains(.method), method == nil {
            problem = "\"method\" must be a string"
        } else if method == nil, !hasResultOrError {
            problem = "a message needs a \"method\" (or, answering, a \"result\" or an \"error\")"
        }
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

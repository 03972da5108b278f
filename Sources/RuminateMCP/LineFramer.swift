import Foundation

/// Cuts standard input into MCP's stdio messages (one JSON-RPC message per line), looking at each byte once and
/// holding at most `limit` bytes: a longer message is reported once, as soon as it passes the limit, and skipped
/// up to its newline, after which framing resumes with the next message intact.
struct LineFramer {
    enum Event: Equatable {
        case message(Data)
        /// A message longer than the limit began here; its bytes are dropped up to the next newline.
        case oversized
    }

    let limit: Int
    private var pending = Data()
    private var skipping = false

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// The messages completed (or refused) by `chunk`.
    mutating func push(_ chunk: UnsafeRawBufferPointer) -> [Event] {
        guard let base = chunk.baseAddress else { return [] }
        var events: [Event] = []
        var start = 0
        while start < chunk.count {
            let newline = memchr(base + start, 0x0A, chunk.count - start).map {
                $0 - UnsafeMutableRawPointer(mutating: base)
            }
            let end = newline ?? chunk.count
            if !skipping {
                if pending.count + (end - start) > limit {
                    skipping = true
                    pending = Data()
                    events.append(.oversized)
                } else {
                    pending.append(base.assumingMemoryBound(to: UInt8.self) + start, count: end - start)
                }
            }
            guard let newline else { break }
            if !skipping, !isBlank(pending) { events.append(.message(pending)) }
            pending = Data()
            skipping = false
            start = newline + 1
        }
        return events
    }

    /// The last message when input ends without a newline after it.
    mutating func finish() -> Event? {
        defer { pending = Data() }
        return skipping || isBlank(pending) ? nil : .message(pending)
    }

    private func isBlank(_ data: Data) -> Bool {
        data.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

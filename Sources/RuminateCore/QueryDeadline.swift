import Synchronization

/// When a query's work must stop: at a point in time (a server's request timeout), when `cancel(_:)` is called
/// (the server shutting down), or when the deadline it lies `within` passes, whichever comes first. The engine's
/// long loops ask it at a cheap granularity (SQLite's progress handler for FTS5, BM25F per query term, the vector
/// scan per block of rows, the reranker per passage) and end with `error`, so a query nobody waits for any more
/// frees its thread instead of running to the end.
public final class QueryDeadline: Sendable {
    /// The instant the work must end by; nil when only `cancel(_:)` or the enclosing deadline end it.
    public let instant: ContinuousClock.Instant?
    private let timeout: Duration?
    private let enclosing: QueryDeadline?
    /// Why the work was cancelled; nil while it was not.
    private let cancellation = Mutex<String?>(nil)

    /// A deadline `timeout` from now, also ended by `enclosing` (e.g. the server's lifetime).
    public init(after timeout: Duration, within enclosing: QueryDeadline? = nil) {
        self.instant = ContinuousClock.now.advanced(by: timeout)
        self.timeout = timeout
        self.enclosing = enclosing
    }

    /// A deadline that only `cancel(_:)` ends (or `enclosing`).
    public init(within enclosing: QueryDeadline? = nil) {
        self.instant = nil
        self.timeout = nil
        self.enclosing = enclosing
    }

    /// Ends the work now; `reason` completes "the query was stopped: …". The first reason given is kept.
    public func cancel(_ reason: String) {
        cancellation.withLock { if $0 == nil { $0 = reason } }
    }

    /// Whether the work must stop.
    public var hasPassed: Bool { stopReason != nil }

    /// Throws `error` once the deadline has passed.
    public func check() throws(RuminateError) {
        if let reason = stopReason { throw Self.error(reason) }
    }

    /// The error work ends with once the deadline has passed (code `interrupted`).
    public var error: RuminateError {
        Self.error(stopReason ?? "it ran past its deadline")
    }

    private var stopReason: String? {
        if let reason = cancellation.withLock({ $0 }) { return reason }
        if let instant, ContinuousClock.now >= instant {
            return "it took longer than \(timeout.map(Self.seconds) ?? "allowed")"
        }
        return enclosing?.stopReason
    }

    private static func error(_ reason: String) -> RuminateError {
        RuminateError(
            .interrupted, "the query was stopped: \(reason)",
            hint: "narrow the query (fewer terms, fewer results), or allow more time (serve --request-timeout)")
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(seconds) s" : "\(seconds).\(tenths) s"
    }
}

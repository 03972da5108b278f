import Foundation
import RuminateCore

/// How `ruminate serve` listens and what it allows. Safe by default: loopback only, read-only, small
/// request bodies, idle connections closed.
public struct ServeConfiguration: Sendable {
    public var host: String
    /// 0 asks the system for a free port (the server reports the one it got).
    public var port: Int
    /// When set, every `/api` request must carry `Authorization: Bearer <token>`.
    public var token: String?
    /// Folders `POST /api/index` may index (their contents only); empty means the endpoint is off.
    public var indexingRoots: [String]
    /// Larger request bodies are refused with 413.
    public var maximumBodyBytes: Int
    /// Seconds a connection may stay idle before it is closed (slow clients cannot hold sockets).
    public var idleTimeout: Int
    /// Seconds a search, answer or document request may run before the client gets a 503.
    public var requestTimeout: Int
    /// Research reports running at once; more get 429 (each one keeps a core busy for seconds).
    public var concurrentResearch: Int
    /// Host names besides IP addresses, `localhost` and `host` that requests may name in `Host`; others get
    /// 421, so a web page cannot reach the server through DNS rebinding.
    public var allowedHosts: [String] = []

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, indexingRoots: [String] = [],
        maximumBodyBytes: Int = 64 << 10, idleTimeout: Int = 30, requestTimeout: Int = 60, concurrentResearch: Int = 2
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.indexingRoots = indexingRoots
        self.maximumBodyBytes = maximumBodyBytes
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.concurrentResearch = concurrentResearch
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// Refuses settings that would expose the collection: a non-loopback address without a token.
    public func validated() throws(RuminateError) -> ServeConfiguration {
        guard (0...65535).contains(port) else {
            throw RuminateError(.invalidArgument, "the port must be between 0 and 65535 (got \(port))")
        }
        if let token, token.count < 16 {
            throw RuminateError(
                .invalidArgument, "the token is too short (\(token.count) characters)",
                hint: "use at least 16 random characters, e.g. `openssl rand -hex 16`")
        }
        if !Self.isLoopback(host) && token == nil {
            throw RuminateError(
                .invalidArgument,
                "refusing to listen on \(host) without a token: anyone who can reach it could read the collection",
                hint: "pass --token T (clients send `Authorization: Bearer T`), or keep the default --host 127.0.0.1")
        }
        guard maximumBodyBytes > 0, idleTimeout > 0, requestTimeout > 0, concurrentResearch > 0 else {
            throw RuminateError(.invalidArgument, "limits must be positive")
        }
        return self
    }
}

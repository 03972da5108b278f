internal import Hummingbird

/// Keeps web pages from other sites away from the server. A page can make the browser send requests to
/// 127.0.0.1 (a cross-site form) or name it under its own host (DNS rebinding: `evil.example` resolving to
/// 127.0.0.1); the first cannot send JSON, the second carries its own name in `Host`. So every request must
/// name this server in `Host` (an IP address, `localhost`, the bound host or an `--allow-host` name; a
/// rebinding page can only use a domain name), and JSON bodies must say `Content-Type: application/json`.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let boundHost: String
    let allowedHosts: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let authority = request.head.authority, !allows(authority) else {
            return try await next(request, context)
        }
        return APIResponse.error(
            .misdirectedRequest, code: "misdirected",
            message: "this server does not answer to the host \"\(authority)\"",
            hint:
                "use http://127.0.0.1 or http://localhost, or start `ruminate serve --allow-host NAME` for another name"
        )
    }

    /// Whether `authority` (`Host`: a name or address and maybe a port) names this server.
    func allows(_ authority: String) -> Bool {
        let host = Self.hostName(authority)
        if host.contains(":") || Self.isIPv4(host) { return true }  // an address: no page can rebind it
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        let bound = boundHost.trimmingCharacters(in: ["[", "]"]).lowercased()
        return host == bound || allowedHosts.contains { $0.lowercased() == host }
    }

    /// The host of `authority` without the port and brackets, lower-cased, without a final dot.
    static func hostName(_ authority: String) -> String {
        var host = Substring(authority.lowercased())
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<end]
        } else if let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        }
        return String(host.hasSuffix(".") ? host.dropLast() : host)
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }
    }
}

enum JSONContentType {
    /// Nil when the request says its body is JSON; else the 415 to answer (a form or `text/plain` body, which a
    /// page on another site can send without asking).
    static func refusal(_ request: Request) -> Response? {
        let value = request.headers[.contentType] ?? ""
        let mediaType = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType != "application/json" else { return nil }
        return APIResponse.error(
            .unsupportedMediaType, code: "unsupportedMediaType",
            message: value.isEmpty
                ? "the body has no Content-Type" : "the body must be JSON, not \(value)",
            hint: "send Content-Type: application/json")
    }
}

internal import Hummingbird

/// Keeps web pages from other sites away from the server. A page can make the browser send requests to
/// 127.0.0.1 (a cross-site form) or name it under its own host (DNS rebinding: `evil.example` resolving to
/// 127.0.0.1); the first cannot send JSON, the second carries its own name in `Host`. So every request must
/// name this server in `Host` (an IP address, `localhost`, the bound host or an `--allow-host` name; a
/// rebinding page can only use a domain name), and JSON bodies must say `Content-Type: application/json`. A browser
/// also names the page behind each request it sends across sites in `Origin`: a request with an `Origin` other than
/// this server's own (as `Host` names it) or an `--allow-host` name's is refused with 403. Programs (curl, scripts)
/// send no `Origin` and pass.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let boundHost: String
    let allowedHosts: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let authority = request.head.authority
        if let authority, !allows(authority) { return misdirected(authority) }
        if let origin = request.headers[.origin], !allows(origin: origin, host: authority) {
            return APIResponse.error(
                .forbidden, code: "crossOrigin",
                message: "this server does not answer requests from pages of another site (Origin: \(origin))",
                hint:
                    "open the web UI from this server itself, or start `ruminate serve --allow-host NAME` to let pages "
                    + "served under NAME call it")
        }
        return try await next(request, context)
    }

    private func misdirected(_ authority: String) -> Response {
        APIResponse.error(
            .misdirectedRequest, code: "misdirected",
            message: "this server does not answer to the host \"\(authority)\"",
            hint:
                "use http://127.0.0.1 or http://localhost, or start `ruminate serve --allow-host NAME` for another name"
        )
    }

    /// Whether `origin` (`scheme://host[:port]`, or `null` from a sandboxed page or a file) is the origin of this
    /// server as `host` (the request's `Host`) names it, or names an `--allow-host` host.
    func allows(origin: String, host: String?) -> Bool {
        let origin = origin.lowercased()
        guard let separator = origin.range(of: "://"), ["http", "https"].contains(origin[..<separator.lowerBound])
        else { return false }
        let authority = String(origin[separator.upperBound...])
        if let host, authority == host.lowercased() { return true }
        let name = Self.hostName(authority)
        return allowedHosts.contains { $0.lowercased() == name }
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

internal import Hummingbird

/// Requires `Authorization: Bearer <token>` on every request it guards, when a token is set. The scheme is
/// matched in any case (RFC 9110, section 11.1), the token exactly.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let token else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let scheme = header.prefix { $0 != " " }
        let credentials = header.dropFirst(scheme.count).drop { $0 == " " }
        guard scheme.lowercased() == "bearer", scheme.count < header.count,
            Self.constantTimeEqual(Array(credentials.utf8), Array(token.utf8))
        else {
            return APIResponse.error(
                .unauthorized, code: "unauthorized", message: "this server needs a token",
                hint: "send the header `Authorization: Bearer <token>` (the token given to `ruminate serve --token`)")
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference, so response times do not leak the token.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}

import Foundation
internal import Hummingbird
internal import Logging
import RuminateCore
import RuminateService

/// `ruminate serve`: the JSON API under `/api` and the offline web UI at `/`, over one index.
public struct RuminateServer: Sendable {
    public let service: KnowledgeService
    public let configuration: ServeConfiguration

    public init(service: KnowledgeService, configuration: ServeConfiguration) throws(RuminateError) {
        self.service = service
        self.configuration = try configuration.validated()
    }

    /// Serves until SIGINT or SIGTERM (when `handlingSignals`) or until the calling task is cancelled;
    /// `onListening` gets the base URL once the socket is bound (with the real port when port 0 was asked for).
    /// Shutting down stops the queries still running (they answer 503) instead of waiting for them.
    public func run(handlingSignals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws {
        let lifetime = QueryDeadline()
        let signals = handlingSignals ? ShutdownSignals(ending: lifetime) : nil
        let fullTextLane = FullTextLane()
        defer {
            signals?.stop()
            fullTextLane.stop()
        }
        try await withTaskCancellationHandler {
            try await serve(
                lifetime: lifetime, fullTextLane: fullTextLane, handlingSignals: handlingSignals,
                onListening: onListening)
        } onCancel: {
            lifetime.cancel("the server is shutting down")
        }
    }

    private func serve(
        lifetime: QueryDeadline, fullTextLane: FullTextLane, handlingSignals: Bool,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        var logger = Logger(label: "ruminate.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let host = configuration.host
        let application = Application(
            router: makeRouter(lifetime: lifetime, fullTextLane: fullTextLane),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ParserErrorResponder()],
                    idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "ruminate"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("http://\(shownHost):\(port)/")
            },
            logger: logger)
        try await application.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [])
    }

    func makeRouter(lifetime: QueryDeadline, fullTextLane: FullTextLane) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(
            middleware: HostCheckMiddleware(boundHost: configuration.host, allowedHosts: configuration.allowedHosts))
        APIRoutes(
            service: service, configuration: configuration,
            researchGate: ConcurrencyGate(limit: configuration.concurrentResearch), lifetime: lifetime,
            fullTextLane: fullTextLane
        )
        .register(on: router)
        let page: @Sendable (Request, BasicRequestContext) -> Response = { _, _ in WebUI.page() }
        router.get("/", use: page)
        router.get("/index.html", use: page)
        return router
    }
}

/// The single-page UI: one embedded file with inline CSS and JS, so it works with no network at all. The
/// content security policy keeps it that way: nothing may load from anywhere but this server.
enum WebUI {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func page() -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.index_html)))
    }
}

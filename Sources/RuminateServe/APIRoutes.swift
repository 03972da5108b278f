import Foundation
internal import Hummingbird
import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve
import RuminateService

/// The `/api` routes: each reads its parameters, runs the service off the cooperative pool, and answers
/// with the same JSON the CLI prints (errors as `{"error": {...}}`).
struct APIRoutes: Sendable {
    let service: KnowledgeService
    let configuration: ServeConfiguration
    let researchGate: ConcurrencyGate
    /// Ended when the server shuts down: every request's deadline lies within it.
    let lifetime: QueryDeadline
    /// Where `fts=1` searches run.
    let fullTextLane: FullTextLane

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group("api")
        api.add(middleware: BearerTokenMiddleware(token: configuration.token))
        api.get("status") { _, _ in await respond { _ in try service.status() } }
        api.get("search") { request, _ in await search(request) }
        api.post("ask") { request, context in await ask(request, context: context) }
        api.get("passages/:id") { request, context in await passage(request, context: context) }
        api.get("documents/**") { _, context in await document(context) }
        api.get("research") { request, _ in research(request) }
        api.post("index") { request, context in await index(request, context: context) }
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_json)))
        }
        let unknown: @Sendable (Request, BasicRequestContext) async -> Response = { request, _ in
            APIResponse.error(
                .notFound, code: "notFound", message: "no API route \(request.method) \(request.uri.path)",
                hint: "see /api/openapi.json")
        }
        api.get("**", use: unknown)
        api.post("**", use: unknown)
    }

    /// Runs `body` off the cooperative pool under the request's deadline and encodes what it returns; past the
    /// deadline the answer is a 503 at once, and the work stops.
    private func respond<T: Encodable & Sendable>(
        lane: FullTextLane? = nil, _ body: @escaping @Sendable (QueryDeadline) throws -> T
    ) async -> Response {
        do {
            let value = try await BlockingWork.run(
                timeout: .seconds(configuration.requestTimeout), within: lifetime, lane: lane, body)
            return try APIResponse.json(value)
        } catch {
            return APIResponse.error(error)
        }
    }

    private func search(_ request: Request) async -> Response {
        do {
            let query = QueryParameters(request.uri.query)
            let searchRequest = SearchRequest(
                query: query["q"] ?? "", limit: try query.integer("k") ?? 10, mode: try mode(query["mode"]),
                explain: try query.flag("explain"), fullTextSyntax: try query.flag("fts"),
                rerank: query["rerank"] == nil ? nil : try query.flag("rerank"))
            return await respond(lane: searchRequest.fullTextSyntax ? fullTextLane : nil) {
                SearchResultsJSON(try service.search(searchRequest, deadline: $0))
            }
        } catch {
            return APIResponse.error(error)
        }
    }

    private struct AskBody: StrictBody {
        static let fields: Set<String> = ["question", "sentences", "passages", "mode"]
        static let example = #"{"question": "…"}"#
        var question: String
        var sentences: Int?
        var passages: Int?
        var mode: String?
    }

    private func ask(_ request: Request, context: BasicRequestContext) async -> Response {
        if let refusal = JSONContentType.refusal(request) { return refusal }
        do {
            var request = request
            let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
            let body = try AskBody.decode(Data(buffer.readableBytesView))
            let askRequest = AskRequest(
                question: body.question, sentences: body.sentences ?? ComposeOptions().sentences,
                passages: body.passages ?? ComposeOptions().passages,
                mode: try body.mode.map { text throws(RuminateError) in try SearchMode(parsing: text) })
            return await respond { try service.ask(askRequest, deadline: $0) }
        } catch {
            return APIResponse.error(error)
        }
    }

    private func passage(_ request: Request, context: BasicRequestContext) async -> Response {
        do {
            guard let text = context.parameters.get("id"), let id = Int64(text) else {
                throw RuminateError(.invalidArgument, "a passage id is a whole number")
            }
            let query = QueryParameters(request.uri.query)
            let contextLength = try query.integer("context") ?? 300
            var highlight: SourceSpan?
            let start = try query.integer("highlight_start", minimum: 0)
            let end = try query.integer("highlight_end", minimum: 0)
            if let start, let end {
                guard start <= end else {
                    throw RuminateError(.invalidArgument, "highlight_start must not exceed highlight_end")
                }
                highlight = SourceSpan(start: start, end: end)
            }
            let span = highlight
            return await respond { _ in try service.passage(id, context: contextLength, highlight: span) }
        } catch {
            return APIResponse.error(error)
        }
    }

    private func document(_ context: BasicRequestContext) async -> Response {
        let raw = context.parameters.getCatchAll().joined(separator: "/")
        let reference = raw.removingPercentEncoding ?? raw
        return await respond { _ in try service.document(reference) }
    }

    private func research(_ request: Request) -> Response {
        do {
            let query = QueryParameters(request.uri.query)
            let researchRequest = try ResearchRequest(
                topic: query["topic"] ?? "",
                maximumRounds: try query.integer("rounds") ?? ResearchOptions().maximumRounds,
                aspects: try query.integer("aspects") ?? ResearchOptions().maximumAspects, mode: mode(query["mode"])
            ).validated()
            guard researchGate.enter() else {
                return APIResponse.error(
                    .tooManyRequests, code: "busy",
                    message: "\(researchGate.limit) research reports are already running",
                    hint: "try again when one has finished")
            }
            return ResearchStream.response(
                service: service, request: researchRequest, gate: researchGate, lifetime: lifetime)
        } catch {
            return APIResponse.error(error)
        }
    }

    private struct IndexBody: StrictBody {
        static let fields: Set<String> = ["paths"]
        static let example = #"{"paths": ["/folder"]}"#
        var paths: [String]
    }

    private func index(_ request: Request, context: BasicRequestContext) async -> Response {
        guard !configuration.indexingRoots.isEmpty else {
            return APIResponse.error(
                .forbidden, code: "forbidden", message: "indexing over HTTP is off (the server is read-only)",
                hint: "start `ruminate serve --indexing-root DIR` to allow indexing folders below DIR")
        }
        if let refusal = JSONContentType.refusal(request) { return refusal }
        do {
            var request = request
            let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
            let body = try IndexBody.decode(Data(buffer.readableBytesView))
            guard !body.paths.isEmpty else {
                throw RuminateError(.invalidArgument, "the body must be JSON like \(IndexBody.example)")
            }
            let roots = configuration.indexingRoots
            let report = try await BlockingWork.run { try service.index(paths: body.paths, confinedTo: roots) }
            return try APIResponse.json(report)
        } catch {
            return APIResponse.error(error)
        }
    }

    private func mode(_ text: String?) throws(RuminateError) -> SearchMode? {
        guard let text, !text.isEmpty else { return nil }
        return try SearchMode(parsing: text)
    }
}

import Foundation
internal import MCP
import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve
import RuminateService

/// Runs tool calls against the service: arguments read and checked, the work on a worker thread (a search
/// or a report holds a thread for its whole run, and Swift's few cooperative threads must stay free for the
/// protocol), results as text content holding the JSON plus the same JSON as structured content, and every
/// failure as an `isError` result carrying the `ErrorJSON` the HTTP API also returns.
final class ToolRunner: Sendable {
    /// Receives a research step's description and its number (1, 2, …).
    typealias ProgressSink = @Sendable (_ message: String, _ step: Int) async -> Void

    let service: KnowledgeService
    private let workers = DispatchQueue(label: "ruminate.mcp.tools", qos: .userInitiated, attributes: .concurrent)

    init(service: KnowledgeService) {
        self.service = service
    }

    func call(_ params: CallTool.Parameters, progress: ProgressSink?) async throws -> CallTool.Result {
        guard let allowed = ToolCatalog.arguments[params.name] else {
            // An unknown tool is a protocol error (MCP's tools spec), not a failed call.
            throw MCPError.invalidParams("no tool \"\(params.name)\" (tools: search, open, ask, research)")
        }
        do {
            let arguments = try ToolArguments(tool: params.name, values: params.arguments, allowed: allowed)
            switch params.name {
            case "search": return try await search(arguments)
            case "open": return try await open(arguments)
            case "ask": return try await ask(arguments)
            default: return try await research(arguments, progress: progress)
            }
        } catch let error as RuminateError {
            return try failure(ErrorJSON(error))
        } catch {
            return try failure(ErrorJSON(code: "internal", message: String(describing: error)))
        }
    }

    private func search(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let request = SearchRequest(
            query: try arguments.requiredString("query"), limit: try arguments.integer("k", default: 10),
            mode: try arguments.mode(), rerank: try arguments.boolean("rerank"))
        let results = try await onWorker { [service] in SearchResultsJSON(try service.search(request)) }
        return try success(results)
    }

    private func open(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let passage = try arguments.integer("passage")
        let document = try arguments.string("document")
        let passageOnly = ["context", "highlight_start", "highlight_end"], documentOnly = ["offset", "length"]
        switch (passage, document) {
        case (let id?, nil):
            if let misplaced = documentOnly.first(where: arguments.has) {
                throw RuminateError(
                    .invalidArgument, "open: \"\(misplaced)\" pages a document's text; with a passage use \"context\"")
            }
            let context = try arguments.integer("context", default: 300)
            let highlight = try highlightSpan(arguments)
            let opened = try await onWorker { [service] in
                try service.passage(Int64(id), context: context, highlight: highlight)
            }
            return try success(opened)
        case (nil, let reference?):
            if let misplaced = passageOnly.first(where: arguments.has) {
                throw RuminateError(
                    .invalidArgument,
                    "open: \"\(misplaced)\" applies to a passage; with a document use \"offset\" and \"length\"")
            }
            let offset = try arguments.integer("offset", default: 0)
            let length = try arguments.integer("length", default: DocumentWindow.defaultLength)
            let window = try await onWorker { [service] in
                try DocumentWindow(service.document(reference), offset: offset, length: length)
            }
            return try success(window)
        case (nil, nil):
            throw RuminateError(
                .invalidArgument, "open needs \"passage\" (an id from a result) or \"document\" (a key, id or path)")
        case (_?, _?):
            throw RuminateError(.invalidArgument, "open takes \"passage\" or \"document\", not both")
        }
    }

    private func highlightSpan(_ arguments: ToolArguments) throws(RuminateError) -> SourceSpan? {
        switch (try arguments.integer("highlight_start"), try arguments.integer("highlight_end")) {
        case (nil, nil):
            return nil
        case let (start?, end?):
            guard 0 <= start, start <= end else {
                throw RuminateError(
                    .invalidArgument,
                    "highlight_start must be 0 or more and at most highlight_end (got \(start) and \(end))")
            }
            return SourceSpan(start: start, end: end)
        default:
            throw RuminateError(.invalidArgument, "give highlight_start and highlight_end together")
        }
    }

    private func ask(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let defaults = ComposeOptions()
        let request = AskRequest(
            question: try arguments.requiredString("question"),
            sentences: try arguments.integer("sentences", default: defaults.sentences),
            passages: try arguments.integer("passages", default: defaults.passages), mode: try arguments.mode())
        let answer = try await onWorker { [service] in try service.ask(request) }
        return try success(answer, readable: AnswerText.render(answer))
    }

    private func research(_ arguments: ToolArguments, progress: ProgressSink?) async throws -> CallTool.Result {
        let defaults = ResearchOptions()
        let request = ResearchRequest(
            topic: try arguments.requiredString("topic"),
            maximumRounds: try arguments.integer("rounds", default: defaults.maximumRounds),
            aspects: try arguments.integer("aspects", default: defaults.maximumAspects), mode: try arguments.mode())
        // Steps are reported from the worker thread; a stream keeps their notifications in order.
        let (steps, stepContinuation) = AsyncStream.makeStream(of: String.self)
        let notifier = Task {
            var number = 0
            for await step in steps {
                number += 1
                await progress?(step, number)
            }
        }
        let report: ResearchReport
        do {
            report = try await onWorker { [service] in try service.research(request) { stepContinuation.yield($0) } }
        } catch {
            stepContinuation.finish()
            await notifier.value
            throw error
        }
        stepContinuation.finish()
        await notifier.value  // progress first, then the result
        return try success(report, readable: MarkdownReport.render(report))
    }

    // MARK: - Results

    private func success<T: Encodable>(_ value: T, readable: String? = nil) throws -> CallTool.Result {
        let json = try WireEncoding.data(value, pretty: false)
        var content: [Tool.Content] = []
        if let readable { content.append(.text(text: readable, annotations: nil, _meta: nil)) }
        content.append(.text(text: String(decoding: json, as: UTF8.self), annotations: nil, _meta: nil))
        let structured: Value = try JSONValue.decode(json)
        return CallTool.Result(content: content, structuredContent: Optional(structured), isError: false)
    }

    private func failure(_ error: ErrorJSON) throws -> CallTool.Result {
        let json = try WireEncoding.data(error, pretty: false)
        let structured: Value = try JSONValue.decode(json)
        return CallTool.Result(
            content: [.text(text: String(decoding: json, as: UTF8.self), annotations: nil, _meta: nil)],
            structuredContent: Optional(structured), isError: true)
    }

    private func onWorker<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            workers.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

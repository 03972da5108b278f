import Foundation
internal import MCP
import RuminateService

/// A Model Context Protocol server over one index: the tools `search`, `open`, `ask` and `research`, spoken
/// on stdin/stdout (newline-delimited JSON-RPC, as MCP's stdio transport defines it). Nothing else may
/// write to stdout while it runs; diagnostics go to stderr.
///
/// The MCP SDK stays an implementation detail (`internal import`): front ends see only this type.
public struct KnowledgeMCPServer: Sendable {
    public let service: KnowledgeService
    public let name: String
    public let version: String

    public init(service: KnowledgeService, name: String = "ruminate", version: String) {
        self.service = service
        self.name = name
        self.version = version
    }

    /// What the server tells the agent when it connects (clients may add it to the model's prompt).
    static let instructions = """
        Ruminate searches one offline collection of documents and answers only with sentences quoted from it.
        Loop: `search` for passages, `open` a passage (with context) or a whole document to read it, `ask` for a \
        cited answer, `research` for a multi-section report. Every citation names a passage id, a document key and \
        start/end offsets counted in Unicode scalars into the document's stored text (what `open` with `document` \
        returns), so a quote can be checked exactly.
        """

    /// Serves until stdin closes, then lets the calls in flight finish and answer before returning.
    public func runOverStandardIO() async throws {
        let server = Server(
            name: name, version: version, title: "Ruminate", instructions: Self.instructions,
            capabilities: .init(tools: .init(listChanged: false)))
        let runner = ToolRunner(service: service)

        await server.withMethodHandler(CheckedListTools.self) { unchecked in
            _ = try unchecked.decode(ListTools.Parameters.self, method: ListTools.name)
            return ListTools.Result(tools: ToolCatalog.tools)
        }
        await server.withMethodHandler(CheckedCallTool.self) { [runner] unchecked in
            let params = try unchecked.decode(CallTool.Parameters.self, method: CallTool.name)
            // Progress only when the client asked for it with a token (MCP's progress utility).
            let progress: ToolRunner.ProgressSink? = params._meta?.progressToken.map { token in
                { [weak server] message, step in
                    let update = ProgressNotification.Parameters(
                        progressToken: token, progress: Double(step), message: message)
                    try? await server?.notify(ProgressNotification.message(update))
                }
            }
            return try await runner.call(params, progress: progress)
        }

        // The message loop ends when stdin reaches end of file and every request read has been answered.
        try await server.start(transport: AnsweringStdioTransport())
        await server.waitUntilCompleted()
        await server.stop()
    }
}

/// `tools/call` and `tools/list` with their params read by us rather than by the SDK, which answers params of the
/// wrong shape (a number for the tool's name, a string for its arguments) with an internal error (-32603) where
/// JSON-RPC has "invalid params" (-32602).
enum CheckedCallTool: Method {
    static let name = CallTool.name
    typealias Parameters = UncheckedParameters
    typealias Result = CallTool.Result
}

enum CheckedListTools: Method {
    static let name = ListTools.name
    typealias Parameters = UncheckedParameters
    typealias Result = ListTools.Result
}

/// A method's params as sent (absent: nil), decoded by the handler.
struct UncheckedParameters: NotRequired, Hashable, Codable, Sendable {
    var value: Value?

    init() {}

    init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }

    /// The params as `T`, or -32602 naming what is wrong.
    func decode<T: Decodable>(_ type: T.Type, method: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value ?? .object([:])))
        } catch let DecodingError.typeMismatch(expected, context) {
            throw MCPError.invalidParams(
                "\(method): \"\(Self.path(context))\" must be \(Self.spell(expected, context))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw MCPError.invalidParams("\(method): \"\(Self.path(context, key))\" is missing")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw MCPError.invalidParams(
                "\(method): \"\(Self.path(context))\" must be \(Self.spell(expected, context))")
        } catch {
            throw MCPError.invalidParams("\(method): the params are malformed (\(error))")
        }
    }

    private static func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
        let keys = context.codingPath + (key.map { [$0] } ?? [])
        return keys.isEmpty
            ? "params" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func spell(_ type: Any.Type, _ context: DecodingError.Context) -> String {
        if context.codingPath.isEmpty { return "an object" }
        switch type {
        case is String.Type: return "a string"
        case is [String: Value].Type, is [String: Any].Type: return "an object"
        case is [Value].Type, is [Any].Type: return "an array"
        default: return "of type \(type)"
        }
    }
}

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

        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolCatalog.tools)
        }
        await server.withMethodHandler(CallTool.self) { [runner] params in
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

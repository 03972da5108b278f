import ArgumentParser
import Foundation
import RuminateMCP
import RuminateService

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the index to AI agents over the Model Context Protocol (stdio).",
        discussion: """
            Speaks MCP on stdin/stdout until stdin closes; an MCP client (an agent, an IDE, a desktop assistant) \
            starts it as a subprocess. Only protocol messages go to stdout; notes go to stderr.

            Tools: search {query, k, mode}; open {passage or document, context, highlight_start, highlight_end, \
            offset, length}; ask {question, sentences, passages, mode}; research {topic, rounds, aspects, mode}. \
            Each returns the same JSON as the matching `--json` command; citation offsets count Unicode scalars \
            into the text `ruminate show DOCUMENT --json` prints.
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    func run() async throws {
        var service: KnowledgeService?
        try reportingErrors {
            let index = try indexOptions.openExisting(embedding: embedding)
            service = KnowledgeService(index: index, embedder: try embedding.queryEmbedder(for: index, mode: nil))
        }
        guard let service else { return }
        Output.diagnostic("mcp: serving \(service.index.path) on stdin/stdout")
        try await KnowledgeMCPServer(service: service, version: Ruminate.configuration.version).runOverStandardIO()
    }
}

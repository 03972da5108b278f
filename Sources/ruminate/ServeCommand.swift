import ArgumentParser
import Foundation
import RuminateCore
import RuminateServe
import RuminateService

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: a JSON API under /api and an offline web UI at /.",
        discussion: """
            Binds 127.0.0.1 by default and refuses any other address without --token (clients then send
            `Authorization: Bearer T`). Read-only unless --indexing-root names folders that POST /api/index may
            index. The API is described at /api/openapi.json; responses carry the same JSON as `search --json`,
            `ask --json`, `show --json` and `research -o report.json`. Stops on Ctrl-C or SIGTERM.
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Option(help: "The address to listen on (non-loopback addresses need --token).")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one; the URL is printed on stderr).")
    var port = 8080

    @Option(help: "Require `Authorization: Bearer TOKEN` on every API request (at least 16 characters).")
    var token: String?

    @Option(name: .customLong("indexing-root"), help: "Allow POST /api/index for folders below DIR (repeatable).")
    var indexingRoots: [String] = []

    @Option(
        name: .customLong("allow-host"),
        help: "Answer requests that name NAME in their Host header (repeatable; IP addresses and localhost always).")
    var allowedHosts: [String] = []

    @Option(name: .customLong("request-timeout"), help: "Seconds a search, answer or document request may take.")
    var requestTimeout = 60

    func validate() throws {
        do {
            _ = try configuration.validated()
        } catch {
            throw ValidationError(error.message + (error.hint.map { " (\($0))" } ?? ""))
        }
    }

    var configuration: ServeConfiguration {
        var configuration = ServeConfiguration(
            host: host, port: port, token: token, indexingRoots: indexingRoots, requestTimeout: requestTimeout)
        configuration.allowedHosts = allowedHosts
        return configuration
    }

    func run() async throws {
        let server: RuminateServer
        do {
            let index = try indexOptions.openExisting(embedding: embedding)
            if !indexingRoots.isEmpty, let reason = index.readOnlyReason {
                throw RuminateError(
                    .indexUnavailable,
                    "--indexing-root needs an index it can write; the one at \(index.path) is read-only: \(reason)",
                    hint: "drop --indexing-root to serve it read-only, or make the index writable")
            }
            let service = KnowledgeService(index: index, embedder: try embedding.queryEmbedder(for: index, mode: nil))
            server = try RuminateServer(service: service, configuration: configuration)
        } catch let error as RuminateError {
            Output.report(error)
            throw ExitCode.failure
        }
        let indexPath = server.service.index.path
        do {
            try await server.run { url in
                Output.diagnostic("serving \(Output.displayPath(indexPath)) at \(url) (Ctrl-C stops)")
            }
        } catch {
            Output.diagnostic("error: the server stopped: \(error)")
            throw ExitCode.failure
        }
    }
}

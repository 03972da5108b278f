import ArgumentParser
import Foundation
import RuminateCore
import RuminateRetrieve
import RuminateService

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Rank passages for a query (BM25F over title, headings and body).",
        discussion: """
            The query is analysed like the documents (ICU words, case and accent folding, English stemming);
            quotes, NEAR(, col: and parentheses are plain characters. Pass --fts to use FTS5's query syntax instead
            (phrases, NEAR, column filters, AND/OR/NOT).
            """)

    @OptionGroup var indexOptions: IndexOptions
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var fusionOptions: FusionOptions

    @Option(
        help:
            "lexical (BM25F), vector (embeddings) or hybrid (both, fused by reciprocal rank). Default: hybrid when the index has vectors and the model is present, else lexical."
    )
    var mode: SearchMode?

    @Argument(help: "The query.")
    var query: [String]

    @Option(name: [.customShort("k"), .long], help: "How many passages to show.")
    var limit: Int = 10

    @Flag(help: "Print one JSON object with a `hits` array.")
    var json = false

    @Flag(help: "Show how each score was made.")
    var explain = false

    @Flag(name: .customLong("fts"), help: "Treat the query as an FTS5 expression (advanced syntax).")
    var fullTextSyntax = false

    @Flag(
        inversion: .prefixedNo,
        help: "Rerank the top 50 passages with the learned reranker (default: on; --no-rerank keeps the fused order).")
    var rerank: Bool?

    func validate() throws {
        try validating { _ = try request.validated(spellings: ["k": "-k"]) }
    }

    var request: SearchRequest {
        SearchRequest(
            query: query.joined(separator: " "), limit: limit, mode: mode, explain: explain,
            fullTextSyntax: fullTextSyntax, rerank: rerank)
    }

    func run() throws {
        try reportingErrors {
            let index = try indexOptions.openExisting(embedding: embedding)
            let hasVectors = try index.status().vectors > 0
            let embedder = mode == .lexical || fullTextSyntax || !hasVectors ? nil : embedding.loadEmbedder()
            let service = KnowledgeService(index: index, embedder: embedder, fusion: fusionOptions.parameters)
            let terminal = Output.stdoutIsTerminal && !json
            let highlighter =
                json
                ? Highlighter()
                : terminal
                    ? Highlighter(open: "\u{1B}[1;33m", close: "\u{1B}[0m") : Highlighter(open: "**", close: "**")
            let results = try service.search(request, highlighter: highlighter)
            for note in results.notes where mode == nil && hasVectors { Output.diagnostic("note: " + note) }
            if json {
                try Output.json(SearchResultsJSON(results))
            } else {
                printText(results)
            }
        }
    }

    private func printText(_ results: SearchResults) {
        guard !results.hits.isEmpty else {
            Output.print("No passages match \"\(results.query)\".")
            return
        }
        var out = ""
        for hit in results.hits {
            out += "\(hit.rank). \(hit.document.title)  [score \(formatScore(hit.score))]\n"
            let location = CitationLabel.location(
                path: hit.document.path, memberID: hit.document.memberID,
                headingPath: hit.passage.headingPath, formatPath: Output.displayPath)
            let page = hit.passage.page.map { "p. \($0), " } ?? ""
            out +=
                "   \(location)  (\(page)chars \(hit.passage.span.start)–\(hit.passage.span.end), passage \(hit.passage.id))\n"
            out += "   \(hit.snippet)\n"
            if let explanation = hit.explanation {
                out += explanation.rendered(indent: 2)
            }
            out += "\n"
        }
        Output.print(out)
    }
}

extension SearchMode: ExpressibleByArgument {}

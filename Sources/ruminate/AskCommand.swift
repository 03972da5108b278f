import ArgumentParser
import Foundation
import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateService

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question with sentences quoted verbatim from the collection, each cited.",
        discussion: """
            Retrieves passages, then picks the sentences that best answer the question (relevant, no near-duplicates),
            ordered by source and position. Every quote is re-read from the stored text before it is printed.
            When the evidence is weak the answer abstains and shows the closest passages instead (threshold
            calibrated with `ruminate eval-answers --calibrate`). `--json` offsets count Unicode scalars into the
            text `ruminate show DOCUMENT --json` prints; save it and check it later with `ruminate verify FILE`.
            """)

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "The question.")
    var question: [String]

    @Option(name: [.customShort("n"), .long], help: "How many sentences to quote at most.")
    var sentences: Int = ComposeOptions().sentences

    @Option(help: "How many retrieved passages to take sentences from.")
    var passages: Int = ComposeOptions().passages

    @Flag(help: "Print one JSON object: sentences, sources, verified, abstained (and closest passages).")
    var json = false

    @OptionGroup var embedding: EmbeddingOptions

    @Option(help: "Retrieval for the evidence: lexical, vector or hybrid (default: hybrid when the index has vectors and the model is present).")
    var mode: SearchMode?

    func validate() throws {
        try validating { _ = try request.validated(spellings: ["sentences": "-n", "passages": "--passages"]) }
    }

    var request: AskRequest {
        AskRequest(question: question.joined(separator: " "), sentences: sentences, passages: passages, mode: mode)
    }

    func run() throws {
        try reportingErrors {
            let index = try indexOptions.openExisting(embedding: embedding)
            let service = KnowledgeService(index: index, embedder: try embedding.queryEmbedder(for: index, mode: mode))
            let answer = try service.ask(request)
            if json {
                try Output.json(answer)
            } else {
                Output.print(AnswerText.render(answer))
            }
        }
    }
}

/// The terminal rendering of an answer.
enum AnswerText {
    static func render(_ answer: Answer) -> String {
        var out = ""
        if answer.abstained {
            out += "The collection does not appear to answer this question"
            out += " (evidence \(String(format: "%.2f", answer.evidence.value)), below the threshold \(String(format: "%.2f", answer.evidence.threshold))).\n"
            let closest = answer.closest ?? []
            guard !closest.isEmpty else { return out + "No passage matches it at all.\n" }
            out += "Closest passages:\n\n"
            for passage in closest {
                out += "\(passage.rank). \(passage.title)  [score \(formatScore(passage.score))]\n"
                out += "   \(location(path: passage.path, member: nil, headings: passage.headingPath))  (chars \(passage.start)–\(passage.end))\n"
                out += "   \(excerpt(passage.text))\n\n"
            }
            return out
        }
        // One paragraph per source, each sentence verbatim and followed by its citation.
        var paragraph: [String] = []
        var current: Int?
        for sentence in answer.sentences {
            if let current, current != sentence.citation {
                out += paragraph.joined(separator: " ") + "\n\n"
                paragraph = []
            }
            current = sentence.citation
            paragraph.append("\(sentence.text) \(sentence.citationMark)")
        }
        out += paragraph.joined(separator: " ") + "\n\nSources\n"
        for source in answer.sources {
            let spans = source.quoted.map { "\($0.start)–\($0.end)" }.joined(separator: ", ")
            out += "[\(source.number)] \(source.title)\n"
            let page = source.page.map { "p. \($0), " } ?? ""
            out += "    \(location(path: source.path, member: source.memberID, headings: source.headingPath))  (\(page)chars \(spans))\n"
        }
        out += answer.verified
            ? "\nEvery quote was re-read from the stored text and matches.\n"
            : "\nWARNING: some quotes did not match the stored text and were dropped (the index changed?).\n"
        return out
    }

    private static func location(path: String, member: String?, headings: [String]) -> String {
        var location = Output.displayPath(path)
        if let member { location += " #\(member)" }
        if !headings.isEmpty { location += " › " + headings.joined(separator: " › ") }
        return location
    }

    private static func excerpt(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

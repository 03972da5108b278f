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

    @OptionGroup var evidence: EvidenceOptions

    func validate() throws {
        try validating { _ = try request.validated(spellings: ["sentences": "-n", "passages": "--passages"]) }
    }

    var request: AskRequest {
        AskRequest(
            question: question.joined(separator: " "), sentences: sentences, passages: passages, mode: evidence.mode)
    }

    func run() throws {
        try reportingErrors {
            let service = try evidence.service(indexOptions)
            let answer = try service.ask(request)
            if json {
                try Output.json(answer)
            } else {
                Output.print(AnswerText.render(answer, displayPath: Output.displayPath))
            }
        }
    }
}

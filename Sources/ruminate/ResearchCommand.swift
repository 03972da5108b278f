import ArgumentParser
import Foundation
import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve
import RuminateService

struct ResearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research",
        abstract: "Research a topic in rounds and write a report of cited sentences (Markdown, HTML or JSON).",
        discussion: """
            Plans aspects of the topic (the facets it lists after its subject, else the headings of its top passages),
            queries each aspect until a round finds too little new evidence or the budget (--max-rounds) is spent,
            then writes an outline, an executive summary, sections that are the collection's own sections on the
            topic, titled by their headings (no sentence quoted twice), what the collection does not cover, and
            numbered references. Every sentence is quoted verbatim and re-checked against the stored text.
            -o picks the format by extension: .md (default, also stdout), .html (self-contained), .json (report and
            research trace; check it later with `ruminate verify FILE`). Progress goes to stderr.
            """)

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "The topic.")
    var topic: [String]

    @Option(
        name: [.customShort("o"), .long], help: "Write the report to FILE (.md, .html or .json) instead of stdout.")
    var output: String?

    @Option(help: "Rounds of querying per aspect at most.")
    var maxRounds: Int = ResearchOptions().maximumRounds

    @Option(help: "Aspects (lines of inquiry) at most.")
    var aspects: Int = ResearchOptions().maximumAspects

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @OptionGroup var evidence: EvidenceOptions

    enum Format { case markdown, html, json }

    var format: Format? {
        guard let output else { return .markdown }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "md", "markdown": return .markdown
        case "html", "htm": return .html
        case "json": return .json
        default: return nil
        }
    }

    func validate() throws {
        try validating { _ = try request.validated(spellings: ["rounds": "--max-rounds", "aspects": "--aspects"]) }
        guard format != nil else { throw ValidationError("-o must name a .md, .html or .json file") }
    }

    var request: ResearchRequest {
        ResearchRequest(
            topic: topic.joined(separator: " "), maximumRounds: maxRounds, aspects: aspects, mode: evidence.mode)
    }

    func run() throws {
        try reportingErrors {
            let service = try evidence.service(indexOptions)
            let report = try service.research(request) { line in
                if !quiet { FileHandle.standardError.write(Data(("research: " + line + "\n").utf8)) }
            }
            let data: Data
            switch format! {
            case .markdown: data = Data(MarkdownReport.render(report).utf8)
            case .html: data = Data(HTMLReport.render(report).utf8)
            case .json: data = try WireEncoding.data(report) + Data("\n".utf8)
            }
            guard let output else {
                FileHandle.standardOutput.write(data)
                return
            }
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw RuminateError(
                    .storage, "cannot write \(output)", hint: "check that its folder exists and is writable",
                    cause: error)
            }
            if !quiet { Output.diagnostic("wrote \(output)") }
        }
    }
}

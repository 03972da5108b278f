import ArgumentParser
import Foundation
import RuminateCore
import RuminateIndex
import RuminateService

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's stored text (the text every citation offset points into) and metadata.")

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "The document: its key (as `search --json` prints it), id, path, or member id.")
    var document: String

    @Flag(help: "Print one JSON object (`text` is the stored text; offsets count Unicode scalars into it).")
    var json = false

    func run() throws {
        try reportingErrors {
            let index = try indexOptions.openExisting()
            let shown = try KnowledgeService(index: index, embedder: nil).document(document)
            if json {
                try Output.json(shown)
            } else {
                var out = "# \(shown.title)\n"
                out +=
                    "document: \(shown.document) (id \(shown.document_id))\nformat: \(shown.format), \(shown.passages.count) passages\n"
                for (key, value) in shown.metadata.sorted(by: { $0.key < $1.key }) { out += "\(key): \(value)\n" }
                out += "\n" + shown.text
                Output.print(out)
            }
        }
    }
}

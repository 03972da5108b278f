import ArgumentParser
import Foundation
import RuminateCore
import RuminateIndex

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's stored text (the text every citation offset points into) and metadata.")

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "The document: its key (as `search --json` prints it), id, path, or member id.")
    var document: String

    @Flag(help: "Print one JSON object (`text` is the stored text; offsets count Unicode scalars into it).")
    var json = false

    struct DocumentJSON: Encodable {
        struct Passage: Encodable {
            var passage: Int64
            var ordinal: Int
            var start: Int
            var end: Int
            var heading_path: [String]
        }

        var document: String
        var document_id: Int64
        var path: String
        var member_id: String?
        var title: String
        var format: String
        var content_hash: String
        var indexed_at: Double
        var metadata: [String: String]
        var passages: [Passage]
        var text: String
    }

    func run() throws {
        try reportingErrors {
            let index = try indexOptions.openExisting()
            let shown = try index.read { session -> DocumentJSON in
                guard let info = try session.findDocument(document) else {
                    throw RuminateError(.notFound, "no document \"\(document)\" in \(index.path)",
                                        hint: "use a key or id from `ruminate search --json`, or a path that was indexed")
                }
                let passages = try session.passages(ofDocument: info.id)
                return DocumentJSON(
                    document: info.key, document_id: info.id, path: info.path, member_id: info.memberID, title: info.title,
                    format: info.format.rawValue, content_hash: info.contentHash, indexed_at: info.indexedAt,
                    metadata: try session.documentMetadata(id: info.id),
                    passages: passages.map { .init(passage: $0.id, ordinal: $0.ordinal, start: $0.span.start, end: $0.span.end, heading_path: $0.headingPath) },
                    text: try session.documentText(id: info.id) ?? "")
            }
            if json {
                try Output.json(shown)
            } else {
                var out = "# \(shown.title)\n"
                out += "document: \(shown.document) (id \(shown.document_id))\nformat: \(shown.format), \(shown.passages.count) passages\n"
                for (key, value) in shown.metadata.sorted(by: { $0.key < $1.key }) { out += "\(key): \(value)\n" }
                out += "\n" + shown.text
                Output.print(out)
            }
        }
    }
}

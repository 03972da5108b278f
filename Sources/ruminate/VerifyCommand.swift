import ArgumentParser
import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every quote of a saved answer (`ask --json`) against the index's stored text.",
        discussion: """
            Re-opens the index (--index, else the `index` the file names, else the default), reads each quoted
            document's stored text and compares the text at every quote's start/end (Unicode scalars) with the quote.
            Prints one line per quote. Exit status: 0 when every quote matches, 2 when any does not, 1 on errors.
            """)

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "A JSON file written by `ruminate ask --json`.")
    var file: String

    @Flag(help: "Print one JSON object: `checks` (label, document, start, end, ok, problem) and `ok`.")
    var json = false

    func run() throws {
        var mismatches = 0
        try reportingErrors {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RuminateError(
                    .fileUnreadable, "cannot read \(file)",
                    hint: "pass the path of a file saved from `ruminate ask --json`")
            }
            let saved = try SavedCitations.read(data, name: file)
            let index = try openIndex(named: saved.indexPath)
            let checks = try CitationVerifier(index: index).verify(saved.spans)
            mismatches = checks.filter { !$0.isMatch }.count
            if json {
                try Output.json(VerifyJSON(checks))
            } else if checks.isEmpty {
                Output.print("\(file): no quotes to verify")
            } else {
                var out = checks.map(\.summary).joined(separator: "\n") + "\n"
                out +=
                    mismatches == 0
                    ? "all \(checks.count) quotes match the stored text of \(Output.displayPath(index.path))\n"
                    : "\(mismatches) of \(checks.count) quotes do NOT match the stored text of \(Output.displayPath(index.path))\n"
                Output.print(out)
            }
        }
        if mismatches > 0 { throw ExitCode(2) }
    }

    private func openIndex(named recorded: String?) throws -> SQLiteIndex {
        if indexOptions.index == nil, let recorded {
            guard FileManager.default.fileExists(atPath: recorded) else {
                throw RuminateError(
                    .indexUnavailable, "the answer was made from \(recorded), which no longer exists",
                    hint: "pass --index FILE to check it against another index")
            }
            return try SQLiteIndex(path: recorded, create: false, readOnly: indexOptions.readOnly)
        }
        return try indexOptions.openExisting()
    }
}

struct VerifyJSON: Encodable {
    struct Check: Encodable {
        var label: String
        var document: String
        var start: Int
        var end: Int
        var ok: Bool
        var problem: String?
    }

    var ok: Bool
    var checks: [Check]

    init(_ checks: [SpanCheck]) {
        ok = checks.allSatisfy(\.isMatch)
        self.checks = checks.map { check in
            Check(
                label: check.cited.label, document: check.cited.document, start: check.cited.start,
                end: check.cited.end,
                ok: check.isMatch, problem: check.isMatch ? nil : check.summary)
        }
    }
}

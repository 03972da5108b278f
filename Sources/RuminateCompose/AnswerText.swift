import Foundation
import RuminateCore

/// The terminal rendering of an answer, the one `ruminate ask` prints and the MCP `ask` tool puts before its
/// JSON: the direct answer when there is one ("Answer: … [n]"), the quotes in one paragraph per source, each followed by its citation, then the numbered sources and
/// whether every quote matched; when abstaining, why, and the closest passages.
public enum AnswerText {
    /// `displayPath` shortens a path for the reader (the CLI shows paths below the current folder relative).
    public static func render(_ answer: Answer, displayPath: (String) -> String = { $0 }) -> String {
        var out = ""
        if answer.abstained {
            let evidence = answer.evidence
            let value = String(format: "%.2f", evidence.value), threshold = String(format: "%.2f", evidence.threshold)
            // The model's value is a probability; say what it read, so a reader can judge it.
            let signals =
                evidence.measure == .evidenceModel
                ? String(
                    format: " from coverage %.2f and cosine %.2f", evidence.passageCoverage, evidence.bestCosine ?? 0)
                : ""
            out +=
                "The collection does not appear to answer this question (evidence \(value)\(signals), below the threshold \(threshold)).\n"
            let closest = answer.closest ?? []
            guard !closest.isEmpty else { return out + "No passage matches it at all.\n" }
            out += "Closest passages:\n\n"
            for passage in closest {
                let location = CitationLabel.location(
                    path: passage.path, memberID: nil, headingPath: passage.headingPath, formatPath: displayPath)
                out += "\(passage.rank). \(passage.title)  [score \(formatScore(passage.score))]\n"
                out += "   \(location)  (chars \(passage.start)–\(passage.end))\n"
                out += "   \(excerpt(passage.text))\n\n"
            }
            return out
        }
        if let direct = answer.directAnswer { out += "Answer: \(direct.text) \(direct.citationMark)\n\n" }
        out += CitedSentence.paragraphs(answer.sentences)
            .map { paragraph in paragraph.map { "\($0.text) \($0.citationMark)" }.joined(separator: " ") }
            .joined(separator: "\n\n")
        out += "\n\nSources\n"
        for source in answer.sources {
            let location = CitationLabel.location(
                path: source.path, memberID: source.memberID, headingPath: source.headingPath, formatPath: displayPath)
            let spans = (source.quoted ?? []).map { "\($0.start)–\($0.end)" }.joined(separator: ", ")
            let page = source.page.map { "p. \($0), " } ?? ""
            out += "[\(source.number)] \(source.title)\n"
            out += "    \(location)  (\(page)chars \(spans))\n"
        }
        return out + "\n" + CitationLabel.verification(verified: answer.verified, unmatchedDropped: true) + "\n"
    }

    /// A passage on one line, cut after `limit` characters.
    static func excerpt(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

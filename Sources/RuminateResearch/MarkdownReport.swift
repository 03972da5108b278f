import RuminateCore

/// The report as Markdown: outline, summary, a section per aspect, gaps, references, and the research trace.
public enum MarkdownReport {
    public static func render(_ report: ResearchReport) -> String {
        var out = "# Research: \(report.topic)\n\n## Outline\n\n"
        for (i, heading) in report.outline.enumerated() { out += "\(i + 1). \(heading)\n" }
        out += "\n## \(ResearchReport.summaryTitle)\n\n"
        out +=
            report.summary.isEmpty
            ? "_The collection does not answer the topic itself; see below._\n\n" : paragraphs(report.summary)
        for section in report.sections {
            out += "## \(section.title)\n\n" + paragraphs(section.sentences)
        }
        if !report.gaps.isEmpty {
            out += "## \(ResearchReport.gapsTitle)\n\n"
            for gap in report.gaps { out += "- **\(gap.title)** (asked: “\(gap.question)”): \(gap.reason).\n" }
            out += "\n"
        }
        out += "## \(ResearchReport.referencesTitle)\n\n"
        for reference in report.references { out += "\(reference.number). \(describe(reference))\n" }
        out += "\n## Research trace\n\n" + trace(report.trace)
        return out + "\n" + CitationLabel.verification(verified: report.verified, unmatchedDropped: false) + "\n"
    }

    /// The research trace, one line for the plan and one per aspect.
    static func trace(_ trace: ResearchTrace) -> String {
        var out = "- plan: “\(trace.planQuery)” → \(trace.planPassages) passages, \(trace.aspects.count) aspects\n"
        for aspect in trace.aspects {
            let added = aspect.rounds.flatMap(\.addedTerms)
            let fresh = aspect.rounds.reduce(0) { $0 + $1.newPassages.count }
            out +=
                "- aspect “\(aspect.aspect.label)”: “\(aspect.rounds.first?.query ?? "")”, "
                + "\(aspect.rounds.count) round\(aspect.rounds.count == 1 ? "" : "s"), \(fresh) new passages"
                + (added.isEmpty ? "" : " (queries added: \(added.joined(separator: ", ")))")
                + "; stopped: \(aspect.stopDetail)\n"
        }
        return out
    }

    /// "Title — path › Heading › Subheading".
    static func describe(_ reference: CitedSource) -> String {
        "**\(reference.title)** — "
            + CitationLabel.location(
                path: reference.path, memberID: reference.memberID, headingPath: reference.headingPath,
                formatPath: { "`\($0)`" })
    }

    /// One paragraph per run of sentences from the same source, its citation after its last sentence (and after any
    /// sentence whose page differs from the next one's). The list a colon-ended sentence brings (context pieces,
    /// score 0, right after it) is set out as bullets.
    static func paragraphs(_ sentences: [CitedSentence]) -> String {
        CitedSentence.paragraphs(sentences).map { paragraph in
            var out = ""
            var inList = false
            for (i, sentence) in zip(paragraph.indices, paragraph) {
                let item =
                    i > paragraph.startIndex && sentence.score == 0
                    && (inList || paragraph[i - 1].text.hasSuffix(":"))
                out += item ? "\n- " : (inList ? "\n\n" : (out.isEmpty ? "" : " "))
                out += flat(sentence.text)
                if i + 1 < paragraph.endIndex, paragraph[i + 1].citationMark != sentence.citationMark {
                    out += " " + sentence.citationMark
                }
                inList = item
            }
            return out + " " + paragraph.last!.citationMark + "\n\n"
        }.joined()
    }

    public static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

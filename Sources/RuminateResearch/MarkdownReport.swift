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
            out += "## \(section.title)\n\n_Question: \(section.question)_\n\n" + paragraphs(section.sentences)
        }
        if !report.gaps.isEmpty {
            out += "## \(ResearchReport.gapsTitle)\n\n"
            for gap in report.gaps { out += "- **\(gap.title)** (asked: “\(gap.question)”): \(gap.reason).\n" }
            out += "\n"
        }
        out += "## \(ResearchReport.referencesTitle)\n\n"
        for reference in report.references { out += "\(reference.number). \(describe(reference))\n" }
        out += "\n## Research trace\n\n"
        out +=
            "- plan: “\(report.trace.planQuery)” → \(report.trace.planPassages) passages, \(report.trace.aspects.count) aspects\n"
        for aspect in report.trace.aspects {
            out += "- aspect “\(aspect.aspect.label)”:\n"
            for round in aspect.rounds {
                out +=
                    "  - round \(round.round): “\(round.query)” → \(round.retrieved) passages, \(round.newPassages.count) new"
                out +=
                    round.addedTerms.isEmpty
                    ? "\n" : " (next query adds: \(round.addedTerms.joined(separator: ", ")))\n"
            }
            out += "  - stopped: \(aspect.stopDetail)\n"
        }
        return out + "\n" + CitationLabel.verification(verified: report.verified, unmatchedDropped: false) + "\n"
    }

    /// "Title — path › Heading › Subheading".
    static func describe(_ reference: CitedSource) -> String {
        "**\(reference.title)** — "
            + CitationLabel.location(
                path: reference.path, memberID: reference.memberID, headingPath: reference.headingPath,
                formatPath: { "`\($0)`" })
    }

    /// One paragraph per run of sentences from the same source, each sentence followed by its citation.
    static func paragraphs(_ sentences: [CitedSentence]) -> String {
        CitedSentence.paragraphs(sentences).map { paragraph in
            paragraph.map { flat($0.text) + " " + $0.citationMark }.joined(separator: " ") + "\n\n"
        }.joined()
    }

    public static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

import RuminateCore

/// The report as one self-contained HTML page: no scripts, fonts or images from anywhere. Each citation is a
/// `<details>` element: clicking it shows the quoted passage (the sentence highlighted) and its source.
public enum HTMLReport {
    public static func render(_ report: ResearchReport) -> String {
        var body = "<h1>Research: \(escape(report.topic))</h1>\n<nav><h2>Outline</h2><ol>\n"
        for heading in report.outline { body += "<li><a href=\"#\(anchor(heading))\">\(escape(heading))</a></li>\n" }
        body += "</ol></nav>\n"
        body += "<section id=\"\(anchor(ResearchReport.summaryTitle))\"><h2>\(ResearchReport.summaryTitle)</h2>\n"
        body +=
            report.summary.isEmpty
            ? "<p><em>The collection does not answer the topic itself; see below.</em></p>\n"
            : paragraphs(report.summary, report)
        body += "</section>\n"
        for section in report.sections {
            body += "<section id=\"\(anchor(section.title))\"><h2>\(escape(section.title))</h2>\n"
            body +=
                "<p class=\"question\">Question: \(escape(section.question))</p>\n"
                + paragraphs(section.sentences, report) + "</section>\n"
        }
        if !report.gaps.isEmpty {
            body += "<section id=\"\(anchor(ResearchReport.gapsTitle))\"><h2>\(ResearchReport.gapsTitle)</h2><ul>\n"
            for gap in report.gaps {
                body +=
                    "<li><strong>\(escape(gap.title))</strong> (asked: “\(escape(gap.question))”): \(escape(gap.reason)).</li>\n"
            }
            body += "</ul></section>\n"
        }
        body +=
            "<section id=\"\(anchor(ResearchReport.referencesTitle))\"><h2>\(ResearchReport.referencesTitle)</h2><ol>\n"
        for reference in report.references {
            body += "<li id=\"ref-\(reference.number)\">\(describe(reference))</li>\n"
        }
        body += "</ol></section>\n<section><h2>Research trace</h2><ul>\n"
        body +=
            "<li>plan: “\(escape(report.trace.planQuery))” → \(report.trace.planPassages) passages, \(report.trace.aspects.count) aspects</li>\n"
        for aspect in report.trace.aspects {
            body += "<li>aspect “\(escape(aspect.aspect.label))”<ul>\n"
            for round in aspect.rounds {
                body +=
                    "<li>round \(round.round): “\(escape(round.query))” → \(round.retrieved) passages, \(round.newPassages.count) new"
                body +=
                    round.addedTerms.isEmpty
                    ? "</li>\n" : " (next query adds: \(escape(round.addedTerms.joined(separator: ", "))))</li>\n"
            }
            body += "<li>stopped: \(escape(aspect.stopDetail))</li></ul></li>\n"
        }
        body += "</ul></section>\n"
        body +=
            "<p class=\"verified\">" + CitationLabel.verification(verified: report.verified, unmatchedDropped: false)
            + "</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Research: \(escape(report.topic))</title>
            <style>
            body{font:16px/1.5 system-ui,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;color:#222}
            details.cite{display:inline}details.cite summary{display:inline;cursor:pointer;color:#0645ad}
            details.cite[open]>div{display:block;margin:.5em 0 .5em 1em;padding:.5em;border-left:3px solid #aaa;background:#f6f6f6;font-size:90%}
            mark{background:#fe8}.question{color:#666;font-style:italic}
            </style></head><body>
            \(body)</body></html>

            """
    }

    private static func paragraphs(_ sentences: [CitedSentence], _ report: ResearchReport) -> String {
        let paragraphs = CitedSentence.paragraphs(sentences).map { paragraph in
            paragraph.map { escape($0.text) + " " + citation($0, report) + " " }.joined()
        }
        return "<p>" + paragraphs.joined(separator: "</p>\n<p>") + "</p>\n"
    }

    /// `[n]` that opens to the passage the sentence was quoted from, the sentence marked, and its source.
    /// The quote is marked by its offsets (document offsets less the passage's start), never searched for.
    private static func citation(_ sentence: CitedSentence, _ report: ResearchReport) -> String {
        var passage = escape(sentence.text)
        if let quoted = report.passages[sentence.passage], quoted.span.start <= sentence.start,
            sentence.end <= quoted.span.end
        {
            let text = ScalarText(quoted.text)
            let start = sentence.start - quoted.span.start, end = sentence.end - quoted.span.start
            passage =
                escape(text.string(0..<start)) + "<mark>" + escape(text.string(start..<end)) + "</mark>"
                + escape(text.string(end..<text.count))
        }
        let source = report.references.first { $0.number == sentence.citation }.map(describe) ?? ""
        let page = sentence.page.map { "p. \($0), " } ?? ""
        return "<details class=\"cite\"><summary>\(sentence.citationMark)</summary><div>\(passage)<br>— \(source)"
            + " (\(page)chars \(sentence.start)–\(sentence.end))</div></details>"
    }

    private static func describe(_ reference: CitedSource) -> String {
        "<strong>\(escape(reference.title))</strong> — "
            + CitationLabel.location(
                path: reference.path, memberID: reference.memberID, headingPath: reference.headingPath,
                formatPath: { "<code>\(escape($0))</code>" }, formatText: escape)
    }

    public static func anchor(_ heading: String) -> String {
        "s-"
            + String(
                heading.lowercased().unicodeScalars.map {
                    ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-"
                })
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

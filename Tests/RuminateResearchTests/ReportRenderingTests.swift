import Foundation
import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateService
import Testing

@Suite struct ReportRenderingTests {
    @Test func jsonKeepsEveryQuoteVerifiableAndReadsBack() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let data = try WireEncoding.data(report)
        // `ruminate verify` collects the quotes: exactly the report's sentences, nothing from the trace.
        let saved = try SavedCitations.read(data, name: "report.json")
        #expect(saved.indexPath == fixture.index.path)
        #expect(saved.spans.count == report.allSentences.count)
        #expect(try CitationVerifier(index: fixture.index).verify(saved.spans).allSatisfy(\.isMatch))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sentence = try #require(
            ((object["sections"] as? [[String: Any]])?.first?["sentences"] as? [[String: Any]])?.first)
        for key in ["text", "citation", "document", "path", "start", "end"] {
            #expect(sentence[key] != nil, "missing \(key)")
        }
        #expect(sentence["passage_text"] == nil)
        let trace = try #require(object["trace"] as? [String: Any])
        #expect((trace["queries"] as? [String])?.first == "database")
        // Everything but the passages (kept for the HTML pop-ups) reads back as it was.
        var decoded = try JSONDecoder().decode(ResearchReport.self, from: data)
        #expect(decoded.passages.isEmpty && !report.passages.isEmpty)
        #expect(Set(report.passages.keys) == Set(report.allSentences.map(\.passage)))
        decoded.passages = report.passages
        #expect(decoded == report)
        #expect(
            object["references"].flatMap { ($0 as? [[String: Any]])?.first }.map {
                $0["page"] == nil && $0["quoted"] == nil
            } == true)
    }

    @Test func markdownHasTheOutlineEveryHeadingAndEveryCitation() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let markdown = MarkdownReport.render(report)
        for heading in report.outline { #expect(markdown.contains("\n## \(heading)\n"), "missing heading \(heading)") }
        for (i, heading) in report.outline.enumerated() { #expect(markdown.contains("\(i + 1). \(heading)\n")) }
        // Every sentence is there; each run of sentences from one source ends with that source's citation.
        for sentence in report.allSentences { #expect(markdown.contains(MarkdownReport.flat(sentence.text))) }
        for part in [report.summary] + report.sections.map(\.sentences) {
            for paragraph in CitedSentence.paragraphs(part) {
                #expect(markdown.contains(MarkdownReport.flat(paragraph.last!.text) + " [\(paragraph.last!.citation)]"))
            }
        }
        for reference in report.references {
            #expect(markdown.contains("\n\(reference.number). **\(reference.title)**"))
        }
        #expect(markdown.contains("stopped: "))
    }

    @Test func htmlIsSelfContainedAndEveryCitationOpensItsPassage() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let html = HTMLReport.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let external = try NSRegularExpression(
            pattern: #"(src|href)\s*=\s*["']?\s*(https?:|//)"#, options: [.caseInsensitive])
        #expect(external.numberOfMatches(in: html, range: NSRange(html.startIndex..., in: html)) == 0)
        #expect(!html.contains("<script src") && !html.contains("<link"))
        let citations = html.components(separatedBy: "<details class=\"cite\">").count - 1
        #expect(citations == report.allSentences.count)
        for sentence in report.allSentences {
            #expect(
                html.contains("<mark>\(HTMLReport.escape(sentence.text))</mark>"),
                "passage not shown for \(sentence.text)")
        }
        for heading in report.outline { #expect(html.contains("id=\"\(HTMLReport.anchor(heading))\"")) }
    }

    @Test func htmlEscapesMarkupFromTheCollection() {
        #expect(
            HTMLReport.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }
}

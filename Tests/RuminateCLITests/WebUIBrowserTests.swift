import Foundation
import RuminateTestSupport
import Testing

/// The web UI in a real browser: `ruminate serve` on 127.0.0.1 over an index of real files, headless Chromium
/// loading the page's deep links (`#q=…`, `#ask=…&cite=1`), checks on the DOM it renders (highlights, cited
/// sentences, the passage panel's quote, hostile text kept as text), and phone-width screenshots kept under
/// `.build/artifacts/webui/` for people to look at.
@Suite(.serialized) struct WebUIBrowserTests {
    /// A how-to question: its answer opens with a direct answer, a clause holding markup (`<script>…`).
    static let question = "how should a viewer show markup such as script tags?"
    static let hostileSentence =
        "Some pages quote markup such as <script>alert(1)</script> in their prose, and a viewer must show that markup as plain text."

    @Test func searchAndCitedAnswerRenderSafelyInTheBrowser() throws {
        let chromium = try #require(
            WebUITestSupport.chromium(),
            "Chromium is not installed: run scripts/ensure-browser (it installs the chromium package when run as root), or set CHROMIUM=/path/to/chromium"
        )
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("i.sqlite").path
        // No vectors: every front end then ranks lexically, so the browser and the CLI give the same answer.
        let indexed = try RuminateProcess.run(["index", "corpus", "--index", index, "--no-vectors"], in: root)
        try #require(indexed.status == 0, "ruminate index failed: \(indexed.stderr)")

        let server = try ServeProcess(["--index", index], in: root)
        defer { server.stop() }
        #expect(server.url.hasPrefix("http://127.0.0.1:"), "serve must listen on loopback only: \(server.url)")
        let browser = WebUIHeadlessChromium(
            executable: chromium, profile: root.appendingPathComponent("chromium-profile"))
        let artifacts = WebUITestSupport.packageRoot.appendingPathComponent(".build/artifacts/webui")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)

        // Search: ranked hits whose snippets mark the query words, the document's `<script>` text escaped.
        let searchURL = "\(server.url)/#q=\(WebUITestSupport.fragmentValue("script alert"))"
        let search = try browser.dumpDOM(searchURL)
        try #require(search.status == 0, "chromium failed: \(search.stderr)")
        let searchDOM = search.stdout
        #expect(
            searchDOM.contains(#"data-done="search""#),
            "the search never finished: \(excerpt(searchDOM, around: "id=\"error\""))\nserver: \(server.stderrText)")
        let results = slice(searchDOM, from: #"<ol id="results">"#, to: "</section>")
        #expect(results.contains(#"<li class="hit""#), "no hits: \(results)")
        #expect(
            results.contains("<mark>script</mark>") && results.contains("<mark>alert</mark>"),
            "no marked query words: \(results)")
        #expect(
            results.contains("&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;"),
            "the <script> text is not shown as text: \(results)")
        #expect(
            results.contains("Hostile markup notes") && results.contains("Script tags in prose"),
            "title or heading path missing")
        expectNoInjectedMarkup(searchDOM)
        try expectScreenshot(browser, searchURL, artifacts.appendingPathComponent("search-phone.png"))

        // Ask, then open citation 1: the panel's highlighted quote is exactly the cited sentence, which is
        // exactly what `ruminate ask --json` quotes.
        let cli = try RuminateProcess.run(["ask", Self.question, "--index", index, "--json"], in: root)
        try #require(cli.status == 0, "ruminate ask failed: \(cli.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let cliSentences = try #require(answer["sentences"] as? [[String: Any]])
        let cliDirect = try #require(
            answer["direct_answer"] as? [String: Any], "the how-to question should get a direct answer")
        let firstCited = try #require(cliSentences.first { $0["citation"] as? Int == 1 }?["text"] as? String)
        #expect(firstCited == Self.hostileSentence, "the fixture's question should cite the hostile sentence first")

        let askURL = "\(server.url)/#ask=\(WebUITestSupport.fragmentValue(Self.question))&cite=1"
        let ask = try browser.dumpDOM(askURL)
        try #require(ask.status == 0, "chromium failed: \(ask.stderr)")
        let askDOM = ask.stdout
        #expect(
            askDOM.contains(#"data-done="cite""#),
            "the answer or its citation never finished: \(excerpt(askDOM, around: "id=\"answer\""))\nserver: \(server.stderrText)"
        )
        let answerHTML = slice(askDOM, from: #"<div id="answer""#, to: "</section>")
        let sentences = answerHTML.matches(of: #/<span class="sentence" data-citation="(\d+)"[^>]*>([^<]*)</span>/#)
        #expect(!sentences.isEmpty, "no answer sentence: \(answerHTML)")
        #expect(
            sentences.map { WebUITestSupport.decodeEntities(String($0.output.2)) }
                == [cliDirect["text"] as? String] + cliSentences.map { $0["text"] as? String },
            "the page shows other sentences than `ruminate ask --json` (its direct answer first)")
        #expect(answerHTML.contains(#"<p class="cited direct">"#), "the direct answer is not set apart")
        #expect(answerHTML.contains(#"class="citation" data-citation="1""#), "no clickable citation [1]")
        #expect(answerHTML.contains(#"<ol id="sources"><li id="source-1""#), "no Sources list")

        let panel = slice(askDOM, from: #"<aside id="passage-panel""#, to: "</aside>")
        #expect(
            !(panel.firstMatch(of: #/<aside[^>]*>/#).map { $0.output.contains(" hidden") } ?? true),
            "the passage panel is not open")
        let quotes = panel.matches(of: #/<mark class="quote">([^<]*)</mark>/#).map {
            WebUITestSupport.decodeEntities(String($0.output.1))
        }
        #expect(quotes == [firstCited], "the panel's quote \(quotes) is not the cited sentence")
        #expect(
            panel.contains("Hostile markup notes") && panel.contains("Script tags in prose"),
            "the panel lacks the title or heading path")
        #expect(panel.contains(#"class="context before""#), "the panel shows no context")
        expectNoInjectedMarkup(askDOM)
        try expectScreenshot(browser, askURL, artifacts.appendingPathComponent("ask-cite-phone.png"))
    }

    /// Document text must arrive as text: no element from the fixture's markup may exist in the page.
    func expectNoInjectedMarkup(_ dom: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for injected in ["<script>alert", "<b>", "<img"] {
            #expect(
                !dom.contains(injected), "document markup became an element: \(injected)",
                sourceLocation: sourceLocation)
        }
        #expect(
            dom.components(separatedBy: "<script").count - 1 == 1, "a script element other than the page's own",
            sourceLocation: sourceLocation)
    }

    /// Saves a phone-width screenshot as a build artifact and checks it is a real, non-blank PNG.
    func expectScreenshot(
        _ browser: WebUIHeadlessChromium, _ url: String, _ file: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let outcome = try browser.screenshot(url, to: file)
        #expect(outcome.status == 0, "chromium --screenshot failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        let png = FileManager.default.contents(atPath: file.path) ?? Data()
        #expect(
            png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file.path) is not a PNG", sourceLocation: sourceLocation)
        // A blank 390×1200 page compresses to a few kilobytes; a rendered one is far larger.
        #expect(png.count > 20_000, "\(file.path) is only \(png.count) bytes: blank?", sourceLocation: sourceLocation)
    }

    func slice(_ text: String, from start: String, to end: String) -> String {
        guard let lower = text.range(of: start) else { return "" }
        let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        return String(text[lower.lowerBound..<upper])
    }

    func excerpt(_ text: String, around marker: String) -> String {
        guard let range = text.range(of: marker) else { return String(text.prefix(2000)) }
        return String(text[range.lowerBound...].prefix(2000))
    }
}

extension WebUIBrowserTests {
    /// A temporary folder with real files: one HTML page whose prose quotes markup (a heading path, and text
    /// that would run as script if a client inserted it as HTML), and one Markdown page for company.
    static func makeCorpus() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-webui-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try """
        <!doctype html>
        <html><head><title>Hostile markup notes</title></head><body>
        <h1>Hostile markup notes</h1>
        <h2>Script tags in prose</h2>
        <p>Some pages quote markup such as &lt;script&gt;alert(1)&lt;/script&gt; in their prose, and a viewer must show that markup as plain text.</p>
        <p>A careful renderer escapes angle brackets in &lt;b&gt;bold&lt;/b&gt; and &lt;img src=x onerror=alert(2)&gt; before display.</p>
        </body></html>
        """.write(to: corpus.appendingPathComponent("hostile.html"), atomically: true, encoding: .utf8)
        try """
        # Write-Ahead Logging

        ## How WAL works

        The original content is preserved in the database file and changes are appended to a separate WAL file. Readers continue reading while a writer commits.

        ## Checkpoints

        A checkpoint moves the content of the WAL file back into the database file. Checkpoints run automatically when the WAL file reaches a threshold size.
        """.write(to: corpus.appendingPathComponent("wal.md"), atomically: true, encoding: .utf8)
        return root
    }
}

import Testing
import RuminateCore
@testable import RuminateParse

@Suite struct ParserRegistryTests {
    @Test func eachFormatHasItsParser() {
        let registry = ParserRegistry()
        #expect(registry.parser(for: .text) is PlainTextParser)
        #expect(registry.parser(for: .markdown) is MarkdownParser)
        #expect(registry.parser(for: .html) is HTMLParser)
        #expect(registry.parser(for: .xml) is XMLParser)
        #expect(registry.parser(for: .jsonl) is JSONLParser)
    }

    @Test func limitsReachEveryParser() throws {
        let limits = ParseLimits(maxBytes: 10, maxJSONLLineBytes: 5, maxEntityTextBytes: 3)
        let registry = ParserRegistry(limits: limits)
        #expect((registry.parser(for: .jsonl) as? JSONLParser)?.limits == limits)
        #expect((registry.parser(for: .xml) as? XMLParser)?.limits == limits)
        #expect(ParseLimits().maxBytes == 64 << 20)
        #expect(ParseLimits().maxJSONLLineBytes == 8 << 20)
    }

    @Test(arguments: [
        ("docs-page.html", DocumentFormat.html), ("broken-page.html", .html), ("latin1.html", .html),
        ("readme.md", .markdown), ("docbook-article.xml", .xml), ("field-notes.txt", .text),
        ("corpus-sample.jsonl", .jsonl),
    ])
    func everyFixtureIsDetectedAndKeepsTheSpanInvariants(name: String, format: DocumentFormat) throws {
        let bytes = try Fixture.bytes(name)
        #expect(FormatDetector.detect(path: name, head: Array(bytes.prefix(4096))) == format)
        let result = try ParserRegistry().parse(bytes, format: format, sourceName: name)
        #expect(!result.documents.isEmpty)
        for document in result.documents {
            #expect(!document.blocks.isEmpty)
            expectBlockInvariants(document, assembled: format != .jsonl)
        }
    }
}

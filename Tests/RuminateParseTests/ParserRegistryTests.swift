import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct ParserRegistryTests {
    /// The parser each format must get; a format added to `DocumentFormat` fails to compile here until it has one.
    static func expectedParser(_ format: DocumentFormat) -> any DocumentParser.Type {
        switch format {
        case .text: PlainTextParser.self
        case .markdown: MarkdownParser.self
        case .html: HTMLParser.self
        case .xml: XMLParser.self
        case .jsonl: JSONLParser.self
        case .man: ManPageParser.self
        case .mail: MailParser.self
        case .epub: EPUBParser.self
        case .docx: DOCXParser.self
        case .odt: ODTParser.self
        case .pdf: PDFParser.self
        }
    }

    /// A fixture of each format, read through the registry end to end.
    static func sample(_ format: DocumentFormat) -> String {
        switch format {
        case .text: "field-notes.txt"
        case .markdown: "readme.md"
        case .html: "docs-page.html"
        case .xml: "docbook-article.xml"
        case .jsonl: "corpus-sample.jsonl"
        case .man: "man/slabtop.1"
        case .mail: "mail/club.mbox"
        case .epub: "containers/field-guide.epub"
        case .docx: "containers/field-guide.docx"
        case .odt: "containers/field-guide.odt"
        case .pdf: "pdf/field-notes.pdf"
        }
    }

    @Test(arguments: DocumentFormat.allCases)
    func eachFormatHasItsParserWithTheRegistrysLimits(format: DocumentFormat) {
        let limits = ParseLimits(maxBytes: 10, maxJSONLLineBytes: 5, maxEntityTextBytes: 3, maxArchiveEntries: 7)
        let parser = ParserRegistry(limits: limits).parser(for: format)
        #expect(type(of: parser) == Self.expectedParser(format))
        let parserLimits = Mirror(reflecting: parser).children.first { $0.label == "limits" }?.value as? ParseLimits
        #expect(parserLimits == limits)
    }

    @Test func defaultLimits() {
        #expect(ParseLimits().maxBytes == 64 << 20)
        #expect(ParseLimits().maxJSONLLineBytes == 8 << 20)
    }

    @Test(arguments: DocumentFormat.allCases)
    func everyFormatsSampleIsDetectedAndKeepsTheSpanInvariants(format: DocumentFormat) throws {
        if format == .pdf {
            try #require(PDFParserTests.hasPdftotext, "install poppler-utils (apt-get install poppler-utils)")
        }
        try expectDetectedAndParsed(Self.sample(format), as: format)
    }

    @Test(arguments: ["broken-page.html", "latin1.html"])
    func moreHTMLFixturesKeepTheSpanInvariants(name: String) throws {
        try expectDetectedAndParsed(name, as: .html)
    }

    func expectDetectedAndParsed(_ name: String, as format: DocumentFormat) throws {
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

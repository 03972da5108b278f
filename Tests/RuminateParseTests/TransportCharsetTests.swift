import RuminateCore
import Testing

@testable import RuminateParse

/// A server's `Content-Type` charset (`ParserRegistry.parse(declaredCharset:)`) wins over what the bytes
/// declare, not over a byte-order mark, as in browsers.
@Suite struct TransportCharsetTests {
    static let html =
        "<html><head><meta charset=\"utf-8\"><title>Crème</title></head><body><p>Crème brûlée.</p></body></html>"
    static var latin1: [UInt8] { html.unicodeScalars.map { UInt8($0.value) } }

    func parse(_ bytes: [UInt8], _ format: DocumentFormat = .html, declared: String?) throws -> ParseResult {
        try ParserRegistry().parse(bytes, format: format, sourceName: "page", declaredCharset: declared)
    }

    @Test func theServersCharsetWinsOverAWrongMeta() throws {
        let document = try #require(try parse(Self.latin1, declared: "ISO-8859-1").documents.first)
        #expect(document.title == "Crème")
        #expect(document.text == "Crème brûlée.")
        #expect(document.metadata["charset"] == "windows-1252")
        let trusting = try #require(try parse(Self.latin1, declared: nil).documents.first)
        #expect(trusting.text != "Crème brûlée.", "without the header the page's own (wrong) meta is believed")
    }

    @Test func aByteOrderMarkWinsOverTheServer() throws {
        let document = try #require(
            try parse([0xEF, 0xBB, 0xBF] + Array(Self.html.utf8), declared: "ISO-8859-1").documents.first)
        #expect(document.text == "Crème brûlée.")
        #expect(document.metadata["charset"] == nil)
    }

    @Test func anUnknownCharsetIsIgnoredWithAWarning() throws {
        let result = try parse(Array(Self.html.utf8), declared: "x-no-such-charset")
        #expect(result.documents.first?.text == "Crème brûlée.")
        #expect(result.warnings == [#"page: the server declared the unknown charset "x-no-such-charset"; ignored"#])
    }

    @Test func plainTextAndMarkdownFollowItToo() throws {
        let bytes: [UInt8] = [
            0xEB, 0xCF, 0xCE, 0xD7, 0xC5, 0xD2, 0xD4, 0x20, 0xC9, 0x20, 0xD0, 0xC9, 0xD3, 0xD8, 0xCD, 0xCF,
        ]
        #expect(try parse(bytes, .text, declared: "koi8-r").documents.first?.text == "Конверт и письмо")
        #expect(try parse(bytes, .markdown, declared: "KOI8-R").documents.first?.text == "Конверт и письмо")
    }

    @Test func binaryFormatsIgnoreIt() throws {
        let result = try parse(Array("{\"_id\": \"1\", \"text\": \"Crème\"}\n".utf8), .jsonl, declared: "ISO-8859-1")
        #expect(result.documents.first?.text == "Crème")
    }
}

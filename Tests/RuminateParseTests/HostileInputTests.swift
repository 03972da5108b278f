import RuminateCore
import Testing

@testable import RuminateParse

/// Inputs built to hurt a parser: file and network entity loads, entity bombs, extreme nesting,
/// garbage bytes. Every one must end quickly with text or a `RuminateError`, never a crash.
@Suite struct HostileInputTests {
    let registry = ParserRegistry()

    func parseXML(_ xml: String, limits: ParseLimits = .init()) throws -> ParseResult {
        try XMLParser(limits: limits).parse(Array(xml.utf8), sourceName: "hostile.xml")
    }

    @Test func externalFileEntityIsNeverRead() throws {
        let document = try parseXML(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY h SYSTEM "/etc/hostname">]>
            <r><p>before &x; after &h;</p></r>
            """
        ).documents[0]
        #expect(document.text == "before after")
    }

    @Test func parameterEntityCannotPullInAFile() throws {
        let document = try parseXML(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
            <r><p>param</p></r>
            """
        ).documents[0]
        #expect(document.text == "param")
    }

    @Test(arguments: ["file:///etc/passwd", "http://127.0.0.1:9/evil.dtd", "https://example.invalid/x.dtd"])
    func externalDTDIsNotLoaded(systemID: String) throws {
        let document = try parseXML(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "\(systemID)">
            <r><p>only this</p></r>
            """
        ).documents[0]
        #expect(document.text == "only this")
    }

    @Test func billionLaughsIsRefusedAsHostile() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let error = try #require(throws: RuminateError.self) { try parseXML(xml) }
        #expect(error.code == .hostileInput)
    }

    @Test func quadraticBlowupIsCappedByTheEntityBudget() throws {
        let big = String(repeating: "a", count: 10_000)
        let xml = "<!DOCTYPE r [<!ENTITY big \"\(big)\">]><r>" + String(repeating: "&big;", count: 1_000) + "</r>"
        let result = try parseXML(xml, limits: ParseLimits(maxEntityTextBytes: 50_000))
        #expect(result.documents[0].text.utf8.count <= 50_000)
        #expect(result.warnings.contains { $0.contains("entity") })
    }

    @Test func hundredThousandNestedXMLElementsAreRefusedCleanly() throws {
        let xml = String(repeating: "<a>", count: 100_000) + "x" + String(repeating: "</a>", count: 100_000)
        let error = try #require(throws: RuminateError.self) { try parseXML(xml) }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("depth"))
    }

    @Test func xmlWalkerHandlesA100kDeepTree() throws {
        let outcome = try LibXMLTestTree.deepChain(depth: 100_000, leafText: "leaf") { root in
            var assembler = TextAssembler()
            _ = XMLTextExtractor.extract(from: root, entityBudget: 1 << 20, into: &assembler)
            return assembler.finish()
        }
        #expect(outcome.text == "leaf")
    }

    @Test(arguments: DocumentFormat.allCases)
    func binaryGarbageNeverCrashes(format: DocumentFormat) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let garbage: [UInt8] = (0..<20_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        do throws(RuminateError) {
            let result = try registry.parse(garbage, format: format, sourceName: "garbage")
            for document in result.documents { expectBlockInvariants(document, assembled: format != .jsonl) }
        } catch {
            #expect(error.code == .malformedInput)
        }
        #expect(FormatDetector.detect(path: "garbage.bin", head: Array(garbage.prefix(4096))) == nil)
    }

    @Test(arguments: DocumentFormat.allCases)
    func emptyInputIsHandled(format: DocumentFormat) {
        do throws(RuminateError) {
            let result = try registry.parse([], format: format, sourceName: "empty")
            #expect(result.documents.allSatisfy { $0.text.isEmpty })
        } catch {
            #expect(format == .xml && error.code == .malformedInput)
        }
    }

    @Test(arguments: DocumentFormat.allCases)
    func inputsOverTheSizeLimitAreRefused(format: DocumentFormat) throws {
        let limited = ParserRegistry(limits: ParseLimits(maxBytes: 100))
        let error = try #require(throws: RuminateError.self) {
            try limited.parse(Array(repeating: UInt8(ascii: "a"), count: 101), format: format, sourceName: "big")
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("big"))
    }

    @Test func invalidUTF8InMarkdownIsReplacedWithAWarning() throws {
        // One bad byte in otherwise UTF-8 text (a file of legacy bytes is detected as its charset instead).
        let bytes = Array("# Ti".utf8) + [0xC3] + Array("tle — naïve façade, déjà\n\nbody".utf8)
        let result = try registry.parse(bytes, format: .markdown, sourceName: "bad.md")
        #expect(result.documents[0].title?.contains("\u{FFFD}") == true)
        #expect(result.warnings.count == 1)
    }

    @Test func pathologicalMarkdownInlineStaysLinear() throws {
        let inputs = [
            String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 10),
            String(repeating: "*a_", count: 30_000),
            String(repeating: "`` ` ", count: 20_000),
            "text " + String(repeating: "<a \"", count: 20_000),
            String(repeating: "> ", count: 50_000) + "deep quote",
            String(repeating: "- ", count: 20_000) + "deep list",
        ]
        for input in inputs {
            let result = try registry.parse(Array(input.utf8), format: .markdown, sourceName: "evil.md")
            #expect(!result.documents[0].text.isEmpty, "\(input.prefix(10))")
            expectBlockInvariants(result.documents[0])
        }
    }
}

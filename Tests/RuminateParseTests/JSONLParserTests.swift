import Foundation
import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct JSONLParserTests {
    func parse(_ jsonl: String, limits: ParseLimits = .init()) throws -> ParseResult {
        try JSONLParser(limits: limits).parse(Array(jsonl.utf8), sourceName: "c.jsonl")
    }

    @Test func beirSampleParsesGoodLinesAndReportsBadOnes() throws {
        let result = try Fixture.parse("corpus-sample.jsonl", as: .jsonl)
        #expect(result.documents.map(\.memberID) == ["4983", "5836", "7912", "9100"])
        #expect(result.warnings.count == 3)
        #expect(result.warnings[0].hasPrefix("corpus-sample.jsonl: line 4: invalid JSON"))
        #expect(result.warnings[1].hasPrefix("corpus-sample.jsonl: line 6: no \"_id\""))
        #expect(result.warnings[2].hasPrefix("corpus-sample.jsonl: line 7: duplicate _id \"4983\" (first on line 1)"))

        let numericID = result.documents[1]
        #expect(numericID.title == "Induction of myelodysplasia by myeloid-derived suppressor cells.")
        #expect(
            numericID.outline == [
                Outline(.paragraph, "Myelodysplastic syndromes (MDS) are age-dependent stem cell malignancies."),
                Outline(.paragraph, "Here we show that bone marrow CD33+ cells are expanded in MDS patients."),
            ])
        let escaped = result.documents[2]
        #expect(escaped.title == nil)
        #expect(escaped.text == "  Café culture and \"sleep\": a cohort study 🧪 of 1,200 adults.  ")
        #expect(escaped.blockTexts == ["Café culture and \"sleep\": a cohort study 🧪 of 1,200 adults."])
        let crlf = result.documents[3]
        #expect(crlf.title == "Tabs\tand unicode — dashes")
        #expect(crlf.blockTexts == ["Line one\r\nline two", "Second paragraph after CRLF blank line."])
        for document in result.documents { expectBlockInvariants(document, assembled: false) }
    }

    @Test func textIsExactlyWhatJSONSerializationDecodes() throws {
        let bytes = try Fixture.bytes("corpus-sample.jsonl")
        let result = try JSONLParser(limits: .init()).parse(bytes, sourceName: "c.jsonl")
        var reference: [String: String] = [:]
        for line in bytes.split(separator: 0x0A) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let id = object["_id"], let text = object["text"] as? String
            else { continue }
            if reference["\(id)"] == nil { reference["\(id)"] = text }
        }
        #expect(result.documents.count == reference.count)
        for document in result.documents {
            #expect(document.text == reference[document.memberID ?? ""])
        }
    }

    @Test func escapesAndSurrogatesDecode() throws {
        let line = #"{"_id":"e","text":"tab\tquote\" slash\/ back\\ nl\n bell\u0007 e\u0301 \ud83d\ude00 lone\ud800x"}"#
        let document = try parse(line).documents[0]
        #expect(document.text == "tab\tquote\" slash/ back\\ nl\n bell\u{07} e\u{301} 😀 lone\u{FFFD}x")
    }

    @Test(arguments: [
        (#"{"_id": "a", "text": "x",}"#, "invalid JSON"),
        (#"{"_id": "a", "text": "x"} trailing"#, "invalid JSON"),
        (#"["_id", "text"]"#, "invalid JSON"),
        (#"{"_id": "a", "text": "unterminated}"#, "invalid JSON"),
        (#"{"_id": true, "text": "x"}"#, "\"_id\" must be"),
        (#"{"_id": "", "text": "x"}"#, "\"_id\" must be"),
        (#"{"_id": "a", "title": "no text"}"#, "no string \"text\""),
        (#"{"_id": "a", "text": null}"#, "no string \"text\""),
        (#"{"_id": "a", "text": "raw"# + "\t" + #"tab"}"#, "invalid JSON"),
        (#"{"_id": "a", "text": "x", "n": 01}"#, "invalid JSON"),
    ])
    func badLinesAreSkippedWithAReason(line: String, reason: String) throws {
        let result = try parse(line + "\n" + #"{"_id": "ok", "text": "fine"}"#)
        #expect(result.documents.map(\.memberID) == ["ok"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("line 1: \(reason)") == true)
    }

    @Test func ignoredMembersMayNestDeeplyWithoutRecursion() throws {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = try parse(
            #"{"_id": "n", "meta": {"a": \#(nested), "b": [1, -2.5e3, true, null, {}]}, "text": "kept"}"#)
        #expect(result.documents.first?.text == "kept")
        #expect(result.warnings.isEmpty)
    }

    @Test func overlongLinesAreSkipped() throws {
        let long = #"{"_id": "long", "text": "\#(String(repeating: "x", count: 200))"}"#
        let result = try parse(
            long + "\n" + #"{"_id": "short", "text": "s"}"#, limits: ParseLimits(maxJSONLLineBytes: 100))
        #expect(result.documents.map(\.memberID) == ["short"])
        #expect(result.warnings.first?.contains("over the limit") == true)
    }

    @Test func aFileWithNoGoodLineIsMalformed() throws {
        let error = try #require(throws: RuminateError.self) { try parse("not json\n{also not}\n") }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("line 1"))
    }

    @Test func manyBadLinesAreSummarised() throws {
        let lines = (0..<150).map { _ in "garbage" } + [#"{"_id": "1", "text": "t"}"#]
        let result = try parse(lines.joined(separator: "\n"))
        #expect(result.documents.count == 1)
        #expect(result.warnings.count == JSONLParser.maxDescribedWarnings + 1)
        #expect(result.warnings.last?.contains("50 more bad lines") == true)
    }

    @Test func emptyTextKeepsTheDocumentWithoutBlocks() throws {
        let document = try parse(#"{"_id": "t", "title": "Title only", "text": "  \n "}"#).documents[0]
        #expect(document.title == "Title only")
        #expect(document.blocks.isEmpty)
    }
}

import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct PlainTextParserTests {
    func parse(_ text: String) throws -> ParseResult {
        try PlainTextParser(limits: .init()).parse(Array(text.utf8), sourceName: "t.txt")
    }

    @Test func fieldNotesSplitIntoTitleAndParagraphs() throws {
        let result = try Fixture.parse("field-notes.txt", as: .text)
        let document = try #require(result.documents.first)
        #expect(result.documents.count == 1)
        #expect(result.warnings.isEmpty)
        #expect(document.title == "Field notes: the Kessel marsh survey")
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Field notes: the Kessel marsh survey"),
                Outline(
                    .paragraph,
                    "We walked the eastern transect on 14 May. The water table was higher than last year, and the reed beds had spread past the second marker post."
                ),
                Outline(
                    .paragraph,
                    "Birds counted: 31 reed warblers, 4 bitterns (heard, not seen), and a marsh harrier quartering the north field."
                ),
                Outline(.paragraph, "Next visit: repeat the transect at dawn and bring the thermal camera."),
            ])
        expectBlockInvariants(document)
    }

    @Test func noTitleWithoutABlankLineOrWhenTheFirstLineIsLong() throws {
        let run = try parse("Line one\nline two\n\nnext")
        #expect(run.documents[0].title == nil)
        #expect(run.documents[0].blockTexts == ["Line one line two", "next"])
        let long = String(repeating: "word ", count: 30) + "\n\nbody"
        #expect(try parse(long).documents[0].title == nil)
    }

    @Test func lineEndingsAndBOMAreHandled() throws {
        let document = try parse("\u{FEFF}Title\r\n\r\nOne\rtwo\r\n \t \r\nThree").documents[0]
        #expect(document.title == "Title")
        #expect(document.blockTexts == ["Title", "One two", "Three"])
        expectBlockInvariants(document)
    }

    @Test func utf16WithBOMIsDecoded() throws {
        let text = "Résumé\n\n漢字 and more"
        let littleEndian: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndian: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [littleEndian, bigEndian] {
            let result = try PlainTextParser(limits: .init()).parse(bytes, sourceName: "u16.txt")
            #expect(result.documents[0].text == "Résumé\n\n漢字 and more")
            #expect(result.warnings.isEmpty)
        }
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        // Mostly UTF-8 with one stray Latin-1 byte: read as damaged UTF-8 (a whole Latin-1 file is detected
        // as such instead, see EncodingDetectionTests).
        let bytes: [UInt8] = Array("Crème brûlée, thé: caf".utf8) + [0xE9] + Array(" au lait".utf8)
        let result = try PlainTextParser(limits: .init()).parse(bytes, sourceName: "latin1.txt")
        #expect(result.documents[0].text == "Crème brûlée, thé: caf\u{FFFD} au lait")
        try #require(result.warnings.count == 1)
        #expect(result.warnings[0].contains("latin1.txt"))
        #expect(result.warnings[0].contains("U+FFFD"))
    }

    @Test func emptyInputGivesOneEmptyDocument() throws {
        let result = try parse("")
        #expect(result.documents.count == 1)
        #expect(result.documents[0].text.isEmpty)
        #expect(result.documents[0].blocks.isEmpty)
    }
}

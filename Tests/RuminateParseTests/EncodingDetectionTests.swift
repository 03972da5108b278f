import RuminateCore
import Testing

@testable import RuminateParse

/// Legacy encodings, on fixtures made by iconv and Python's codecs from UTF-8 originals
/// (`Fixtures/encodings/README.md`): every decoded text must equal its original exactly.
@Suite struct EncodingDetectionTests {
    static func fixture(_ name: String) throws -> [UInt8] { try Fixture.bytes("encodings/\(name)") }

    static func original(_ name: String) throws -> String {
        let bytes = try fixture(name)
        return try #require(String(validating: bytes, as: UTF8.self), "\(name) is the UTF-8 original")
    }

    @Test(arguments: [
        ("zh-cat.gbk.txt", "zh-cat.utf8.txt", "GB18030"),
        ("zh-rare.gb18030.txt", "zh-rare.utf8.txt", "GB18030"),
        ("zh-taipei.big5.txt", "zh-taipei.utf8.txt", "Big5"),
        ("ja.shift_jis.txt", "ja.utf8.txt", "Shift_JIS"),
        ("ja.euc-jp.txt", "ja.utf8.txt", "EUC-JP"),
        ("ja.iso-2022-jp.txt", "ja.utf8.txt", "ISO-2022-JP"),
        ("ko.euc-kr.txt", "ko.utf8.txt", "EUC-KR"),
        ("ru.koi8-r.txt", "ru.utf8.txt", "KOI8-R"),
        ("ru.windows-1251.txt", "ru.utf8.txt", "windows-1251"),
        ("fr-market.iso-8859-1.txt", "fr-market.utf8.txt", "windows-1252"),
        ("fr-bistro.windows-1252.txt", "fr-bistro.utf8.txt", "windows-1252"),
    ])
    func undeclaredLegacyCharsetsAreDetectedAndDecodedExactly(file: String, original: String, charset: String) throws {
        let decoded = TextDecoding.decode(try Self.fixture(file))
        #expect(decoded.charset == charset)
        #expect(decoded.text == (try Self.original(original)))
        #expect(!decoded.text.contains("\u{FFFD}"))
        // Strong guesses pass silently; weak ones (short Cyrillic texts) say they were guessed.
        if let warning = decoded.warning { #expect(warning.hasPrefix("charset guessed as \(charset)")) }
    }

    @Test(arguments: [
        ("ja.utf-16le-bom.txt", "ja.utf8.txt", "UTF-16LE"),
        ("ja.utf-16be-bom.txt", "ja.utf8.txt", "UTF-16BE"),
        ("fr-market.utf-8-bom.txt", "fr-market.utf8.txt", "UTF-8"),
        ("fr-market.utf-16le.txt", "fr-market.utf8.txt", "UTF-16LE"),
        ("fr-market.utf-16be.txt", "fr-market.utf8.txt", "UTF-16BE"),
    ])
    func unicodeEncodingsWithAndWithoutBOMAreDecodedExactly(file: String, original: String, charset: String) throws {
        let bytes = try Self.fixture(file)
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.charset == charset)
        #expect(decoded.text == (try Self.original(original)))
        #expect(decoded.warning == nil)
        // UTF-16 is not taken for binary, with or without a BOM.
        #expect(FormatDetector.detect(path: file, head: Array(bytes.prefix(4096))) == .text)
    }

    @Test func asciiInUTF16WithoutBOMIsNotReadAsUTF8WithNULs() {
        let text = "Plain ASCII notes,\nwritten by an old Windows tool.\n"
        let littleEndian = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndian = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(TextDecoding.decode(littleEndian).text == text)
        #expect(TextDecoding.decode(littleEndian).charset == "UTF-16LE")
        #expect(TextDecoding.decode(bigEndian).text == text)
        // NULs that do not alternate are not UTF-16.
        let binaryish: [UInt8] = Array("a\0\0b c\0".utf8)
        #expect(TextDecoding.decode(binaryish).charset == "UTF-8")
    }

    @Test func parsersRecordTheCharsetInTheMetadata() throws {
        let registry = ParserRegistry()
        let gbk = try registry.parse(try Self.fixture("zh-cat.gbk.txt"), format: .text, sourceName: "zh-cat.gbk.txt")
        let document = try #require(gbk.documents.first)
        #expect(document.metadata["charset"] == "GB18030")
        #expect(document.text.contains("将文件列表中的文件连接到标准输出。"))
        #expect(gbk.warnings.isEmpty)
        expectBlockInvariants(document)

        let markdown = try registry.parse(try Self.fixture("ja.euc-jp.txt"), format: .markdown, sourceName: "ja.md")
        #expect(markdown.documents[0].metadata["charset"] == "EUC-JP")
        #expect(markdown.documents[0].text.hasPrefix("春になると、川沿いの桜並木には"))

        let utf8 = try registry.parse(try Self.fixture("ja.utf8.txt"), format: .text, sourceName: "ja.txt")
        #expect(utf8.documents[0].metadata["charset"] == nil)
    }

    @Test func jsonlAnnouncedAsUTF16ByItsBOMIsDecodedFirst() throws {
        let lines =
            #"{"_id": "d1", "title": "桜", "text": "春になると、川沿いの桜並木には"}"# + "\n" + #"{"_id": "d2", "text": "Зимой"}"#
        let bytes: [UInt8] = [0xFF, 0xFE] + lines.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let result = try JSONLParser(limits: .init()).parse(bytes, sourceName: "wide.jsonl")
        #expect(result.documents.map(\.memberID) == ["d1", "d2"])
        #expect(result.documents.map(\.text) == ["春になると、川沿いの桜並木には", "Зимой"])
        #expect(result.documents.allSatisfy { $0.metadata == ["charset": "UTF-16LE"] })
        #expect(result.warnings.isEmpty)
    }

    @Test func aCallersDeclaredCharsetIsResolvedLikeABrowser() throws {
        let gbk = TextDecoding.decode(try Self.fixture("zh-cat.gbk.txt"), declared: "gb2312")
        #expect(gbk.charset == "GBK")
        #expect(gbk.text == (try Self.original("zh-cat.utf8.txt")))
        let sjis = TextDecoding.decode(try Self.fixture("ja.shift_jis.txt"), declared: " \"x-sjis\" ")
        #expect(sjis.charset == "Shift_JIS")
        #expect(sjis.text == (try Self.original("ja.utf8.txt")))
        let latin1 = TextDecoding.decode(try Self.fixture("fr-market.iso-8859-1.txt"), declared: "ISO-8859-1")
        #expect(latin1.charset == "windows-1252")
        #expect(latin1.text == (try Self.original("fr-market.utf8.txt")))
    }

    @Test func htmlMetaCharsetAndHTTPEquivAreRead() throws {
        let chinese = try HTMLParser(limits: .init()).parse(
            try Self.fixture("page.gb2312.html"), sourceName: "page.html")
        let page = try #require(chinese.documents.first)
        #expect(page.title == "CAT(1) 用户命令")
        #expect(page.blockTexts.contains("如果没有指定文件，或者指定文件为“-”，则从标准输入读取。"))
        #expect(page.metadata == ["lang": "zh-CN", "charset": "GBK"])
        #expect(chinese.warnings.isEmpty)

        let japanese = try HTMLParser(limits: .init()).parse(
            try Self.fixture("page.shift_jis.html"), sourceName: "ja.html")
        #expect(japanese.documents[0].title == "川沿いの桜")
        #expect(japanese.documents[0].outline.first == Outline(.heading(level: 1), "川沿いの桜"))
        #expect(japanese.documents[0].metadata["charset"] == "Shift_JIS")
        #expect(japanese.warnings.isEmpty)
    }

    @Test func metaCharsetWinsOverDetection() throws {
        let bytes = try Self.fixture("price.iso-8859-15.html")
        let page = try HTMLParser(limits: .init()).parse(bytes, sourceName: "price.html").documents[0]
        #expect(page.blockTexts.first == "Le menu du jour coûte 20 € par personne, boisson comprise.")
        #expect(page.metadata["charset"] == "ISO-8859-15")
        // Without the declaration, ICU's detector reads byte A4 as Latin-1's currency sign.
        let guessed = TextDecoding.decode(bytes)
        #expect(guessed.charset == "windows-1252")
        #expect(guessed.text.contains("coûte 20 ¤ par personne"))
    }

    @Test func xmlEncodingDeclarationIsRead() throws {
        let result = try XMLParser(limits: .init()).parse(
            try Self.fixture("article.euc-jp.xml"), sourceName: "article.xml")
        let document = try #require(result.documents.first)
        #expect(document.title == "川沿いの桜")
        #expect(document.text.contains("カメラを忘れないようにしなければなりません。"))
        #expect(document.metadata["charset"] == "EUC-JP")
        #expect(result.warnings.isEmpty)
    }

    @Test func aWrongMetaCharsetGivesReplacementCharactersAndAWarning() throws {
        let result = try HTMLParser(limits: .init()).parse(
            try Self.fixture("wrong-meta.windows-1251.html"), sourceName: "wrong.html")
        let document = try #require(result.documents.first)
        #expect(document.text.contains("\u{FFFD}"))
        #expect(
            document.text.contains(
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"))
        #expect(document.metadata["charset"] == nil)
        try #require(result.warnings.count == 1)
        #expect(result.warnings[0].hasPrefix("wrong.html: declared UTF-8 but invalid UTF-8"))
        #expect(result.warnings[0].contains("U+FFFD"))
    }

    @Test func invalidBytesInALegacyCharsetBecomeReplacementCharacters() throws {
        let bytes = try Self.fixture("ja-damaged.shift_jis.txt")
        let original = try Self.original("ja.utf8.txt")
        let firstStop = try #require(original.firstIndex(of: "。"))
        let expected =
            String(original[...firstStop]) + "\u{FFFD}!"
            + String(original[original.index(after: firstStop)...].dropLast())
            + "\u{FFFD}"
        for decoded in [TextDecoding.decode(bytes, declared: "Shift_JIS"), TextDecoding.decode(bytes)] {
            #expect(decoded.charset == "Shift_JIS")
            #expect(decoded.text == expected)
            #expect(decoded.warning?.contains("Shift_JIS: 2 invalid byte sequence(s) replaced with U+FFFD") == true)
        }
    }

    @Test func validUTF8OutranksALegacyDeclarationAndASCIIIsNeverConverted() {
        let mislabelled = Array(#"<meta charset="iso-8859-1"><p>Naïve café, déjà vu, crème brûlée.</p>"#.utf8)
        let decoded = TextDecoding.decode(mislabelled, markup: .html)
        #expect(decoded.text.contains("Naïve café, déjà vu, crème brûlée."))
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.warning == "declared windows-1252 but the bytes are valid UTF-8; read as UTF-8")

        let ascii = TextDecoding.decode(Array(#"<meta charset="windows-1251"><p>plain ASCII</p>"#.utf8), markup: .html)
        #expect(ascii.charset == "UTF-8")
        #expect(ascii.warning == nil)
    }

    @Test func anUnknownDeclaredCharsetIsReportedAndIgnored() {
        let decoded = TextDecoding.decode(Array(#"<meta charset="x-klingon"><p>Qapla’</p>"#.utf8), markup: .html)
        #expect(decoded.text.hasSuffix("<p>Qapla’</p>"))
        #expect(decoded.warning == #"unknown charset "x-klingon" declared, ignored"#)
    }

    @Test(
        arguments: [
            (#"<!-- <meta charset="koi8-r"> --><meta charset='shift_jis'>"#, "shift_jis"),
            (#"<meta content="text/html; charset=EUC-JP" http-equiv="Content-Type">"#, "EUC-JP"),
            (
                #"<html><head><title>a > b</title><META HTTP-EQUIV=content-type CONTENT="text/html;charset = 'big5'">"#,
                "big5"
            ),
            (#"<div data-x="<meta charset=koi8-r>"></div><meta charset=gbk>"#, "gbk"),
            (#"<meta name="description" content="charset=utf-8 is good">"#, nil),
            (#"<?xml version="1.0" encoding='ISO-8859-2'?><html>"#, "ISO-8859-2"),
        ] as [(String, String?)])
    func declarationsAreFoundByThePrescan(head: String, label: String?) {
        #expect(CharsetDeclaration.find(in: Array(head.utf8)[...], markup: .html) == label)
    }

    @Test func aUTF16LabelInsideADocumentMeansUTF8() {
        #expect(CharsetLabels.resolve("utf-16", declaredInDocument: true) == .utf8)
        #expect(CharsetLabels.resolve("UTF-16BE")?.name == "UTF-16BE")
        #expect(CharsetLabels.resolve("ibm-1047")?.asciiCompatible == false)  // EBCDIC, known to ICU only
        #expect(CharsetLabels.resolve("no-such-charset") == nil)
    }

    @Test func randomBytesFallBackToUTF8WithReplacements() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let noise: [UInt8] = (0..<3000).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state) | 0x80  // high bytes only, never valid UTF-8 text
        }
        let decoded = TextDecoding.decode(noise)
        #expect(!decoded.text.isEmpty)
        #expect(decoded.warning != nil)
    }
}

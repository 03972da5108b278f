import RuminateCore
import Testing

@testable import RuminateParse

/// Builds gzip files in tests without zlib: one member whose deflate data is a single stored block.
enum StoredGzip {
    static func make(_ content: [UInt8]) -> [UInt8] {
        precondition(content.count <= 0xFFFF)
        let length = UInt16(content.count)
        var bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
        bytes += [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        bytes += content
        bytes += littleEndian(crc32(content)) + littleEndian(UInt32(content.count))
        return bytes
    }

    static func make(_ text: String) -> [UInt8] { make(Array(text.utf8)) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}

@Suite struct ManPageDetectionTests {
    static let page = ".TH FOO 1\n.SH NAME\nfoo \\- does things\n"

    func detect(_ path: String, _ content: [UInt8]) -> DocumentFormat? {
        FormatDetector.detect(path: path, head: Array(content.prefix(4096)))
    }

    @Test func storedGzipIsRealGzip() throws {
        let output = try GzipDecoder(outputLimit: 1 << 20).decompress(StoredGzip.make("hello"), sourceName: "s.gz")
        #expect(output.bytes == Array("hello".utf8))
    }

    @Test(arguments: ["ls.1.gz", "foo.8.gz", "x.3pm.gz", "CA.pl.1ssl.gz", "perl.3perl.GZ", "download", "page.gz"])
    func gzippedPagesAreDetectedByTheirContent(path: String) {
        #expect(detect(path, StoredGzip.make(Self.page)) == .man)
    }

    @Test(arguments: ["ls.1", "foo.8", "x.3pm", "bar.9", "baz.man", "page.MAN"])
    func manualSectionExtensions(path: String) {
        #expect(detect(path, Array(Self.page.utf8)) == .man)
    }

    @Test(arguments: [
        ".TH LS 1", ".\\\" comment first\n.TH X 1", "'\\\" t\n.TH X 1", ".so man1/other.1", ".Dd March 2023\n.Dt X 1",
        "\n\n  \n.TH X 1",
    ])
    func roffIsSniffedWithoutAnExtension(head: String) {
        #expect(detect("README", Array(head.utf8)) == .man)
    }

    @Test(arguments: ["Just words about .TH macros", ".THX 1138", ".so", "..", ". text", "'quoted'"])
    func textThatMerelyMentionsRoffIsNot(head: String) {
        #expect(detect("README", Array(head.utf8)) == nil)
    }

    @Test func aRotatedLogIsNotAManPage() {
        #expect(detect("/var/log/syslog.1", Array("Nov 30 12:00:01 host cron[1]: started\n".utf8)) == nil)
        #expect(detect("/var/log/syslog.2.gz", StoredGzip.make("Nov 30 12:00:01 host cron[1]: started\n")) == nil)
        #expect(detect("notes.1", Array(".Section title in prose\n".utf8)) == .man)
    }

    @Test func otherFormatsInsideGzipAreDetectedAndParsed() throws {
        let text = StoredGzip.make("Field notes\n\nThe heron waited by the water.\n")
        #expect(detect("notes.txt.gz", text) == .text)
        let result = try ParserRegistry().parse(text, format: .text, sourceName: "notes.txt.gz")
        #expect(result.documents[0].text == "Field notes\n\nThe heron waited by the water.")

        let html = StoredGzip.make("<!doctype html><title>T</title><p>Hello</p>")
        #expect(detect("page.gz", html) == .html)
        #expect(try ParserRegistry().parse(html, format: .html, sourceName: "page.gz").documents[0].text == "Hello")
    }

    @Test func gzipOfUnknownContentIsUnsupported() {
        // Plain prose with no telling inner name: nothing says what it is (ingest reports it as unsupported).
        #expect(detect("notes.gz", StoredGzip.make("The heron waited by the water.\n")) == nil)
        // A gzip inside a gzip is not unwrapped twice.
        #expect(detect("double.1.gz", StoredGzip.make(StoredGzip.make(Self.page))) == nil)
        // A damaged gzip header says nothing either.
        #expect(detect("bad.1.gz", [0x1F, 0x8B, 0x08, 0x00, 0, 0]) == nil)
    }

    /// bzip2(1) of Debian's manpages-zh opens with comment lines written `\"` (no leading dot), which groff
    /// reads as comments: the line after them decides, with or without a section extension.
    static let bareComments =
        "\\\" 中文版版权所有 Liu JingSong\n\\\"\n\n\\# another\n.TH bzip2 1\n.SH NAME 名称\n"
        + "bzip2, bunzip2 \\- 一种块排序文件压缩软件\n"

    @Test func pagesOpeningWithBareCommentLinesAreManPages() throws {
        #expect(Self.bareComments.hasPrefix("\\\" 中文版"))
        #expect(detect("bzip2.1.gz", StoredGzip.make(Self.bareComments)) == .man)
        #expect(detect("bzip2.1", Array(Self.bareComments.utf8)) == .man)
        #expect(detect("README", Array(Self.bareComments.utf8)) == .man)
        let result = try ParserRegistry().parse(
            StoredGzip.make(Self.bareComments), format: .man, sourceName: "bzip2.1.gz")
        #expect(result.documents[0].title == "bzip2(1)")
        #expect(result.documents[0].text.contains("一种块排序文件压缩软件"))
    }

    @Test(arguments: ["\\\" a comment and nothing else\n", "\\\" comment\nplain prose after it\n", "\\\"", "\\# x\n\n"])
    func bareCommentsAloneDoNotMakeAManPage(head: String) {
        #expect(detect("README", Array(head.utf8)) == nil)
        #expect(detect("notes.1", Array(head.utf8)) == nil)
    }

    @Test func aGzippedManPageReadsThroughTheRegistry() throws {
        let result = try ParserRegistry().parse(StoredGzip.make(Self.page), format: .man, sourceName: "foo.1.gz")
        #expect(result.documents[0].title == "foo(1)")
        #expect(result.documents[0].text == "NAME\n\nfoo - does things")
    }
}

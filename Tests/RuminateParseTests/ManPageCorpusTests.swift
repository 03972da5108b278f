import Foundation
import RuminateCore
import Testing

@testable import RuminateParse

/// Real manual pages: the Chinese pages of `corpora/zh-manpages` (checked against the groff renderings
/// stored beside them) and the English pages in Fixtures/man.
@Suite struct ManPageCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora/zh-manpages")

    static var chinesePages: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("roff").path)) ?? []
        return names.filter { $0.hasSuffix(".gz") }.sorted()
    }

    static func corpusBytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus.appendingPathComponent(relativePath)))
    }

    /// Detects and parses like the ingest stage does: format from the path and the first 4 KB, then the registry.
    static func read(_ bytes: [UInt8], path: String) throws -> (DocumentFormat?, ParseResult) {
        let format = FormatDetector.detect(path: path, head: Array(bytes.prefix(4096)))
        return (format, try ParserRegistry().parse(bytes, format: format ?? .man, sourceName: path))
    }

    static func headings(_ document: ExtractedDocument) -> [String] {
        document.blocks.filter { $0.headingLevel != nil }.map { document.text.slice($0.span) }
    }

    /// Ideographs only: what must survive parsing exactly as groff printed it.
    static func ideographs(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func theCorpusIsThere() {
        #expect(Self.chinesePages.count == 20, "corpus at \(Self.corpus.path)")
    }

    /// Every page: detected as man, read as UTF-8 Chinese, headed by its NAME section, and its Chinese text
    /// equal to a contiguous part of groff's rendering (which adds only the page header and footer);
    /// backslash sequences appear no more often than groff printed them (no escape is left raw).
    @Test(arguments: chinesePages)
    func everyChinesePageReadsLikeGroffRendersIt(file: String) throws {
        let bytes = try Self.corpusBytes("roff/\(file)")
        let (format, result) = try Self.read(bytes, path: "zh_CN/man1/\(file)")
        #expect(format == .man)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        let name = String(file.dropLast(".1.gz".count))
        #expect(document.title == "\(name)(1)")
        #expect(!document.text.isEmpty && !document.text.contains("\u{FFFD}"))
        #expect(document.metadata["charset"] == nil)
        #expect(
            ["名称", "名字", "NAME"].contains(Self.headings(document).first ?? ""), "\(Self.headings(document).prefix(3))")

        let rendered = String(decoding: try Self.corpusBytes("\(name).1.txt"), as: UTF8.self)
        let ours = Self.ideographs(document.text), groffs = Self.ideographs(rendered)
        #expect(ours.count >= 100 && groffs.count - ours.count <= 8, "\(ours.count) vs \(groffs.count)")
        #expect(String(scalars: groffs).contains(String(scalars: ours)), "the Chinese text differs from groff's")
        for escape in [#"\f"#, #"\("#, #"\*"#, #"\["#, #"\s"#, #"\-"#, #"\e"#, #"\&"#, #"\|"#] {
            let count = Self.occurrences(of: escape, in: document.text)
            #expect(count <= Self.occurrences(of: escape, in: rendered), "\(escape) left raw \(count) times")
        }
    }

    @Test func theChineseLsPageHasItsSectionsAndOptions() throws {
        let (_, result) = try Self.read(try Self.corpusBytes("roff/ls.1.gz"), path: "ls.1.gz")
        let document = try #require(result.documents.first)
        #expect(Self.headings(document).prefix(3) == ["名称", "概述", "描述"])
        #expect(document.blockTexts[1] == "ls - 列出目录内容")
        #expect(document.outline.contains(Outline(.listItem, "-a, --all 不要忽略以点号（“.”）起始的条目")))
        #expect(document.metadata["manual"] == "用户命令")
    }

    @Test func olderTranslationsKeepBilingualHeadingsAndWholeWords() throws {
        let (_, result) = try Self.read(try Self.corpusBytes("roff/grep.1.gz"), path: "grep.1.gz")
        let document = try #require(result.documents.first)
        #expect(Self.headings(document).starts(with: ["NAME", "总览 SYNOPSIS", "描述 DESCRIPTION", "选项 OPTIONS"]))
        // A source line breaks inside a Chinese word; the parser joins it without a space.
        #expect(document.text.contains("“basic” 和 “extended”"))
        #expect(document.text.contains("将像其他 GNU 程序一样来运作"))
    }

    // MARK: - English fixtures

    @Test func aGzippedHelp2manPage() throws {
        let bytes = try Fixture.bytes("man/ls.1.gz")
        let (format, result) = try Self.read(bytes, path: "/usr/share/man/man1/ls.1.gz")
        #expect(format == .man)
        // The same bytes without a telling name are recognised by their content.
        #expect(FormatDetector.detect(path: "download", head: Array(bytes.prefix(4096))) == .man)
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        #expect(document.title == "ls(1)")
        #expect(Self.headings(document).starts(with: ["NAME", "SYNOPSIS", "DESCRIPTION"]))
        #expect(
            document.blockTexts.starts(with: [
                "NAME", "ls - list directory contents", "SYNOPSIS", "ls [OPTION]... [FILE]...",
            ]))
        #expect(document.outline.contains(Outline(.listItem, "-a, --all do not ignore entries starting with .")))
        #expect(document.outline.contains(Outline(.listItem, "-l use a long listing format")))
        #expect(document.metadata["source"] == "GNU coreutils 9.1")
    }

    @Test func aDocBookPage() throws {
        let (_, result) = try Self.read(try Fixture.bytes("man/git-grep.1.gz"), path: "git-grep.1.gz")
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        #expect(document.title == "git-grep(1)")
        #expect(document.blockTexts[1] == "git-grep - Print lines matching a pattern")
        let synopsis = try #require(document.blocks.first(where: { $0.kind == .code }))
        #expect(document.text.slice(synopsis.span).hasPrefix("git grep [-a | --text] [-I] [--textconv]"))
        #expect(document.text.slice(synopsis.span).contains("\n           [-v | --invert-match]"))
        #expect(document.blockTexts.contains("git grep 'time_t' -- '*.[ch]'"))
    }

    @Test func aPod2manPage() throws {
        let (_, result) = try Self.read(try Fixture.bytes("man/pod2man.1.gz"), path: "pod2man.1.gz")
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        #expect(document.title == "pod2man(1)")
        #expect(document.metadata["manual"] == "Perl Programmers Reference Guide")
        #expect(document.blockTexts.contains("L<foo|http://example.com/>"))
        // pod2man's \*(-- dash goes through its .tr mapping, as in nroff; no preamble text leaks.
        #expect(document.text.contains("makes long dashes--like this--into proper em dashes"))
        #expect(!document.text.contains("\u{03A9}") && !document.text.contains("Vertical space"))
        #expect(document.text.hasPrefix("NAME\n\npod2man - Convert POD data to formatted *roff input"))
    }

    @Test func anMdocPage() throws {
        let (_, result) = try Self.read(try Fixture.bytes("man/scp.1.gz"), path: "scp.1.gz")
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        #expect(document.title == "scp(1)")
        #expect(document.blockTexts.starts(with: ["NAME", "scp - OpenSSH secure file copy", "SYNOPSIS"]))
        #expect(document.blockTexts[3].hasPrefix("scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path]"))
        #expect(
            document.text.contains(
                "in the form [user@]host:[path], or a URI in the form scp://[user@]host[:port][/path]."))
        #expect(document.text.contains("file names containing ‘:’ as host specifiers"))
    }

    @Test func anUncompressedPageWithATable() throws {
        let (format, result) = try Self.read(try Fixture.bytes("man/slabtop.1"), path: "man1/slabtop.1")
        #expect(format == .man)
        let document = try #require(result.documents.first)
        expectBlockInvariants(document)
        #expect(document.outline.contains(Outline(.tableRow, "a | number of active objects | ACTIVE")))
        #expect(document.outline.filter { $0.kind == .tableRow }.count == 11)
    }

    @Test func aPageInALegacyChineseEncodingIsConverted() throws {
        let (format, result) = try Self.read(try Fixture.bytes("man/mkdir.zh_CN.gb18030.1"), path: "mkdir.1")
        #expect(format == .man)
        let (_, original) = try Self.read(try Self.corpusBytes("roff/mkdir.1.gz"), path: "mkdir.1.gz")
        let converted = try #require(result.documents.first)
        #expect(converted.text == original.documents.first?.text)
        #expect(converted.metadata["charset"] == "GB18030")
    }
}

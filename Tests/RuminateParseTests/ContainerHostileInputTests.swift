import Foundation
import RuminateCore
import Testing

@testable import RuminateParse

/// Zip containers built to hurt a reader: bombs (honest and lying sizes, overlapping entries), too many
/// entries, zip-slip names and references, truncation, corruption, XXE, nested archives. Each must end
/// with text or a clear `RuminateError`, never a crash, a file read outside the archive, or a full inflate.
/// The deflated ones come from `Fixtures/containers/hostile/make_hostile.py`.
@Suite struct ContainerHostileInputTests {
    func parse(_ bytes: [UInt8], as format: DocumentFormat, limits: ParseLimits = .init()) throws(RuminateError)
        -> ParseResult
    {
        try ParserRegistry(limits: limits).parse(bytes, format: format, sourceName: "hostile.\(format.rawValue)")
    }

    func hostile(_ name: String) throws -> [UInt8] { try Fixture.bytes("containers/hostile/\(name)") }

    // MARK: - Bombs and bounds

    @Test func zipBombIsRefusedFromItsDeclaredSizeWithoutInflating() throws {
        let bytes = try hostile("bomb.docx")
        #expect(FormatDetector.detect(path: "bomb.docx", head: Array(bytes.prefix(4096))) == .docx)
        let error = try #require(throws: RuminateError.self) {
            try parse(bytes, as: .docx, limits: ParseLimits(maxBytes: 1 << 20))
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("word/document.xml declares 33554432 bytes"))
        #expect(error.message.contains("not inflated"))
    }

    @Test func zipBombWithALyingSizeStopsOneBytePastTheDeclaredSize() throws {
        // The headers say 1,000 bytes; the data inflates to 32 MiB. Inflating stops at 1,001.
        for limits in [ParseLimits(), ParseLimits(maxBytes: 1 << 20)] {
            let error = try #require(throws: RuminateError.self) {
                try parse(try hostile("bomb-lying-size.docx"), as: .docx, limits: limits)
            }
            #expect(error.code == .hostileInput)
            #expect(error.message.contains("inflates past the 1000 bytes its header declares"))
        }
    }

    @Test func overlappingEntriesCannotInflatePastTheTotalLimit() throws {
        // One 300 KB chapter, listed under ten names: each read fits, together they pass 1 MiB.
        let chapter = TestZip.xhtml("<p>" + String(repeating: "lichen ", count: 300_000 / 7) + "</p>")
        let aliases = (1...10).map { (alias: "OEBPS/c\($0).xhtml", target: "OEBPS/c0.xhtml") }
        let manifest = (1...10).map {
            "<item id=\"c\($0)\" href=\"c\($0).xhtml\" media-type=\"application/xhtml+xml\"/>"
        }.joined()
        let spine = (1...10).map { "<itemref idref=\"c\($0)\"/>" }.joined()
        let bytes = TestZip.epub(
            opf: "<manifest>\(manifest)</manifest><spine>\(spine)</spine>",
            files: [TestZip.Member("OEBPS/c0.xhtml", chapter)],
            aliases: aliases)
        #expect(bytes.count < 1 << 20)
        let error = try #require(throws: RuminateError.self) {
            try parse(bytes, as: .epub, limits: ParseLimits(maxBytes: 1 << 20))
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("already read"))
    }

    @Test func tooManyEntriesAreRefused() throws {
        let members =
            [TestZip.Member("mimetype", "application/vnd.oasis.opendocument.text")]
            + (0..<60).map { TestZip.Member("Pictures/\($0).png", "x") }
        let error = try #require(throws: RuminateError.self) {
            try parse(TestZip.make(members), as: .odt, limits: ParseLimits(maxArchiveEntries: 50))
        }
        #expect(error.code == .hostileInput)
        #expect(error.message.contains("61 entries"))
    }

    // MARK: - Names and references that try to leave the archive

    @Test func zipSlipNamesAndReferencesStayInsideTheArchive() throws {
        let bytes = try hostile("zip-slip.epub")
        let archive = try ZipArchive(bytes, sourceName: "zip-slip.epub", limits: ParseLimits())
        #expect(archive.entries.map(\.name) == ["mimetype", "META-INF/container.xml", "content.opf", "chapter.xhtml"])

        let result = try parse(bytes, as: .epub)
        let document = try #require(result.documents.first)
        #expect(document.outline == [Outline(.paragraph, "The only chapter inside the archive.")])
        for leaked in ["ESCAPED-ENTRY-TEXT", "ABSOLUTE-ENTRY-TEXT", "CLIMBING-ENTRY-TEXT", "root:"] {
            #expect(!document.text.contains(leaked))
        }
        if let passwd = try? String(contentsOfFile: "/etc/passwd", encoding: .utf8),
            let firstLine = passwd.split(separator: "\n").first
        {
            #expect(!document.text.contains(firstLine))
        }
        let ignoredNames = result.warnings.filter {
            $0.contains("ignored: parent-folder") || $0.contains("ignored: absolute path")
        }
        #expect(ignoredNames.count == 3)
        let outside = result.warnings.filter { $0.contains("points outside the archive") }
        #expect(outside.count == 5, "\(result.warnings)")
    }

    @Test func aPackagePathOutsideTheArchiveIsRefused() throws {
        let bytes = TestZip.make([
            TestZip.Member("mimetype", "application/epub+zip"),
            TestZip.Member(
                "META-INF/container.xml",
                "<container><rootfiles><rootfile full-path=\"../../etc/passwd\"/></rootfiles></container>"),
        ])
        let error = try #require(throws: RuminateError.self) { try parse(bytes, as: .epub) }
        #expect(error.code == .hostileInput)
        #expect(error.message.contains("outside the archive"))
    }

    // MARK: - Truncated and corrupt archives

    @Test(arguments: ["field-guide.docx", "field-guide.odt", "field-guide.epub"])
    func truncatedArchivesAreMalformedAtEveryCut(name: String) throws {
        let bytes = try Fixture.bytes("containers/\(name)")
        let format = try #require(FormatDetector.formatFromExtension(name))
        for cut in stride(from: 0, to: bytes.count, by: 211) where cut > 0 {
            let error = #expect(throws: RuminateError.self) { try parse(Array(bytes.prefix(cut)), as: format) }
            #expect(error?.code == .malformedInput, "cut at \(cut)")
        }
        // The end record kept, the middle gone: the directory points past the data.
        let holed = Array(bytes.prefix(100)) + Array(bytes.suffix(22))
        let error = try #require(throws: RuminateError.self) { try parse(holed, as: format) }
        #expect(error.code == .malformedInput)
    }

    @Test func flippedBytesNeverCrashAndAreCaughtByTheChecks() throws {
        let bytes = try Fixture.bytes("containers/field-guide.docx")
        var refused = 0
        for position in stride(from: 0, to: bytes.count, by: 37) {
            var damaged = bytes
            damaged[position] ^= 0x5A
            do throws(RuminateError) {
                _ = try parse(damaged, as: .docx)
            } catch {
                #expect(
                    [.malformedInput, .unsupportedFormat, .tooLarge, .hostileInput].contains(error.code), "\(error)")
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test func crcMismatchIsMalformed() throws {
        let bytes = TestZip.make([
            TestZip.Member(
                "word/document.xml", "<w:document \(TestZip.wordNamespace)><w:body/></w:document>",
                recordedCRC: 0xDEAD_BEEF)
        ])
        let error = try #require(throws: RuminateError.self) { try parse(bytes, as: .docx) }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("CRC-32"))
    }

    @Test func encryptedEntriesAndUnknownMethodsAreUnsupported() throws {
        let body = "<w:document \(TestZip.wordNamespace)><w:body/></w:document>"
        var encrypted = TestZip.Member("word/document.xml", body)
        encrypted.flags |= 1
        var bzip2 = TestZip.Member("word/document.xml", body)
        bzip2.recordedMethod = 12
        for member in [encrypted, bzip2] {
            let error = try #require(throws: RuminateError.self) { try parse(TestZip.make([member]), as: .docx) }
            #expect(error.code == .unsupportedFormat)
        }
    }

    @Test func drmEncryptedChaptersAreRefusedButObfuscatedFontsAreFine() throws {
        let opf =
            "<manifest><item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"c\"/></spine>"
        func encryption(_ algorithm: String, _ uri: String) -> TestZip.Member {
            TestZip.Member(
                "META-INF/encryption.xml",
                """
                <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">\
                <enc:EncryptedData><enc:EncryptionMethod Algorithm="\(algorithm)"/><enc:CipherData>\
                <enc:CipherReference URI="\(uri)"/></enc:CipherData></enc:EncryptedData></encryption>
                """)
        }
        let chapter = TestZip.Member("OEBPS/c.xhtml", bytes: (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let drm = TestZip.epub(
            opf: opf, files: [encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "OEBPS/c.xhtml"), chapter])
        let error = try #require(throws: RuminateError.self) { try parse(drm, as: .epub) }
        #expect(error.code == .unsupportedFormat)
        #expect(error.message.contains("DRM"))

        let fonts = TestZip.epub(
            opf: opf,
            files: [
                encryption("http://www.idpf.org/2008/embedding", "OEBPS/font.otf"),
                TestZip.Member("OEBPS/c.xhtml", TestZip.xhtml("<p>Readable.</p>")),
            ])
        #expect(try parse(fonts, as: .epub).documents.first?.text == "Readable.")
    }

    @Test(arguments: [DocumentFormat.epub, .docx, .odt])
    func notAZipIsMalformed(format: DocumentFormat) throws {
        let error = try #require(throws: RuminateError.self) {
            try parse(Array("PK but not really a zip".utf8), as: format)
        }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("not a zip archive"))
    }

    // MARK: - XML attacks inside the parts

    @Test func externalEntitiesInEveryPartAreNeverLoaded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "XXE-SECRET-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("secret.txt")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let prologue = """
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "\(secretFile.absoluteString)"><!ENTITY plain SYSTEM "\(secretFile.path)">]>
            """
        // A parameter entity would pull the file into the DTD itself.
        let parameterPrologue = """
            <!DOCTYPE r [<!ENTITY % remote SYSTEM "\(secretFile.absoluteString)"> %remote;<!ENTITY xxe "inline">]>
            """

        let docx = TestZip.docx(
            body: "<w:p><w:r><w:t>before &xxe;&plain; after</w:t></w:r></w:p>", core: "<dc:title>&xxe;</dc:title>",
            documentPrologue: prologue)
        let odt = TestZip.make([
            TestZip.Member("mimetype", "application/vnd.oasis.opendocument.text"),
            TestZip.Member(
                "content.xml",
                """
                <?xml version="1.0"?>\(parameterPrologue)<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
                xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>\
                <text:p>before &xxe; after</text:p></office:text></office:body></office:document-content>
                """),
        ])
        let epub = TestZip.epub(
            opf: """
                <metadata><dc:title>Book &xxe;</dc:title></metadata><manifest>\
                <item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine>
                """,
            prologue: prologue,
            files: [TestZip.Member("OEBPS/c.xhtml", TestZip.xhtml("<p>before &xxe; after</p>", prologue: prologue))])

        for (bytes, format) in [(docx, DocumentFormat.docx), (odt, .odt), (epub, .epub)] {
            let result = try parse(bytes, as: format)
            let document = try #require(result.documents.first)
            #expect(document.text.contains("before"), "\(format)")
            let everything = [document.text, document.title ?? ""] + Array(document.metadata.values) + result.warnings
            #expect(!everything.contains { $0.contains(secret) }, "\(format) leaked the secret")
        }
    }

    @Test func entityBombInsideDocumentXMLIsHostile() throws {
        var prologue = "<!DOCTYPE w:document [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            prologue += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        prologue += "]>"
        let bytes = TestZip.docx(body: "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", documentPrologue: prologue)
        let error = try #require(throws: RuminateError.self) { try parse(bytes, as: .docx) }
        #expect(error.code == .hostileInput)
    }

    // MARK: - Nested archives

    @Test func nestedArchivesInAnEPUBSpineAreSkipped() throws {
        let result = try parse(try hostile("nested.epub"), as: .epub)
        let document = try #require(result.documents.first)
        #expect(document.text == "The outer book's own chapter.")
        #expect(result.warnings.contains { $0.contains("disguised.xhtml is itself a zip archive") })
        #expect(result.warnings.contains { $0.contains("inner.epub") && $0.contains("not XHTML") })
    }

    @Test func embeddedDocumentsInADOCXAreNeverRead() throws {
        let document = try #require(try parse(try hostile("nested.docx"), as: .docx).documents.first)
        #expect(document.text == "The outer document's own text.")
    }

    @Test func aMainPartThatIsItselfAZipIsRefused() throws {
        let inner = TestZip.docx(body: "<w:p><w:r><w:t>NESTED</w:t></w:r></w:p>")
        let bytes = TestZip.make([TestZip.Member("word/document.xml", bytes: inner)])
        let error = try #require(throws: RuminateError.self) { try parse(bytes, as: .docx) }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("nested archives are not read"))
    }
}

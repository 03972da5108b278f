import Foundation
import RuminateCore
import Testing

@testable import RuminateParse

/// PDFs made by groff (see Fixtures/pdf/README.md), read by the real `pdftotext` (poppler-utils).
@Suite struct PDFParserTests {
    static var hasPdftotext: Bool { BoundedProcess.locate("pdftotext") != nil }

    func parse(_ name: String, limits: ParseLimits = .init()) throws -> (
        document: ExtractedDocument, warnings: [String]
    ) {
        try #require(Self.hasPdftotext, "install poppler-utils (apt-get install poppler-utils)")
        let result = try Fixture.parse("pdf/\(name)", as: .pdf, limits: limits)
        try #require(result.documents.count == 1)
        return (result.documents[0], result.warnings)
    }

    /// (page, text) of every block.
    func pagedBlocks(_ document: ExtractedDocument) -> [(page: Int?, text: String)] {
        document.blocks.map { ($0.page, document.text.slice($0.span)) }
    }

    @Test func everyBlockKnowsItsPageAndPageNumbersAreDropped() throws {
        let (document, warnings) = try parse("field-notes.pdf")
        #expect(warnings.isEmpty)
        expectBlockInvariants(document)
        #expect(document.title == "Field Notes on Rivers and Glaciers")
        #expect(document.metadata["author"] == "Ruminate Test Fixtures")
        #expect(document.metadata["pages"] == "3")
        let blocks = pagedBlocks(document)
        #expect(blocks.map(\.page) == [1, 1, 1, 2, 2, 3])
        #expect(
            blocks.map(\.text) == [
                "Field Notes",
                "The first page describes meandering rivers. A meandering river erodes the outer bank of each bend and deposits sediment on the inner bank, so the channel slowly migrates across its floodplain. Oxbow lakes form when a meander loop is cut off during a flood and the old channel is abandoned.",
                "Levees are natural embankments built by repeated overbank flooding. Each flood drops its coarsest sediment closest to the channel, so the banks grow higher than the surrounding floodplain and the river may end up flowing above the level of the fields beside it.",
                "The second page turns to glaciers. A valley glacier carves a characteristic U-shaped profile, plucking boulders from its bed and grinding them into rock flour that turns meltwater lakes turquoise. Hanging valleys and waterfalls remain where smaller tributary glaciers once joined it.",
                "Moraines record the farthest advance of the ice. Terminal moraines mark the position of the snout, lateral moraines follow the flanks, and medial moraines form where two glaciers merge and their lateral moraines combine into one dark stripe running down the middle.",
                "The third page is about estuaries, where fresh river water meets the salty tide. A wedge of dense seawater creeps upstream beneath the outflowing current, and the mixing zone traps fine mud, which builds broad tidal flats that wading birds search for worms at every low tide.",
            ])
        #expect(!document.text.contains("-2-") && !document.text.contains("-3-"))
    }

    @Test func wordsHyphenatedAtLineEndsAreWhole() throws {
        let (document, _) = try parse("field-notes.pdf")
        // groff broke these words across lines (see the fixture README).
        for word in ["meandering", "deposits", "channel", "sediment", "boulders", "waterfalls", "combine"] {
            #expect(document.text.contains(word), "\(word)")
        }
        #expect(!document.text.contains("- "))
        #expect(document.text.contains("U-shaped"))
    }

    @Test func columnsAreReadOneAfterTheOther() throws {
        let (document, _) = try parse("two-columns.pdf")
        expectBlockInvariants(document)
        #expect(document.title == "Notes in Two Columns", "no Title in the document information: the first line")
        #expect(document.outline.first == Outline(.heading(level: 1), "Notes in Two Columns"))
        let blocks = pagedBlocks(document)
        func position(_ start: String) -> Int? { blocks.firstIndex { $0.text.hasPrefix(start) } }
        let order = ["Basalt", "Granite", "Conglomerate", "Shale", "Rock salt", "Tides", "Trade winds"].map(position)
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(
            blocks.filter { $0.page == 2 }.map(\.text) == [
                "Tides rise and fall twice a day along the coast of the ocean. The moon pulls the water toward it.",
                "Trade winds blow steadily from the east across the tropics. Sailing ships followed them west.",
            ])
        // The second page is written row by row: following the file's order (-raw) would interleave the columns.
        let raw = try BoundedProcess(
            executable: "pdftotext", arguments: ["-raw", "-f", "2", "-l", "2", "-", "-"], timeoutSeconds: 600,
            maxOutputBytes: 1 << 20
        ).run(input: try Fixture.bytes("pdf/two-columns.pdf"))
        #expect(String(decoding: raw.stdout, as: UTF8.self).contains("Tides rise and fall twice a day Trade winds"))
    }

    @Test func aPageWithoutTextGivesAnEmptyDocumentAndAWarning() throws {
        let (document, warnings) = try parse("no-text.pdf")
        #expect(document.text.isEmpty && document.blocks.isEmpty)
        #expect(document.title == nil)
        #expect(warnings.contains { $0.contains("no text layer") })
    }

    @Test(arguments: ["truncated.pdf", "malformed.pdf"])
    func brokenFilesAreMalformedInputWithPdftotextsMessage(_ name: String) throws {
        try #require(Self.hasPdftotext)
        let error = #expect(throws: RuminateError.self) { try Fixture.parse("pdf/\(name)", as: .pdf) }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("Syntax Error") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(name) == true)
    }

    @Test func aMissingExtractorIsAClearPerFileError() throws {
        let parser = PDFParser(pdftotext: "/nonexistent/poppler/pdftotext")
        let error = #expect(throws: RuminateError.self) {
            try parser.parse(try Fixture.bytes("pdf/field-notes.pdf"), sourceName: "a.pdf")
        }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.hint == "install poppler-utils (apt-get install poppler-utils)")
    }

    @Test func pdfIsDetectedByExtensionAndByHeader() throws {
        let bytes = try Fixture.bytes("pdf/field-notes.pdf")
        #expect(FormatDetector.detect(path: "/docs/report.pdf", head: Array(bytes.prefix(4096))) == .pdf)
        #expect(FormatDetector.detect(path: "/docs/report.PDF", head: Array(bytes.prefix(4096))) == .pdf)
        #expect(FormatDetector.detect(path: "/docs/report", head: Array(bytes.prefix(4096))) == .pdf)
        #expect(FormatDetector.detect(path: "/docs/notes.txt", head: Array("Notes on %PDF-1.4 headers".utf8)) == .text)
        #expect(PDFParser.startsLikePDF(Array("%PDF-1.7\n".utf8)))
        #expect(!PDFParser.startsLikePDF(Array("%PS-Adobe-3.0\n".utf8)))
    }

    @Test func parsersOnManyThreadsAgree() throws {
        try #require(Self.hasPdftotext)
        let bytes = try Fixture.bytes("pdf/two-columns.pdf")
        let expected = try PDFParser().parse(bytes, sourceName: "two-columns.pdf").documents
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            results.add(Result { try PDFParser().parse(bytes, sourceName: "two-columns.pdf").documents })
        }
        #expect(results.all.count == 6)
        for result in results.all { #expect(try result.get() == expected) }
    }

    final class Results: @unchecked Sendable {  // `lock` guards `all`
        private let lock = NSLock()
        private(set) var all: [Result<[ExtractedDocument], any Error>] = []
        func add(_ result: Result<[ExtractedDocument], any Error>) {
            lock.lock()
            all.append(result)
            lock.unlock()
        }
    }
}

/// The extractor's process bounds, tested with real processes standing in for a pdftotext that misbehaves.
@Suite struct PDFExtractorBoundsTests {
    /// An executable shell script in a fresh folder (removed by the caller).
    func script(_ body: String) throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("fake-pdftotext").path
        // Written through a close-on-exec descriptor: a plain one would be inherited by the programs the
        // other tests here start meanwhile (one lingers 0.5 s), and the script could not run (ETXTBSY).
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(descriptor >= 0)
        let bytes = Array("#!/bin/sh\n\(body)\n".utf8)
        let written = write(descriptor, bytes, bytes.count)
        close(descriptor)
        try #require(written == bytes.count)
        return (folder, path)
    }

    /// Gone, or a zombie waiting for its new parent to reap it.
    func isDead(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    @Test(arguments: [
        "sleep 600 &\necho $! > \"$(dirname \"$0\")/stalled.pid\"\nwait",  // never reads stdin, never writes
        // closes all three, lingers
        "exec <&- >&- 2>&-\nsleep 600 &\necho $! > \"$(dirname \"$0\")/stalled.pid\"\nwait",
    ])
    func aStalledExtractorIsKilledWithEverythingItStarted(_ body: String) throws {
        let (folder, path) = try script(body)
        defer { try? FileManager.default.removeItem(at: folder) }
        let parser = PDFParser(limits: ParseLimits(pdfTimeoutSeconds: 0.5), pdftotext: path)
        // more than a socket buffer holds
        let input = [UInt8]("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 1 << 20)
        let error = #expect(throws: RuminateError.self) { try parser.parse(input, sourceName: "stall.pdf") }
        #expect(error?.code == .hostileInput)
        #expect(error?.message == "stall.pdf: pdftotext did not finish within 0.5 s and was stopped")
        let pidText = try String(contentsOfFile: folder.appendingPathComponent("stalled.pid").path, encoding: .utf8)
        let grandchild = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        var attempts = 0
        while !isDead(grandchild) && attempts < 3000 {  // the kill is immediate; this only waits for the scheduler
            usleep(10_000)
            attempts += 1
        }
        #expect(isDead(grandchild), "the process group was killed, not just the extractor")
    }

    @Test func endlessOutputStopsAtTheByteLimitKeepingWholePages() throws {
        let (folder, path) = try script(
            """
            printf '<!DOCTYPE html><html>\\n<head>\\n<title>Endless</title>\\n</head>\\n<body>\\n<pre>\\n'
            while :; do printf 'A line of page text.\\n\\f'; done
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let parser = PDFParser(limits: ParseLimits(maxBytes: 64 << 10), pdftotext: path)
        let result = try parser.parse(Array("%PDF-1.4\n".utf8), sourceName: "endless.pdf")
        let document = try #require(result.documents.first)
        let pages = try #require(Int(document.metadata["pages"] ?? ""))
        #expect(pages > 1000 && pages < (64 << 10) / 21)
        #expect(document.blocks.count == pages)
        #expect(document.blocks.last?.page == pages)
        #expect(document.title == "Endless")
        #expect(result.warnings == ["endless.pdf: its text passes 65536 bytes; kept the first \(pages) pages"])
    }

    @Test func aFailingExtractorReportsTheFirstLineOfItsErrors() throws {
        let (folder, path) = try script(
            "cat > /dev/null\necho 'Syntax Error: broken xref' >&2\necho 'second line' >&2\nexit 1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: RuminateError.self) {
            try PDFParser(pdftotext: path).parse(Array("%PDF-1.4\n".utf8), sourceName: "bad.pdf")
        }
        #expect(error?.code == .malformedInput)
        #expect(error?.message == "bad.pdf: pdftotext failed (exit 1): Syntax Error: broken xref")
    }

    /// A program file still open for writing cannot be executed (ETXTBSY); a writer's descriptor copied
    /// into a child another thread forks lingers for moments, so the spawn is retried briefly.
    @Test func aProgramBrieflyOpenForWritingStillRuns() throws {
        let (folder, path) = try script("cat > /dev/null\necho 'Syntax Error: broken xref' >&2\nexit 1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = open(path, O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        // A thread of its own: Dispatch timers fire late (0.3 s seen) while the other tests here load the pool.
        Thread.detachNewThread {
            usleep(30_000); close(writer)
        }
        let error = #expect(throws: RuminateError.self) {
            try PDFParser(pdftotext: path).parse(Array("%PDF-1.4\n".utf8), sourceName: "busy.pdf")
        }
        #expect(error?.code == .malformedInput, "it ran once the writer closed: \(error?.message ?? "")")
    }
}

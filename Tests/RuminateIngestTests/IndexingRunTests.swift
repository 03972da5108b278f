import Foundation
import RuminateChunk
import RuminateCore
import RuminateIndex
import RuminateRetrieve
import Testing

@testable import RuminateIngest

@Suite struct IndexingRunTests {
    @Test func indexesEveryFormatAndKeepsOffsetsExact() throws {
        let w = try Workspace()
        try w.write("notes.txt", "Plain notes\n\nThe vacuum command rebuilds the database.")
        try w.write(
            "guide.md",
            "# Guide\n\n## Install\n\nRun `make install` to install it.\n\n## Use\n\nSearch with *ruminate*.")
        try w.write(
            "page.html",
            "<html><head><title>WAL</title><script>var x=1</script></head><body><nav>menu</nav><h1>WAL</h1><p>Readers do not block writers.</p></body></html>"
        )
        try w.write(
            "data.xml",
            "<?xml version=\"1.0\"?><article><title>XML doc</title><para>Entities stay unexpanded.</para></article>")
        try w.write(
            "beir.jsonl",
            "{\"_id\": \"d1\", \"title\": \"Cells\", \"text\": \"Cells divide.\"}\n{\"_id\": \"d2\", \"title\": \"Genes\", \"text\": \"Genes encode proteins.\"}\n"
        )
        let report = try w.run()
        #expect(report.added == 5)
        #expect(report.failed == 0)
        #expect(report.documentsAdded == 6)
        let status = try w.index.status()
        #expect(status.formats == ["text": 1, "markdown": 1, "html": 1, "xml": 1, "jsonl": 2])
        try w.index.read { session throws in
            for source in try session.sources() {
                for key in try session.storedMemberHashes(path: source.path).keys {
                    let document = try #require(try session.findDocument(key))
                    let text = try #require(try session.documentText(id: document.id))
                    for passage in try session.passages(ofDocument: document.id) {
                        #expect(text.slice(passage.span) == passage.text)
                    }
                }
            }
        }
        let hits = try Searcher(index: w.index).search("install").hits
        #expect(hits.first?.passage.headingPath == ["Guide", "Install"])
        #expect(try Searcher(index: w.index).search("menu var").hits.isEmpty)  // nav and script dropped
        #expect(try w.index.verifyIntegrity().isEmpty)
    }

    @Test func secondRunChangesNothing() throws {
        let w = try Workspace()
        try w.write("a.txt", "alpha text")
        try w.write("b.txt", "beta text")
        try w.run()
        let again = try w.run()
        #expect(again.unchanged == 2)
        #expect(again.added == 0 && again.updated == 0 && again.deleted == 0)
        #expect(again.documentsAdded == 0)
    }

    /// New chunking settings or a newer extraction redo every file, unchanged ones too, and say so; the
    /// settings are recorded once every file is written, so an interrupted redo is redone in full.
    @Test func otherChunkingOrAnOlderExtractionRedoesEveryFile() throws {
        let w = try Workspace()
        let words = (1...400).map { "word\($0)" }.joined(separator: " ")
        try w.write("long.txt", words + ".")
        try w.write("page.html", "<html><body><p><b>Maximum Columns</b></p><p>The default is 2000.</p></body></html>")
        try w.run()
        let passages = try w.index.status().passages
        let rechunked = try w.run { $0.chunking = ChunkingOptions(maxTokens: 100, minTokens: 20, overlapTokens: 10) }
        #expect(rechunked.updated == 2 && rechunked.unchanged == 0)
        #expect(rechunked.warnings.contains { $0.code == "reextracted" })
        #expect(try w.index.status().passages > passages)
        #expect(try w.index.status().chunking?.hasPrefix("max=100 min=20 overlap=10 extraction=") == true)
        #expect(try w.index.verifyIntegrity().isEmpty)
        // The replaced passages' postings are purged, not left to inflate document frequencies.
        #expect(try w.index.read { try $0.deletedPassages() }.isEmpty)
        let settled = try w.run { $0.chunking = ChunkingOptions(maxTokens: 100, minTokens: 20, overlapTokens: 10) }
        #expect(settled.unchanged == 2 && settled.warnings.isEmpty)

        // An index written by the previous extraction (its descriptor without `extraction=`) is re-extracted:
        // the bold-only paragraph becomes the heading of the passage after it.
        try w.index.write { try $0.recordChunking("max=320 min=40 overlap=40") }
        let upgraded = try w.run()
        #expect(upgraded.updated == 2)
        let hit = try #require(try Searcher(index: w.index).search("default 2000").hits.first)
        #expect(hit.passage.headingPath == ["Maximum Columns"])
    }

    @Test func changedFileIsReindexedAndDeletedFileRemoved() throws {
        let w = try Workspace()
        try w.write("a.txt", "alpha text")
        try w.write("b.txt", "beta text")
        try w.run()
        try w.write("a.txt", "gamma replaced everything", modified: Date().addingTimeInterval(10))
        try FileManager.default.removeItem(atPath: w.path("b.txt"))
        let report = try w.run()
        #expect(report.updated == 1)
        #expect(report.deleted == 1)
        let searcher = Searcher(index: w.index)
        #expect(try searcher.search("alpha").hits.isEmpty)
        #expect(try searcher.search("beta").hits.isEmpty)
        #expect(try searcher.search("gamma").hits.count == 1)
        #expect(try w.index.verifyIntegrity().isEmpty)
    }

    @Test func touchedButIdenticalFileIsNotReindexed() throws {
        let w = try Workspace()
        try w.write("a.txt", "alpha text")
        try w.run()
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: w.path("a.txt"))
        let report = try w.run()
        #expect(report.unchanged == 1)
        #expect(report.documentsAdded == 0)
        #expect(try w.run().unchanged == 1)
    }

    @Test func renameMovesTheDocumentWithoutReanalysis() throws {
        let w = try Workspace()
        try w.write("old/name.txt", "renamed content stays")
        try w.run()
        let before = try w.index.read { try $0.findDocument(w.path("old/name.txt")) }
        try FileManager.default.createDirectory(atPath: w.path("new"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: w.path("old/name.txt"), toPath: w.path("new/name.txt"))
        let report = try w.run()
        #expect(report.renamed == 1)
        #expect(report.deleted == 0)
        #expect(report.documentsAdded == 0)
        let after = try w.index.read { try $0.findDocument(w.path("new/name.txt")) }
        #expect(after?.id == before?.id)
        #expect(try Searcher(index: w.index).search("renamed").hits.first?.document.path == w.path("new/name.txt"))
    }

    @Test func exactDuplicatesAreRecordedNotIndexedTwice() throws {
        let w = try Workspace()
        try w.write("a.txt", "the same words")
        try w.write("copy-of-a.txt", "the same words")
        let report = try w.run()
        #expect(report.added == 1)
        #expect(report.duplicates == 1)
        #expect(try w.index.status().documents == 1)
        #expect(try w.index.status().duplicateSources == 1)
        // Deleting the original promotes the copy.
        try FileManager.default.removeItem(atPath: w.path("a.txt"))
        let second = try w.run()
        #expect(second.deleted == 1)
        #expect(second.added == 1)
        #expect(try Searcher(index: w.index).search("same words").hits.first?.document.path == w.path("copy-of-a.txt"))
    }

    @Test func badFileIsReportedAndTheRunContinues() throws {
        let w = try Workspace()
        try w.write("good.txt", "healthy content")
        try w.write("broken.xml", "<?xml version=\"1.0\"?><a><b></a>")
        try Data([0x00, 0xFF, 0x00, 0x13, 0x37, 0x00]).write(to: URL(fileURLWithPath: w.path("blob.bin")))
        let report = try w.run()
        #expect(report.added == 1)
        #expect(report.failed == 2)
        #expect(Set(report.problems.map(\.path)) == [w.path("broken.xml"), w.path("blob.bin")])
        #expect(report.problems.allSatisfy { !$0.message.isEmpty })
        #expect(try Searcher(index: w.index).search("healthy").hits.count == 1)
        #expect(try w.index.status().failedSources == 2)
    }

    @Test func previouslyIndexedFileThatBreaksKeepsItsDocuments() throws {
        let w = try Workspace()
        try w.write("doc.xml", "<?xml version=\"1.0\"?><a><p>precious words</p></a>")
        try w.run()
        try w.write("doc.xml", "<?xml version=\"1.0\"?><a><p>precious", modified: Date().addingTimeInterval(10))
        let report = try w.run()
        #expect(report.failed == 1)
        #expect(try Searcher(index: w.index).search("precious").hits.count == 1)
    }

    @Test func jsonlMembersAreUpdatedIndividually() throws {
        let w = try Workspace()
        let lines = (0..<50).map {
            "{\"_id\": \"m\($0)\", \"title\": \"Title \($0)\", \"text\": \"member number \($0) body\"}"
        }
        try w.write("c.jsonl", lines.joined(separator: "\n"))
        #expect(try w.run().documentsAdded == 50)
        var changed = lines
        changed[7] = "{\"_id\": \"m7\", \"title\": \"Title 7\", \"text\": \"a brand new zeppelin body\"}"
        changed.removeLast()
        try w.write("c.jsonl", changed.joined(separator: "\n"), modified: Date().addingTimeInterval(10))
        let report = try w.run()
        #expect(report.updated == 1)
        #expect(report.documentsAdded == 1)
        #expect(report.documentsRemoved == 2)
        #expect(report.documentsKept == 48)
        #expect(try w.index.status().documents == 49)
        #expect(try Searcher(index: w.index).search("zeppelin").hits.first?.document.memberID == "m7")
    }

    @Test func includeAndExcludeGlobsAndHiddenFiles() throws {
        let w = try Workspace()
        try w.write("docs/a.md", "# A\n\nmarkdown words")
        try w.write("docs/b.txt", "text words")
        try w.write("build/c.md", "# C\n\nbuild output")
        try w.write(".hidden/d.md", "# D\n\nsecret")
        let report = try w.run {
            $0.crawl.include = ["**/*.md"]; $0.crawl.exclude = ["build"]
        }
        #expect(report.added == 1)
        #expect(try w.documentKeys() == [w.path("docs/a.md")])
    }

    @Test func manyCommitsAndSegmentsMergeIntoFewer() throws {
        let w = try Workspace()
        for i in 0..<40 { try w.write("f\(i).txt", "file \(i) words shared") }
        let report = try w.run {
            $0.commitPassages = 3; $0.maxSegments = 4
        }
        #expect(report.documentsAdded == 40)
        let status = try w.index.status()
        #expect(status.lexiconSegments <= 4)
        #expect(try Searcher(index: w.index).search("shared", options: .init(limit: 100)).hits.count == 40)
        #expect(try w.index.verifyIntegrity().isEmpty)
    }
}

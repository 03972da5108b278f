import RuminateCore
import RuminateRetrieve
import RuminateText
import Testing

@testable import RuminateCompose

@Suite struct CandidateSentencesTests {
    @Test func sentenceOffsetsPointIntoTheStoredTextAfterEmojiAndCJK() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let hits = try SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical).retrieve(
            "readers writer WAL emoji ideographs", limit: 10)
        let extraction = CandidateSentences.extract(from: hits, analyzer: TextAnalyzer())
        #expect(!extraction.candidates.isEmpty)
        var checkedAfterEmoji = false
        for candidate in extraction.candidates {
            let hit = hits[candidate.hitIndex]
            let stored = try fixture.storedText(hit.document.key)
            #expect(stored.slice(candidate.span) == candidate.text)
            #expect(hit.passage.span.contains(candidate.span))
            // A sentence of wal.md after the emoji and Japanese text: scalar offsets, not UTF-16 or bytes.
            if candidate.text.hasPrefix("Readers continue") {
                let prefix = String(stored.unicodeScalars.prefix(candidate.span.start))
                #expect(prefix.contains("👍🏽") && prefix.contains("日本語"))
                #expect(candidate.span.start != prefix.utf16.count && candidate.span.start != prefix.utf8.count)
                checkedAfterEmoji = true
            }
        }
        #expect(checkedAfterEmoji)
    }

    @Test func keepsEachSentenceOnceAndRecordsContentTerms() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let hits = try SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical).retrieve(
            "checkpoint WAL database", limit: 10)
        let extraction = CandidateSentences.extract(from: hits, analyzer: TextAnalyzer())
        let keys = extraction.candidates.map { "\($0.documentID):\($0.span.start)" }
        #expect(Set(keys).count == keys.count)
        let checkpoint = try #require(extraction.candidates.first { $0.text.hasPrefix("A checkpoint moves") })
        #expect(checkpoint.termFrequencies["wal"] == 1)
        #expect(checkpoint.termFrequencies["checkpoint"] == 1)
        #expect(checkpoint.termFrequencies["the"] == nil)  // stopword
        #expect(checkpoint.wordCount == 10)
        #expect(extraction.passageTerms.count == hits.count)
        #expect(extraction.passageTerms[checkpoint.hitIndex].isSuperset(of: checkpoint.termFrequencies.keys))
    }

    /// A heading or the title printed as a line of the text is a label, never a quote; the heading path it
    /// names still tells the reader what the section's sentences are about.
    @Test func headingLinesAreNotCandidatesAndTheirTermsFollowTheSection() throws {
        let fixture = try FixtureIndex(files: [
            "shared.html": """
            <html><head><title>Shared-Cache Mode</title></head><body>
            <div class="nav">Home About Documentation</div>
            <div class="title">Shared-Cache Mode</div>
            <p>Table of contents:</p>
            <ul><li>1.1. Use of shared-cache is discouraged</li></ul>
            <p>Shared-cache mode lets connections share one cache of pages.</p>
            <h2>1.1. Use of shared-cache is discouraged</h2>
            <p>Shared-cache mode is an obsolete feature. Most use cases are better served by WAL mode.</p>
            </body></html>
            """
        ])
        let hits = try SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical).retrieve(
            "shared-cache mode discouraged", limit: 10)
        let extraction = CandidateSentences.extract(from: hits, analyzer: TextAnalyzer())
        let texts = extraction.candidates.map(\.text)
        // The lines are in the retrieved passages' text, so only the rule keeps them out.
        #expect(hits.contains { $0.passage.text.contains("\nShared-Cache Mode\n") })
        #expect(hits.contains { $0.passage.text.contains("1.1. Use of shared-cache is discouraged\n") })
        #expect(!texts.contains("Shared-Cache Mode"))
        #expect(!texts.contains { $0.hasPrefix("1.1. Use of") })
        #expect(texts.contains("Shared-cache mode lets connections share one cache of pages."))
        let served = try #require(extraction.candidates.first { $0.text.hasPrefix("Most use cases") })
        #expect(served.headingTerms.contains("discourag"))
        // The passages still cover the heading lines' words (abstention reads them).
        #expect(extraction.passageTerms.contains { $0.contains("discourag") })
        // Positions count the passage's sentences, not its label lines.
        let lets = try #require(extraction.candidates.first { $0.text.hasPrefix("Shared-cache mode lets") })
        let passage = hits[lets.hitIndex].passage
        let raw = SentenceSplitter.sentences(in: passage.text).firstIndex {
            $0.start == lets.sentence.start - passage.span.start
        }
        // Three label lines come before it: the navigation ("Home About Documentation", title case without a
        // full stop), the title, and the contents entry naming a heading.
        #expect(lets.position == (try #require(raw)) - 3)
        #expect(!texts.contains("Home About Documentation"))
    }

    @Test func shortTitleCaseLinesWithoutAFullStopReadAsHeadings() {
        for line in [
            "Sometimes Queries Return SQLITE_BUSY In WAL Mode", "Implementation Of Shared-Memory For The WAL-Index",
        ] {
            #expect(CandidateSentences.readsAsHeading(line), "\(line)")
        }
        for line in [
            "The number of columns in a table", "Rollback journals", "WAL is faster.", "-l, --lines 输出换行符统计数",
            "8th | int | True if column is part of the PRIMARY KEY", "SQLite", "输出每个文件的换行符",
        ] {
            #expect(!CandidateSentences.readsAsHeading(line), "\(line)")
        }
    }

    @Test func sectionNumbersAreStrippedOnlyFromTheFront() {
        #expect(CandidateSentences.withoutSectionNumber("2.1. Use of WAL") == "Use of WAL")
        #expect(CandidateSentences.withoutSectionNumber("3 Kinds") == "Kinds")
        #expect(CandidateSentences.withoutSectionNumber("SQLite 3.12") == "SQLite 3.12")
        #expect(CandidateSentences.withoutSectionNumber("1.5x faster") == "1.5x faster")
    }
}

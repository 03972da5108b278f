import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateText
import Testing

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
}

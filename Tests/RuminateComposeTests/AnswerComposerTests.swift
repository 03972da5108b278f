import Foundation
import RuminateCompose
import RuminateCore
import Testing

@Suite struct AnswerComposerTests {
    @Test func everyQuotedSentenceIsExactlyTheStoredTextAtItsOffsets() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        for question in [
            "how do readers and writers share the WAL", "what does a checkpoint do", "what do B-tree leaf pages hold",
        ] {
            let answer = try fixture.composer().answer(question)
            #expect(!answer.abstained, "\(question)")
            #expect(answer.verified)
            #expect(!answer.sentences.isEmpty)
            for sentence in answer.sentences {
                let stored = try fixture.storedText(sentence.document)
                #expect(stored.slice(SourceSpan(start: sentence.start, end: sentence.end)) == sentence.text)
                #expect(answer.sources.contains { $0.number == sentence.citation && $0.document == sentence.document })
            }
        }
    }

    @Test func citationsAreNumberedInAnswerOrderAndSentencesFollowReadingOrderWithinASource() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer(ComposeOptions(sentences: 4)).answer("WAL checkpoint readers writer database")
        #expect(answer.sources.map(\.number) == Array(1...answer.sources.count))
        #expect(answer.sentences.map(\.citation) == answer.sentences.map(\.citation).sorted())
        for (a, b) in zip(answer.sentences, answer.sentences.dropFirst()) where a.citation == b.citation {
            #expect(a.start < b.start)
        }
        for source in answer.sources {
            #expect(
                source.quoted
                    == answer.sentences.filter { $0.citation == source.number }.map {
                        SourceSpan(start: $0.start, end: $0.end)
                    })
            #expect(source.page == nil)
        }
    }

    @Test func aSentenceRepeatedInTwoDocumentsIsQuotedOnce() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer(ComposeOptions(sentences: 6)).answer(
            "checkpoint moves WAL content back into the database file")
        let texts = answer.sentences.map(\.text)
        #expect(texts.filter { $0 == "A checkpoint moves WAL content back into the database file." }.count == 1)
        #expect(Set(texts).count == texts.count)
    }

    @Test func abstainsOnAnOffTopicQuestionAndShowsTheClosestPassages() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer().answer("Who won the 1998 football world cup final in Paris?")
        #expect(answer.abstained)
        #expect(answer.sentences.isEmpty && answer.sources.isEmpty)
        #expect(answer.evidence.value < answer.evidence.threshold)
        for passage in answer.closest ?? [] {
            #expect(
                try fixture.storedText(passage.document).slice(SourceSpan(start: passage.start, end: passage.end))
                    == passage.text)
        }
        #expect(try !fixture.composer().answer("rollback journal crash original pages").abstained)
    }

    @Test func aQuestionOfOnlyPunctuationAbstainsAndAnEmptyOneIsRefused() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer().answer("?!? ...")
        #expect(answer.abstained)
        #expect(answer.closest?.isEmpty == true)
        #expect(throws: RuminateError.self) { try fixture.composer().answer("   ") }
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer().answer("how do readers and writers share the WAL")
        let data = try JSONEncoder().encode(answer)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["question", "index", "abstained", "verified", "evidence", "sentences", "sources"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["closest"] == nil)  // only when abstaining
        let sentence = try #require((object["sentences"] as? [[String: Any]])?.first)
        for key in ["text", "citation", "passage", "document", "path", "start", "end", "score"] {
            #expect(sentence[key] != nil, "missing \(key)")
        }
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        for key in ["number", "document", "title", "path", "heading_path", "page", "quoted"] {
            #expect(source[key] != nil, "missing \(key)")
        }
        #expect(source["page"] is NSNull)
        #expect(try JSONDecoder().decode(Answer.self, from: data) == answer)
    }
}

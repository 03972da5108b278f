import Foundation
import RuminateCompose
import RuminateCore
import RuminateRetrieve
import Testing

/// A toy writer: the first sentence of each passage, quoted by its words alone (the composer finds where).
struct FirstSentenceWriter: AnswerWriter {
    func write(_ candidates: AnswerCandidates) -> [DraftClaim] {
        var passages = Set<Int>()
        return candidates.sentences.filter { passages.insert($0.hitIndex).inserted }.prefix(candidates.budget).map {
            DraftClaim(hitIndex: $0.hitIndex, quote: $0.text, score: 1)
        }
    }
}

/// A writer that lies: words no passage holds, true words at false offsets, a passage that does not exist,
/// offsets outside the passage it names; and one true quote.
struct HostileWriter: AnswerWriter {
    static let invented = "The moon is made of green cheese."

    func write(_ candidates: AnswerCandidates) -> [DraftClaim] {
        guard let real = candidates.sentences.first else { return [] }
        let shifted = SourceSpan(start: real.span.start + 1, end: real.span.end + 1)
        let outside = SourceSpan(start: 0, end: real.span.end)
        return [
            DraftClaim(hitIndex: real.hitIndex, quote: real.text, score: 0.5),
            DraftClaim(hitIndex: real.hitIndex, quote: Self.invented, score: 1),
            DraftClaim(hitIndex: real.hitIndex, quote: Self.invented, span: real.span, score: 1),
            DraftClaim(hitIndex: real.hitIndex, quote: real.text, span: shifted, score: 1),
            DraftClaim(hitIndex: candidates.hits.count, quote: real.text, score: 1),
            DraftClaim(hitIndex: real.hitIndex, quote: String(real.text.dropFirst()), span: outside, score: 1),
        ]
    }
}

/// A writer that must not be asked: the composer abstains before any writer on weak evidence.
struct UnaskedWriter: AnswerWriter {
    func write(_ candidates: AnswerCandidates) -> [DraftClaim] {
        Issue.record("asked to write on evidence below the threshold: \(candidates.question.text)")
        return []
    }
}

@Suite struct AnswerWriterTests {
    @Test func theDefaultWriterIsTheExtractiveOne() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let options = ComposeOptions(sentences: 3, novelty: 0.3)
        let question = "how do readers and writers share the WAL"
        let explicit = AnswerComposer(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical),
            writer: ExtractiveWriter(options: options), options: options)
        #expect(try explicit.answer(question) == fixture.composer(options).answer(question))
    }

    @Test func anotherWritersQuotesAreLocatedVerifiedAndCited() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let composer = AnswerComposer(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical),
            writer: FirstSentenceWriter(), options: ComposeOptions(sentences: 2))
        let answer = try composer.answer("how do readers and writers share the WAL")
        #expect(!answer.abstained && answer.verified)
        #expect(answer.sentences.count == 2)
        for sentence in answer.sentences {
            #expect(
                try fixture.storedText(sentence.document).slice(SourceSpan(start: sentence.start, end: sentence.end))
                    == sentence.text)
            #expect(answer.sources.contains { $0.number == sentence.citation && $0.document == sentence.document })
        }
    }

    @Test func aClaimThatIsNotInThePassageIsNeverShownAndTheAnswerIsNotVerified() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let composer = AnswerComposer(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical),
            writer: HostileWriter(), options: ComposeOptions(sentences: 6))
        let answer = try composer.answer("how do readers and writers share the WAL")
        #expect(!answer.abstained)
        #expect(!answer.verified)
        #expect(answer.sentences.count == 1)  // only the true quote
        let sentence = try #require(answer.sentences.first)
        #expect(
            try fixture.storedText(sentence.document).slice(SourceSpan(start: sentence.start, end: sentence.end))
                == sentence.text)
        #expect(!answer.sentences.contains { $0.text.contains("cheese") })
        #expect(answer.sources.map { $0.quoted ?? [] } == [[SourceSpan(start: sentence.start, end: sentence.end)]])
    }

    @Test func abstentionComesBeforeAnyWriter() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let composer = AnswerComposer(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical),
            writer: UnaskedWriter())
        #expect(try composer.answer("Who won the 1998 football world cup final in Paris?").abstained)
    }
}

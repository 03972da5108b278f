import Foundation
import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve
import RuminateService
import Testing

@Suite struct ResearcherTests {
    @Test func everyCitedSentenceIsTheStoredTextAtItsOffsets() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        #expect(report.verified)
        #expect(!report.sections.isEmpty)
        #expect(!report.summary.isEmpty)
        #expect(report.allSentences.count >= 4)
        for sentence in report.allSentences {
            #expect(
                scalarSlice(try fixture.storedText(sentence.document), sentence.start, sentence.end) == sentence.text)
            let reference = try #require(report.references.first { $0.number == sentence.citation })
            #expect(reference.document == sentence.document)
        }
        #expect(report.references.map(\.number) == Array(1...report.references.count))
    }

    @Test func noSentenceIsQuotedTwiceAnywhereInTheReport() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let positions = report.allSentences.map { "\($0.document)@\($0.start)..<\($0.end)" }
        #expect(Set(positions).count == positions.count)
        let wordings = report.allSentences.map {
            $0.text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(Set(wordings).count == wordings.count)
    }

    @Test func sectionsFollowTheOutline() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        var expected = [ResearchReport.summaryTitle] + report.sections.map(\.title)
        if !report.gaps.isEmpty { expected.append(ResearchReport.gapsTitle) }
        expected.append(ResearchReport.referencesTitle)
        #expect(report.outline == expected)
        // Each section is about its aspect: it quotes a sentence holding one of the aspect's label terms.
        for section in report.sections {
            let aspect = try #require(
                report.trace.aspects.first { section.title.lowercased() == $0.aspect.label.lowercased() })
            #expect(
                section.sentences.contains { sentence in
                    aspect.aspect.terms.contains { sentence.text.lowercased().contains($0.lowercased()) }
                },
                "section \(section.title) quotes nothing about its aspect")
        }
    }

    @Test func aspectsSplitTheCollectionIntoDistinctFacets() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let aspects = report.trace.aspects.map(\.aspect)
        #expect((2...4).contains(aspects.count))
        let labelTerms = aspects.flatMap(\.indexTerms)
        #expect(Set(labelTerms).count == labelTerms.count, "labels share a term: \(aspects.map(\.label))")
        #expect(!labelTerms.contains("databas"), "the topic's own term is no label")
        // No planned passage belongs to two aspects, and each aspect gathers several passages (a lone
        // passage names no facet when clusters of two or more exist).
        let members = aspects.flatMap(\.passages)
        #expect(Set(members).count == members.count)
        #expect(members.count <= report.trace.planPassages)
        #expect(aspects.allSatisfy { $0.passages.count >= 2 }, "\(aspects.map(\.passages))")
    }

    @Test func theSameTopicGivesTheSameReport() throws {
        let fixture = try ResearchFixture()
        let first = try fixture.researcher().research("database")
        let second = try fixture.researcher().research("database")
        #expect(try WireEncoding.data(first) == WireEncoding.data(second))
    }

    @Test func aTopicTheCollectionDoesNotCoverIsReportedAsAGap() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("sourdough bread fermentation with rye flour")
        #expect(report.summary.isEmpty)
        #expect(report.gaps.contains { $0.question == "sourdough bread fermentation with rye flour" })
        #expect(report.outline.contains(ResearchReport.gapsTitle))
        #expect(report.sections.allSatisfy { !$0.sentences.isEmpty })
    }

    /// An error thrown by `progress` (a server whose client went away) stops the research at that step.
    @Test func anErrorFromProgressStopsTheResearchThere() throws {
        let fixture = try ResearchFixture()
        var all: [String] = []
        _ = try fixture.researcher().research("database") { all.append($0) }
        try #require(all.count >= 3, "plan, rounds, writing: \(all)")
        var heard: [String] = []
        let error = #expect(throws: RuminateError.self) {
            try fixture.researcher().research("database") { line in
                heard.append(line)
                if heard.count == 2 { throw RuminateError(.interrupted, "gone") }
            }
        }
        #expect(error?.code == .interrupted)
        #expect(heard == Array(all.prefix(2)), "nothing ran past the step that threw")
    }

    @Test func anEmptyTopicIsAClearError() throws {
        let fixture = try ResearchFixture()
        #expect(throws: (any Error).self) { try fixture.researcher().research("   ") }
        var options = ResearchOptions()
        options.maximumRounds = 0
        #expect(throws: (any Error).self) { try fixture.researcher(options).research("database") }
    }
}

/// A writer with nothing to say: the summary and every section become gaps, which shows the report asked it.
struct SilentWriter: AnswerWriter {
    func write(_ candidates: AnswerCandidates) -> [DraftClaim] { [] }
}

@Suite struct ResearchWriterTests {
    @Test func theInjectedWriterChoosesTheReportsSentences() throws {
        let fixture = try ResearchFixture()
        #expect(try !fixture.researcher().research("database").allSentences.isEmpty)
        let researcher = Researcher(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical),
            writer: SilentWriter())
        let report = try researcher.research("database")
        #expect(report.allSentences.isEmpty && report.references.isEmpty)
        #expect(report.gaps.count == report.trace.aspects.count + 1)
    }
}

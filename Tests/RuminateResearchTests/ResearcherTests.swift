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

    @Test func sectionsFollowTheOutlineAndAreTitledByTheCollectionsHeadings() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        var expected = [ResearchReport.summaryTitle] + report.sections.map(\.title)
        if !report.gaps.isEmpty { expected.append(ResearchReport.gapsTitle) }
        expected.append(ResearchReport.referencesTitle)
        #expect(report.outline == expected)
        #expect(report.sections.count >= 3)
        // Each title is a heading (or title) of a document the section quotes, as its authors wrote it: no bag of
        // keywords.
        for section in report.sections {
            let cited = report.references.filter { reference in
                section.sentences.contains { $0.citation == reference.number }
            }
            let names = cited.flatMap { [$0.title] + $0.headingPath.map(SectionOutline.withoutNumbering) }
            #expect(
                names.contains { section.title == $0 || section.title.hasSuffix(": " + $0) },
                "section \(section.title) is not a heading of \(names)")
        }
        #expect(Set(report.sections.map(\.title)).count == report.sections.count)
    }

    @Test func aspectsAreTheCollectionsHeadingsForATopicWithoutFacets() throws {
        let fixture = try ResearchFixture()
        let report = try fixture.researcher().research("database")
        let aspects = report.trace.aspects.map(\.aspect)
        #expect((2...ResearchOptions().maximumAspects).contains(aspects.count))
        #expect(Set(aspects.map(\.title)).count == aspects.count)
        let headings = Set(
            databaseCorpus.values.flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("#") }
                .map { $0.drop { $0 == "#" || $0 == " " } }.map(String.init))
        for aspect in aspects { #expect(headings.contains(aspect.title), "\(aspect.title) is no heading") }
        let members = aspects.flatMap(\.passages)
        #expect(Set(members).count == members.count)
        #expect(members.count <= report.trace.planPassages)
    }

    /// A page on a neighbouring subject (it shares a word with the topic but never names its subject) is cut,
    /// whatever retrieval says, and so is a section of the topic's page that does not name it either.
    @Test func sectionsThatDriftFromTheSubjectAreCut() throws {
        var files = databaseCorpus
        files["border.md"] = """
            # Border crossings

            ## Queues at the checkpoint

            Travellers queue at the border checkpoint while guards check passports. A checkpoint opens at dawn \
            and every checkpoint closes at dusk.
            """
        let fixture = try ResearchFixture(files: files)
        let report = try fixture.researcher().research("checkpoint starvation")
        let titles = report.sections.map(\.title)
        #expect(report.allSentences.contains { $0.text.contains("Checkpoint starvation happens") })
        #expect(!titles.contains { $0.contains("Queues") }, "\(titles)")
        #expect(!report.allSentences.contains { $0.document.hasSuffix("border.md") })
        #expect(
            report.trace.aspects.contains { $0.aspect.title == "Queues at the checkpoint" },
            "the neighbouring page was retrieved, then cut")
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
        #expect(report.allSentences.isEmpty && report.references.isEmpty && report.sections.isEmpty)
        #expect(
            report.gaps.map(\.question) == ["database"], "the summary is a gap; sections without quotes are left out")
    }
}

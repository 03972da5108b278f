import Foundation
import RuminateCompose
import RuminateCore
import Testing

/// The terminal rendering `ruminate ask` and the MCP `ask` tool share.
@Suite struct AnswerTextTests {
    @Test func anAnswerIsOneParagraphPerSourceThenTheSourcesThenTheCheck() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer(ComposeOptions(sentences: 4)).answer("WAL checkpoint readers writer database")
        let text = AnswerText.render(answer, displayPath: { "rel:" + $0 })
        let paragraphs = CitedSentence.paragraphs(answer.sentences)
        #expect(paragraphs.count == answer.sources.count)
        let body = paragraphs.map { $0.map { "\($0.text) \($0.citationMark)" }.joined(separator: " ") }.joined(
            separator: "\n\n")
        #expect(text.hasPrefix(body + "\n\nSources\n[1] "))
        for source in answer.sources {
            #expect(text.contains("[\(source.number)] \(source.title)\n    rel:\(source.path)"))
        }
        #expect(text.hasSuffix("\nEvery quote was re-read from the stored text and matches.\n"))
        var tampered = answer
        tampered.verified = false
        #expect(
            AnswerText.render(tampered).hasSuffix(
                "\nWARNING: some quotes did not match the stored text and were dropped (the index changed?).\n"))
    }

    @Test func anAbstentionSaysWhyAndShowsTheClosestPassages() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer().answer("Who won the 1998 football world cup final in Paris?")
        let text = AnswerText.render(answer)
        #expect(text.hasPrefix("The collection does not appear to answer this question (evidence "))
        #expect(text.contains("Closest passages:\n\n1. "))
        for passage in answer.closest ?? [] { #expect(text.contains("\(passage.rank). \(passage.title)  [score ")) }
        #expect(!text.contains("cosine"))
        // Judged by the evidence model, the line names the signals behind its probability.
        var judged = answer
        judged.evidence = Answer.Evidence(
            measure: .evidenceModel, value: 0.12, threshold: 0.408, passageCoverage: 0.3, sentenceCoverage: 0.2,
            bestCosine: 0.25, cosineGap: 0.05, legsAgree: false)
        #expect(
            AnswerText.render(judged).hasPrefix(
                "The collection does not appear to answer this question (evidence 0.12 from coverage 0.30 and cosine "
                    + "0.25, below the threshold 0.41).\n"))
    }

    @Test func paragraphsBreakWhereTheCitationChanges() {
        func sentence(_ citation: Int) -> CitedSentence {
            CitedSentence(
                text: "s", citation: citation, passage: 1, document: "d", documentID: 1, path: "/d", page: nil,
                start: 0, end: 1, score: 1)
        }
        let sentences = [1, 1, 2, 1].map(sentence)
        #expect(CitedSentence.paragraphs(sentences).map { $0.map(\.citation) } == [[1, 1], [2], [1]])
        #expect(CitedSentence.paragraphs([]).isEmpty)
    }

    @Test func aLocationNamesPathMemberAndHeadings() {
        #expect(
            CitationLabel.location(path: "/a.jsonl", memberID: "7", headingPath: ["A", "B"]) == "/a.jsonl #7 › A › B")
        #expect(
            CitationLabel.location(path: "/a.md", memberID: nil, headingPath: [], formatPath: { "`\($0)`" })
                == "`/a.md`")
    }
}

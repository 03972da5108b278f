import Foundation
import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateText

/// Turns the gathered evidence into a report: an executive summary for the topic, a section per aspect
/// (AnswerComposer over that aspect's evidence), gaps where an aspect abstains, and one numbered list of
/// references. A sentence quoted once is never quoted again, by position or by wording.
struct ReportWriter {
    let index: any IndexedCorpus
    /// Chooses each answer's claims; the composer still abstains and verifies.
    let writer: any AnswerWriter
    let analyzer: TextAnalyzer
    let options: ResearchOptions

    /// How many extra candidates a section asks for, so it can skip sentences already quoted and still fill up.
    static let spareSentences = 6

    func write(topic: String, planHits: [SearchHit], evidence: [AspectEvidence], trace: ResearchTrace) throws
        -> ResearchReport
    {
        var references = ReferenceNumbering()
        var quoted = QuotedSentences()
        var gaps: [ResearchReport.Gap] = []

        let summaryAnswer = try answer(topic, from: planHits, sentences: options.summarySentences + Self.spareSentences)
        var summary: [CitedSentence] = []
        if summaryAnswer.abstained {
            gaps.append(.init(title: Self.title(topic), question: topic, reason: Self.abstentionReason(summaryAnswer)))
        } else {
            summary = quoted.take(summaryAnswer, limit: options.summarySentences, references: &references)
        }

        var sections: [ResearchReport.Section] = []
        for aspect in evidence {
            let question = topic + " " + aspect.trace.aspect.terms.joined(separator: " ")
            let title = Self.title(aspect.trace.aspect.label)
            guard !aspect.hits.isEmpty else {
                gaps.append(.init(title: title, question: question, reason: "no passage matches it"))
                continue
            }
            let answer = try answer(
                question, from: aspect.hits, sentences: options.sectionSentences + Self.spareSentences)
            if answer.abstained {
                gaps.append(.init(title: title, question: question, reason: Self.abstentionReason(answer)))
                continue
            }
            let sentences = quoted.take(answer, limit: options.sectionSentences, references: &references)
            if sentences.isEmpty {
                gaps.append(
                    .init(
                        title: title, question: question, reason: "its evidence is already quoted in the sections above"
                    ))
            } else {
                sections.append(.init(title: title, question: question, sentences: sentences))
            }
        }

        var report = ResearchReport(
            topic: topic, index: index.path, verified: false, outline: [], summary: summary, sections: sections,
            gaps: gaps,
            references: references.list, trace: trace)
        let quotedPassages = Set(report.allSentences.map(\.passage))
        for hit in planHits + evidence.flatMap(\.hits) where quotedPassages.contains(hit.passage.id) {
            if report.passages[hit.passage.id] == nil { report.passages[hit.passage.id] = hit.passage }
        }
        report.outline =
            [ResearchReport.summaryTitle] + sections.map(\.title)
            + (gaps.isEmpty ? [] : [ResearchReport.gapsTitle]) + [ResearchReport.referencesTitle]
        let checks = try CitationVerifier(index: index).verify(
            report.allSentences.enumerated().map { i, sentence in
                CitedSpan(
                    label: "sentence \(i)", document: sentence.document, start: sentence.start, end: sentence.end,
                    text: sentence.text)
            })
        report.verified = checks.allSatisfy(\.isMatch)
        return report
    }

    private func answer(_ question: String, from hits: [SearchHit], sentences: Int) throws -> Answer {
        var compose = options.compose
        compose.sentences = sentences
        let composer = AnswerComposer(
            index: index, retriever: EvidenceRetriever(hits: hits), writer: writer, analyzer: analyzer, options: compose
        )
        return try composer.answer(question)
    }

    static func abstentionReason(_ answer: Answer) -> String {
        String(
            format: "the best evidence covers %.0f%% of its terms, below the %.0f%% needed to answer",
            answer.evidence.value * 100, answer.evidence.threshold * 100)
    }

    /// "checkpoint, readers" → "Checkpoint, readers".
    static func title(_ label: String) -> String {
        guard let first = label.first else { return label }
        return first.uppercased() + label.dropFirst()
    }
}

/// Numbers sources (document and heading path) in order of first citation across the whole report.
struct ReferenceNumbering {
    private struct Key: Hashable { var document: String; var headingPath: [String] }
    private var numbers: [Key: Int] = [:]
    private(set) var list: [CitedSource] = []

    mutating func number(for source: CitedSource) -> Int {
        let key = Key(document: source.document, headingPath: source.headingPath)
        if let number = numbers[key] { return number }
        let number = list.count + 1
        numbers[key] = number
        var reference = source
        reference.number = number
        (reference.page, reference.quoted) = (nil, nil)  // the report's sentences say where they were quoted
        list.append(reference)
        return number
    }
}

/// The sentences already in the report, by position and by wording (whitespace and case folded).
struct QuotedSentences {
    private struct Position: Hashable { var document: String; var start: Int; var end: Int }
    private var positions: Set<Position> = []
    private var wordings: Set<String> = []

    static func wording(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A heading or title line quoted as if it were a sentence ("Database locking and concurrency").
    static func isHeading(_ sentence: CitedSentence, in answer: Answer) -> Bool {
        guard let source = answer.sources.first(where: { $0.number == sentence.citation }) else { return false }
        let text = wording(sentence.text)
        return text == wording(source.title) || source.headingPath.contains { wording($0) == text }
    }

    /// The answer's best `limit` sentences not quoted yet, in the answer's order, renumbered report-wide.
    mutating func take(_ answer: Answer, limit: Int, references: inout ReferenceNumbering) -> [CitedSentence] {
        let fresh = answer.sentences.indices.filter { i in
            let s = answer.sentences[i]
            return !positions.contains(Position(document: s.document, start: s.start, end: s.end))
                && !wordings.contains(Self.wording(s.text))
                && !Self.isHeading(s, in: answer)
        }
        // Best by score (ties by order), then back to the answer's reading order.
        let kept = fresh.sorted {
            answer.sentences[$0].score != answer.sentences[$1].score
                ? answer.sentences[$0].score > answer.sentences[$1].score : $0 < $1
        }
        var chosen: [Int] = []
        var chosenWordings: Set<String> = []
        for i in kept
        where chosen.count < limit && chosenWordings.insert(Self.wording(answer.sentences[i].text)).inserted {
            chosen.append(i)
        }
        chosen.sort()
        return chosen.map { i in
            var s = answer.sentences[i]
            positions.insert(Position(document: s.document, start: s.start, end: s.end))
            wordings.insert(Self.wording(s.text))
            s.citation = references.number(for: answer.sources.first { $0.number == s.citation }!)
            return s
        }
    }
}

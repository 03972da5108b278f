import Foundation
import RuminateCompose
import RuminateCore
import RuminateRetrieve
import RuminateText

/// Turns the gathered evidence into a report: an executive summary for the topic, then the collection's own
/// sections on the topic (`SectionPlanner`), each written by the writer over that section's paragraphs and
/// titled by its heading, with the context its quotes lean on (`SectionContext`), within a word budget; gaps where
/// nothing answers, and one numbered list of references. A sentence quoted once is never quoted again, by
/// position or by wording.
struct ReportWriter {
    let index: any IndexedCorpus
    /// Chooses each answer's claims; the composer still abstains and verifies.
    let writer: any AnswerWriter
    let analyzer: TextAnalyzer
    let options: ResearchOptions

    /// How many extra candidates a section asks for, so it can skip sentences already quoted and still fill up.
    static let spareSentences = 6
    /// The summary reads the leads of this many of the best sections.
    static let summarySections = 8

    func write(
        topic: String, subject: String, planHits: [SearchHit], evidence: [AspectEvidence], trace: ResearchTrace
    ) throws -> ResearchReport {
        var references = ReferenceNumbering()
        var quoted = QuotedSentences()
        var gaps: [ResearchReport.Gap] = []

        // Every passage found, scored on one scale (the plan's by its own best score, each aspect's already so).
        let planBest = planHits.map(\.score).max() ?? 0
        let found =
            planHits.map { hit in
                var scaled = hit
                scaled.score = planBest > 0 ? hit.score / planBest : 0
                return scaled
            } + evidence.flatMap(\.hits)
        let planner = SectionPlanner(
            index: index, analyzer: analyzer, threshold: options.compose.abstention.threshold)
        let subjectTerms = try QuestionAnalyzer(index: index, analyzer: analyzer).analyze(subject)
        let subjectSet = Set(subjectTerms.terms.map(\.term))
        let facets = evidence.filter { $0.trace.aspect.query != subject }.map { aspect in
            (
                terms: Set(
                    analyzer.analyze(aspect.trace.aspect.title).filter {
                        !$0.isStopword && !subjectSet.contains($0.term)
                    }
                    .map(\.term)),
                found: Set(aspect.hits.map(\.passage.id))
            )
        }
        let planned = planner.coveringFacets(try planner.plan(subject: subjectTerms, hits: found), facets: facets)

        // The summary answers the topic from the leads of the best sections (the plan's passages when none).
        var leads: [SearchHit] = []
        for section in planned.prefix(Self.summarySections) {
            for (paragraph, rank) in zip(section.section.paragraphs, section.section.leadRanks)
            where rank == 0 && SectionOutline.isProse(paragraph.text) {
                leads.append(
                    SearchHit(
                        document: section.section.document, passage: paragraph, rank: leads.count + 1,
                        score: 1 / Double(leads.count + 1), snippet: ""))
            }
        }
        // With sections on the subject, the collection covers the topic (the planner checked each against the
        // calibrated threshold); without any, the topic's own passages must pass it.
        let summaryAnswer = try answer(
            topic, from: leads.isEmpty ? planHits : leads, sentences: options.summarySentences + Self.spareSentences,
            abstention: leads.isEmpty ? options.compose.abstention : .never)
        var summary: [CitedSentence] = []
        if summaryAnswer.abstained {
            gaps.append(.init(title: Self.title(topic), question: topic, reason: Self.abstentionReason(summaryAnswer)))
        } else {
            summary = quoted.take(
                summaryAnswer, limit: options.summarySentences, words: options.sectionWords, references: &references)
        }

        var written: [(order: Int, section: ResearchReport.Section, source: SourceSection)] = []
        // What the report costs to read: its title and trace, quotes, each section's title (in the outline and as
        // its heading) and each reference's line.
        var words =
            Self.words(topic) + Self.words(MarkdownReport.trace(trace))
            + summary.reduce(0) { $0 + Self.words($1.text) } + Self.words(references.list)
        var documentRank: [Int64: Int] = [:]
        var documentWords: [Int64: Int] = [:]
        for planned in planned {
            guard words < options.wordBudget, written.count < options.maximumSections else { break }
            let source = planned.section
            // No page takes more than half the report: the facts other pages hold get their place.
            guard documentWords[source.document.id, default: 0] * 2 < options.wordBudget else { continue }
            let title = source.title
            let question = subject + " " + title
            // Its prose sentences, each weighed by its place in its (sub)section: a section states its point first,
            // so its first sentence weighs most, the second half as much, and so on.
            var place: [Int: Int] = [:]
            var hits: [SearchHit] = []
            for (i, paragraph) in source.paragraphs.enumerated() where SectionOutline.isProse(paragraph.text) {
                for sentence in SectionContext.sentences(of: paragraph) {
                    let k = place[source.parts[i], default: 0]
                    place[source.parts[i]] = k + 1
                    var slice = paragraph
                    (slice.span, slice.text) = (sentence.span, sentence.text)
                    hits.append(
                        SearchHit(
                            document: source.document, passage: slice, rank: hits.count + 1,
                            score: 1 / Double(1 + k), snippet: ""))
                }
            }
            guard !hits.isEmpty else { continue }
            hits = hits.enumerated().sorted { a, b in
                a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
            }.map(\.element)
            let answer = try answer(
                question, from: hits, sentences: options.sectionSentences + Self.spareSentences, abstention: .never)
            guard !answer.abstained else { continue }  // the writer found nothing to quote in it
            let before = references.list.count
            let budget = min(options.sectionWords, options.wordBudget - words - 2 * Self.words(title))
            let chosen = quoted.take(
                answer, limit: options.sectionSentences, words: budget, references: &references,
                within: Self.commonPrefix(source.headingPath, answer.sources.first?.headingPath ?? [])
            )
            .sorted { $0.start < $1.start }
            let sentences = quoted.withContext(chosen, in: source)
            guard !sentences.isEmpty else { continue }
            words +=
                sentences.reduce(0) { $0 + Self.words($1.text) } + 2 * Self.words(title)
                + Self.words(Array(references.list.dropFirst(before)))
            documentWords[source.document.id, default: 0] += sentences.reduce(0) { $0 + Self.words($1.text) }
            let rank = documentRank[source.document.id] ?? documentRank.count
            documentRank[source.document.id] = rank
            written.append(
                (rank, .init(title: title, question: question, sentences: sentences), source))
        }
        // Read like the sources: a document's sections together, in its own order, documents by their best section.
        let sections = written.sorted {
            $0.order != $1.order ? $0.order < $1.order : $0.source.span.start < $1.source.span.start
        }.map(\.section)
        let titled = Self.distinctTitles(
            sections,
            sources: written.sorted {
                $0.order != $1.order ? $0.order < $1.order : $0.source.span.start < $1.source.span.start
            }.map(\.source))

        var report = ResearchReport(
            topic: topic, index: index.path, verified: false, outline: [], summary: summary, sections: titled,
            gaps: gaps,
            references: references.list, trace: trace)
        let quotedPassages = Set(report.allSentences.map(\.passage))
        for hit in planHits + evidence.flatMap(\.hits) where quotedPassages.contains(hit.passage.id) {
            if report.passages[hit.passage.id] == nil { report.passages[hit.passage.id] = hit.passage }
        }
        for document in Set(written.map(\.source.document.id)) {
            for passage in try index.passages(ofDocument: document)
            where quotedPassages.contains(passage.id) && report.passages[passage.id] == nil {
                report.passages[passage.id] = passage
            }
        }
        report.outline =
            [ResearchReport.summaryTitle] + titled.map(\.title)
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

    /// Titles made unique: a heading two documents share ("Overview") is told apart by its document's title.
    static func distinctTitles(_ sections: [ResearchReport.Section], sources: [SourceSection])
        -> [ResearchReport.Section]
    {
        var counts: [String: Int] = [:]
        for section in sections { counts[section.title.lowercased(), default: 0] += 1 }
        return zip(sections, sources).map { section, source in
            var section = section
            if counts[section.title.lowercased()]! > 1 || section.title.split(separator: " ").count == 1,
                section.title != source.document.title
            {
                section.title = source.document.title + ": " + section.title
            }
            return section
        }
    }

    static func commonPrefix(_ a: [String], _ b: [String]) -> [String] {
        Array(zip(a, b).prefix { $0 == $1 }.map(\.0))
    }

    static func words(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }

    /// The words of reference lines ("3. Title — path › Heading › Subheading").
    static func words(_ references: [CitedSource]) -> Int {
        references.reduce(0) { $0 + 3 + words($1.title) + $1.headingPath.reduce(0) { $0 + words($1) } }
    }

    private func answer(
        _ question: String, from hits: [SearchHit], sentences: Int, abstention: AbstentionPolicy
    ) throws -> Answer {
        var compose = options.compose
        compose.sentences = sentences
        compose.passages = max(compose.passages, hits.count)
        compose.abstention = abstention
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

    /// The answer's best `limit` sentences not quoted yet, as many as fit in `words` (at least one), in the
    /// answer's order, renumbered report-wide.
    /// `within`, when given, is the heading path the section's references cite (its subsections share it).
    mutating func take(
        _ answer: Answer, limit: Int, words: Int, references: inout ReferenceNumbering, within: [String]? = nil
    ) -> [CitedSentence] {
        let fresh = answer.sentences.indices.filter { i in
            let s = answer.sentences[i]
            return !isQuoted(document: s.document, start: s.start, end: s.end, text: s.text)
                && !Self.isHeading(s, in: answer)
        }
        // Best by score (ties by order), then back to the answer's reading order.
        let kept = fresh.sorted {
            answer.sentences[$0].score != answer.sentences[$1].score
                ? answer.sentences[$0].score > answer.sentences[$1].score : $0 < $1
        }
        var chosen: [Int] = []
        var chosenWordings: Set<String> = []
        var used = 0
        for i in kept where chosen.count < limit {
            let count = ReportWriter.words(answer.sentences[i].text)
            guard chosen.isEmpty || used + count <= words else { continue }
            if chosenWordings.insert(Self.wording(answer.sentences[i].text)).inserted {
                chosen.append(i)
                used += count
            }
        }
        chosen.sort()
        return chosen.map { i in
            var s = answer.sentences[i]
            record(s)
            var source = answer.sources.first { $0.number == s.citation }!
            if let within { source.headingPath = within }
            s.citation = references.number(for: source)
            return s
        }
    }

    /// `sentences` (quoted from `section`) with the context each needs (`SectionContext`): the sentence before
    /// one that opens with an anaphor, the list after one that ends with a colon; context already quoted is
    /// not repeated.
    mutating func withContext(_ sentences: [CitedSentence], in section: SourceSection) -> [CitedSentence] {
        var out: [CitedSentence] = []
        for sentence in sentences {
            let span = SourceSpan(start: sentence.start, end: sentence.end)
            if SectionContext.opensWithAnaphor(sentence.text),
                let before = SectionContext.antecedent(of: span, in: section),
                let piece = cite(before, like: sentence, in: section)
            {
                out.append(piece)
            }
            out.append(sentence)
            if sentence.text.hasSuffix(":") {
                out += SectionContext.list(after: span, in: section).compactMap {
                    cite($0, like: sentence, in: section)
                }
            }
        }
        return out
    }

    /// A context piece as a cited sentence of the same source as `sentence`; nil when already quoted or a heading.
    private mutating func cite(_ piece: SectionContext.Piece, like sentence: CitedSentence, in section: SourceSection)
        -> CitedSentence?
    {
        guard !isQuoted(document: sentence.document, start: piece.span.start, end: piece.span.end, text: piece.text),
            !section.headingPath.contains(where: { Self.wording($0) == Self.wording(piece.text) })
        else { return nil }
        let cited = CitedSentence(
            text: piece.text, citation: sentence.citation, passage: piece.paragraph.id, document: sentence.document,
            documentID: sentence.documentID, path: sentence.path, page: piece.paragraph.page, start: piece.span.start,
            end: piece.span.end, score: 0)
        record(cited)
        return cited
    }

    private func isQuoted(document: String, start: Int, end: Int, text: String) -> Bool {
        positions.contains(Position(document: document, start: start, end: end))
            || wordings.contains(Self.wording(text))
    }

    private mutating func record(_ sentence: CitedSentence) {
        positions.insert(Position(document: sentence.document, start: sentence.start, end: sentence.end))
        wordings.insert(Self.wording(sentence.text))
    }
}

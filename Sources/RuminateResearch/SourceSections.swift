import Foundation
import RuminateCore

/// A part of one document under one heading: what a report section quotes from. Its heading path is the
/// passages' own (written by the document's authors), extended by a run-in heading when the page marks its
/// parts with short title lines instead of heading elements ("Maximum Number Of Columns" on a page of limits).
public struct SourceSection: Sendable, Hashable {
    public var document: DocumentInfo
    public var headingPath: [String]
    /// Its paragraphs in reading order, each a slice of one stored passage (that passage's id, its heading path,
    /// a span inside it).
    public var paragraphs: [PassageInfo]
    /// For each paragraph, its place in its own subsection (0 = the subsection's first): a section states its
    /// point first, so leads weigh most.
    public var leadRanks: [Int]
    /// For each paragraph, which subsection it belongs to (context is sought within one subsection).
    public var parts: [Int]

    public init(
        document: DocumentInfo, headingPath: [String], paragraphs: [PassageInfo], leadRanks: [Int], parts: [Int]
    ) {
        self.document = document
        self.headingPath = headingPath
        self.paragraphs = paragraphs
        self.leadRanks = leadRanks
        self.parts = parts
    }

    public var span: SourceSpan {
        SourceSpan(start: paragraphs.first?.span.start ?? 0, end: paragraphs.last?.span.end ?? 0)
    }

    /// The deepest heading without its numbering ("1.2. Backup or restore…" → "Backup or restore…"), or the
    /// document's title for text under no heading.
    public var title: String {
        let heading = headingPath.last.map(SectionOutline.withoutNumbering) ?? ""
        return heading.isEmpty ? document.title : heading
    }

    /// The passages it draws on (ids), in reading order.
    public var passageIDs: [Int64] {
        var seen: Set<Int64> = []
        return paragraphs.map(\.id).filter { seen.insert($0).inserted }
    }
}

/// Cuts a document into `SourceSection`s along its heading paths and run-in headings, paragraph by paragraph,
/// each paragraph keeping the id of the passage it lies in and its exact offsets.
public enum SectionOutline {
    /// `passages` are all of the document's passages (any order); overlapping text is assigned once.
    public static func sections(of document: DocumentInfo, passages: [PassageInfo]) -> [SourceSection] {
        var paragraphs: [PassageInfo] = []
        var covered = 0
        for passage in passages.sorted(by: { $0.ordinal < $1.ordinal }) {
            let scalars = Array(passage.text.unicodeScalars)
            let from = max(0, covered - passage.span.start)
            guard from < scalars.count else { continue }
            for range in paragraphRanges(scalars, from: from) {
                let text = String(String.UnicodeScalarView(scalars[range]))
                paragraphs.append(
                    PassageInfo(
                        id: passage.id, documentID: passage.documentID, ordinal: passage.ordinal,
                        span: SourceSpan(
                            start: passage.span.start + range.lowerBound, end: passage.span.start + range.upperBound),
                        headingPath: passage.headingPath, text: text, page: passage.page))
            }
            covered = max(covered, passage.span.end)
        }
        // Each paragraph's full path: its passage's headings plus the run-in heading it falls under.
        var paths: [[String]] = []
        var runIn: String?
        for (i, paragraph) in paragraphs.enumerated() {
            let sameHeading = i > 0 && paragraphs[i - 1].headingPath == paragraph.headingPath
            if !sameHeading { runIn = nil }
            if sameHeading, i + 1 < paragraphs.count, paragraphs[i + 1].headingPath == paragraph.headingPath,
                isRunInHeading(paragraph.text, after: paragraphs[i - 1].text, before: paragraphs[i + 1].text),
                !paragraph.headingPath.contains(where: { withoutNumbering($0) == withoutNumbering(paragraph.text) })
            {
                runIn = paragraph.text
            }
            paths.append(paragraph.headingPath + (runIn.map { [$0] } ?? []))
        }
        // A section is a part at the shallowest heading level that splits the document in three or more, with
        // its subsections inside it (a page of many numbered subsections reads as its chapters).
        let depth = sectionDepth(paths)
        var sections: [SourceSection] = []
        var position: [[String]: Int] = [:]
        var partOf: [[String]: Int] = [:]
        var lead: [[String]: Int] = [:]
        for (paragraph, path) in zip(paragraphs, paths) {
            let key = Array(path.prefix(depth))
            let part = partOf[path] ?? partOf.count
            partOf[path] = part
            let rank = lead[path, default: 0]
            if isProse(paragraph.text) { lead[path] = rank + 1 }
            if let at = position[key] {
                sections[at].paragraphs.append(paragraph)
                sections[at].leadRanks.append(rank)
                sections[at].parts.append(part)
            } else {
                position[key] = sections.count
                sections.append(
                    SourceSection(
                        document: document, headingPath: key, paragraphs: [paragraph], leadRanks: [rank],
                        parts: [part]))
            }
        }
        return sections
    }

    /// The shallowest heading depth at which the paths fall into three or more parts; the deepest otherwise.
    static func sectionDepth(_ paths: [[String]]) -> Int {
        let deepest = paths.map(\.count).max() ?? 0
        guard deepest > 0 else { return 0 }
        for depth in 1...deepest where Set(paths.map { $0.prefix(depth) }).count >= 3 { return depth }
        return deepest
    }

    /// The paragraphs of `scalars` from `from` on: runs separated by a blank line, trimmed of whitespace.
    static func paragraphRanges(_ scalars: [Unicode.Scalar], from: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = from
        var i = from
        func close(_ end: Int) {
            var (a, b) = (start, end)
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            if a < b { ranges.append(a..<b) }
        }
        while i < scalars.count {
            if scalars[i] == "\n" {
                var j = i + 1
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\r" { j += 1 }
                if j < scalars.count, scalars[j] == "\n" {
                    close(i)
                    while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                    start = j
                    i = j
                    continue
                }
            }
            i += 1
        }
        close(scalars.count)
        return ranges
    }

    /// Whether a paragraph is prose worth quoting on its own: a sentence (ending as one, four words or more) or a
    /// long run of words; not a title line, a table-of-contents entry, a code line or a list fragment.
    public static func isProse(_ text: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace).count
        guard let last = text.unicodeScalars.last, !startsWithNumbering(text) else { return false }
        return words >= 15 || (words >= 4 && ".!?:)\"”".unicodeScalars.contains(last))
    }

    /// A short title line between a finished paragraph and the prose it introduces: words only (no sentence
    /// punctuation at its end, no code or table characters), at most 12 words, starting with a capital.
    static func isRunInHeading(_ text: String, after previous: String, before next: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard (1...12).contains(words.count), let first = text.unicodeScalars.first,
            first.properties.isUppercase || CharacterSet.decimalDigits.contains(first),
            let last = text.unicodeScalars.last, CharacterSet.letters.contains(last) || last == "?",
            !text.unicodeScalars.contains(where: { "|=;{}()<>[]*_\"/\\".unicodeScalars.contains($0) }),
            let previousEnd = previous.unicodeScalars.last, ".!?)”\"".unicodeScalars.contains(previousEnd),
            let nextEnd = next.unicodeScalars.last, ".!?:".unicodeScalars.contains(nextEnd),
            next.split(whereSeparator: \.isWhitespace).count > max(6, words.count)
        else { return false }
        return true
    }

    /// "2.4. Carrying…": a numbered heading or a table-of-contents entry.
    static func startsWithNumbering(_ text: String) -> Bool {
        withoutNumbering(text) != text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "1.2. Backup or restore" → "Backup or restore"; "(11) SQLITE_CORRUPT" → "SQLITE_CORRUPT".
    public static func withoutNumbering(_ heading: String) -> String {
        var scalars = Substring(heading.trimmingCharacters(in: .whitespacesAndNewlines))
        if scalars.first == "(", let close = scalars.firstIndex(of: ")"),
            scalars[scalars.index(after: scalars.startIndex)..<close].allSatisfy(\.isNumber)
        {
            scalars = scalars[scalars.index(after: close)...]
        } else {
            let numbering = scalars.prefix { $0.isNumber || $0 == "." }
            if !numbering.isEmpty, numbering.contains(where: \.isNumber),
                scalars.dropFirst(numbering.count).first?.isWhitespace == true
            {
                scalars = scalars.dropFirst(numbering.count)
            }
        }
        return scalars.trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
import RuminateCore
import RuminateText

/// The context a quote needs to be read alone, taken from its section with exact offsets: a sentence that
/// opens with an anaphor ("This", "It", "These"…) brings the sentence before it, and a sentence that ends
/// with a colon brings the list that follows (short paragraphs, as many as fit).
public enum SectionContext {
    /// First words that point back at an earlier sentence.
    static let anaphors: Set<String> = [
        "this", "that", "these", "those", "it", "its", "they", "their", "such", "hence", "thus", "therefore",
    ]
    /// A list item is a paragraph of at most this many words (and two sentences).
    static let itemWords = 40
    /// The most list items and words a colon brings.
    static let listItems = 10
    static let listWords = 80

    /// A piece of context: a span of the section's text, and the paragraph (passage slice) it lies in.
    public struct Piece: Sendable, Hashable {
        public var span: SourceSpan
        public var text: String
        public var paragraph: PassageInfo
    }

    /// Whether the quote leans on the sentence before it.
    public static func opensWithAnaphor(_ text: String) -> Bool {
        guard let word = text.split(whereSeparator: { !$0.isLetter }).first else { return false }
        return anaphors.contains(word.lowercased()) && text.first?.isUppercase == true
    }

    /// The sentence right before `span` in its subsection: prose, or the code line or list item the quote
    /// points back at; nil when the quote opens its subsection (it leans on the heading, which titles it).
    public static func antecedent(of span: SourceSpan, in section: SourceSection) -> Piece? {
        guard let part = part(of: span, in: section) else { return nil }
        var previous: (piece: Piece, opensPart: Bool)?
        var first = true
        for (paragraph, within) in zip(section.paragraphs, section.parts) where within == part {
            defer { first = false }
            guard paragraph.span.start < span.start else { break }
            for sentence in sentences(of: paragraph) where sentence.span.end <= span.start {
                previous = (sentence, first && sentence.span.start == paragraph.span.start)
            }
        }
        guard let previous, !isHeadingLine(previous.piece.text, opensPart: previous.opensPart, in: section) else {
            return nil
        }
        return previous.piece
    }

    /// A heading of the section, a numbered heading, or the title line a subsection opens with: not a sentence
    /// to lean on.
    static func isHeadingLine(_ text: String, opensPart: Bool, in section: SourceSection) -> Bool {
        SectionOutline.startsWithNumbering(text)
            || section.headingPath.contains {
                SectionOutline.withoutNumbering($0) == SectionOutline.withoutNumbering(text)
            }
            || (opensPart && !SectionOutline.isProse(text))
    }

    /// The list a colon-ended quote at `span` introduces: the section's next paragraphs while they are short and
    /// alike (each ending as the first item does, with or without sentence punctuation).
    public static func list(after span: SourceSpan, in section: SourceSection) -> [Piece] {
        // Only when the quote ends its paragraph: what follows is then the list.
        guard let at = section.paragraphs.firstIndex(where: { $0.span.start <= span.start && span.end <= $0.span.end }),
            section.paragraphs[at].span.end == span.end
        else { return [] }
        var items: [Piece] = []
        var words = 0
        for (paragraph, within) in zip(section.paragraphs, section.parts).dropFirst(at + 1) {
            guard within == section.parts[at] else { break }
            let count = paragraph.text.split(whereSeparator: \.isWhitespace).count
            guard count <= itemWords, sentences(of: paragraph).count <= 2, items.count < listItems,
                words + count <= listWords,
                items.isEmpty || endsAsSentence(paragraph.text) == endsAsSentence(items[0].text)
            else { break }
            items.append(Piece(span: paragraph.span, text: paragraph.text, paragraph: paragraph))
            words += count
        }
        return items
    }

    static func endsAsSentence(_ text: String) -> Bool {
        text.unicodeScalars.last.map { ".!?".unicodeScalars.contains($0) } ?? false
    }

    /// The subsection of the section holding `span`.
    static func part(of span: SourceSpan, in section: SourceSection) -> Int? {
        section.paragraphs.firstIndex { $0.span.start <= span.start && span.end <= $0.span.end }
            .map { section.parts[$0] }
    }

    static func sentences(of paragraph: PassageInfo) -> [Piece] {
        let scalars = ScalarText(paragraph.text)
        return SentenceSplitter.sentences(in: paragraph.text).map { local in
            Piece(
                span: SourceSpan(start: paragraph.span.start + local.start, end: paragraph.span.start + local.end),
                text: scalars.slice(local), paragraph: paragraph)
        }
    }
}

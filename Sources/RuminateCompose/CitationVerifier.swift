import RuminateCore
import RuminateRetrieve

/// A quote that claims to be `document.text[start..<end]` (Unicode scalars).
public struct CitedSpan: Sendable, Hashable {
    /// Where the quote sits in the answer or report (`sentences[2]`), for messages.
    public var label: String
    /// The document key, id, path or member id (anything `ruminate show` accepts).
    public var document: String
    public var start: Int
    public var end: Int
    public var text: String

    public init(label: String, document: String, start: Int, end: Int, text: String) {
        self.label = label
        self.document = document
        self.start = start
        self.end = end
        self.text = text
    }
}

/// The result of checking one quote against the stored text.
public struct SpanCheck: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case match
        case documentMissing
        /// The offsets are negative, reversed, or past the end of a text `length` scalars long.
        case outOfRange(length: Int)
        /// The stored text at those offsets is `stored`, not the quote.
        case textDiffers(stored: String)
    }

    public var cited: CitedSpan
    public var outcome: Outcome

    public var isMatch: Bool { outcome == .match }

    /// One line saying what was found.
    public var summary: String {
        let place = "\(cited.label) \(cited.document) [\(cited.start)..<\(cited.end)]"
        switch outcome {
        case .match: return "ok        \(place)"
        case .documentMissing: return "MISSING   \(place): no such document in the index"
        case .outOfRange(let length): return "RANGE     \(place): outside the stored text (\(length) scalars)"
        case .textDiffers(let stored):
            return "MISMATCH  \(place): stored text is \(Self.quote(stored)), quote is \(Self.quote(cited.text))"
        }
    }

    private static func quote(_ text: String) -> String {
        let flat = text.replacingNewlines()
        return "\"" + (flat.count > 80 ? String(flat.prefix(77)) + "..." : flat) + "\""
    }
}

/// Re-opens the stored text of each cited document and compares every quote with the text at its offsets.
public struct CitationVerifier: Sendable {
    public let index: any DocumentTextSource

    public init(index: any DocumentTextSource) {
        self.index = index
    }

    public func verify(_ spans: [CitedSpan]) throws -> [SpanCheck] {
        guard !spans.isEmpty else { return [] }
        let texts = try index.documentTexts(Set(spans.map(\.document)))
        var checks: [SpanCheck?] = Array(repeating: nil, count: spans.count)
        for (reference, text) in texts {
            let positions = spans.indices.filter { spans[$0].document == reference }
            let scalars = ScalarText(text)
            let length = scalars.count
            let inRange = positions.filter {
                spans[$0].start >= 0 && spans[$0].start <= spans[$0].end && spans[$0].end <= length
            }
            let stored = inRange.map { scalars.slice(SourceSpan(start: spans[$0].start, end: spans[$0].end)) }
            for (position, slice) in zip(inRange, stored) {
                checks[position] = SpanCheck(
                    cited: spans[position],
                    outcome: Self.sameScalars(slice, spans[position].text) ? .match : .textDiffers(stored: slice))
            }
            for position in positions where checks[position] == nil {
                checks[position] = SpanCheck(cited: spans[position], outcome: .outOfRange(length: length))
            }
        }
        return spans.indices.map { checks[$0] ?? SpanCheck(cited: spans[$0], outcome: .documentMissing) }
    }

    /// Scalar-by-scalar equality: Swift's `==` on strings treats canonically equivalent text as equal
    /// ("é" and "e\u{301}"), but a quote must be the very scalars the offsets point at.
    public static func sameScalars(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}

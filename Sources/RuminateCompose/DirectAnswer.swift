import RuminateCore

/// The one-line answer put before the supporting sentences when the best quote holds what a quantity or
/// procedure question asks for: the clause of that quote with the first number (how many, maximum, default) or
/// the first name in code form the question does not already use (how do I: a PRAGMA, a function, a
/// command). It is a verbatim slice of the quote, so its offsets are as exact as the quote's.
public enum DirectAnswer {
    /// A clause longer than this is not a one-line answer.
    public static let maximumWords = 30

    /// The scalar range within `quote` of the direct answer, or nil when the quote holds none for `form`: the
    /// first clause holding a target (a number, or a name in code form, the question does not use) that is a
    /// statement (not a question) of 2 to `maximumWords` words and that `isAbout` accepts (the composer: it
    /// shares a content term with the question).
    public static func clause(
        in quote: String, question: String, form: QuestionForm, isAbout: (String) -> Bool = { _ in true }
    ) -> SourceSpan? {
        guard !form.isDisjoint(with: [.quantity, .procedure]) else { return nil }
        let scalars = Array(quote.unicodeScalars)
        // Trimmed alike on both sides: "SQLITE_BUSY?" in the question is the "SQLITE_BUSY." of the quote.
        let questionWords = Set(words(question).map { bare($0).lowercased() })
        var tried: Set<Int> = []
        for (range, word) in wordRanges(scalars) {
            let token = bare(word)
            guard !questionWords.contains(token.lowercased()) else { continue }
            let isTarget =
                (form.contains(.procedure) && (ReaderFeatures.isCode(word) || ReaderFeatures.isCode(token)))
                || (form.contains(.quantity) && isQuantity(token))
            guard isTarget else { continue }
            let clause = clauseWithLead(around: range.lowerBound, in: scalars)
            guard tried.insert(clause.start).inserted else { continue }
            let text = String(String.UnicodeScalarView(scalars[clause.start..<clause.end]))
            let count = words(text).count
            if count >= 2, count <= maximumWords, !text.hasSuffix("?"), isAbout(text) { return clause }
        }
        return nil
    }

    /// The clause around offset `i`; a clause of a few words ("By default") leans on the next one: both.
    static func clauseWithLead(around i: Int, in scalars: [Unicode.Scalar]) -> SourceSpan {
        let clause = clauseAround(i, in: scalars)
        guard words(String(String.UnicodeScalarView(scalars[clause.start..<clause.end]))).count < 4,
            clause.end + 1 < scalars.count
        else { return clause }
        let next = clauseAround(clause.end + 1, in: scalars)
        return SourceSpan(start: clause.start, end: max(clause.end, next.end))
    }

    /// A number as a quantity is written: it starts with a digit and is digits and separators, perhaps with a
    /// short unit ("2000", "1,000,000,000", "256MB", "64-bit", "0.5%"), not an identifier that holds a digit
    /// ("t1", "sqlite3_limit").
    public static func isQuantity(_ token: String) -> Bool {
        guard let first = token.unicodeScalars.first, first.properties.numericType != nil else { return false }
        let number = token.prefix { $0.isNumber || $0 == "," || $0 == "." }
        let unit = token.dropFirst(number.count).drop { $0 == "-" }
        return unit.count <= 5 && unit.allSatisfy({ $0.isLetter || $0 == "%" })
    }

    /// A word without the quotes, brackets and punctuation around it.
    static func bare(_ word: String) -> String {
        word.trimmingCharacters(in: .init(charactersIn: "\"'“”‘’,;:.!?()"))
    }

    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    static func wordRanges(_ scalars: [Unicode.Scalar]) -> [(Range<Int>, String)] {
        var result: [(Range<Int>, String)] = []
        var start: Int?
        for i in 0...scalars.count {
            let isSpace = i == scalars.count || scalars[i].properties.isWhitespace
            if isSpace, let s = start {
                result.append((s..<i, String(String.UnicodeScalarView(scalars[s..<i]))))
                start = nil
            } else if !isSpace, start == nil {
                start = i
            }
        }
        return result
    }

    /// The clause holding offset `i`: bounded by the quote's ends, sentence ends, line breaks, semicolons,
    /// colons, dashes and commas (a comma between digits, as in 1,000, is not a boundary), trimmed of
    /// spaces and of the boundary punctuation.
    static func clauseAround(_ i: Int, in scalars: [Unicode.Scalar]) -> SourceSpan {
        func isBoundary(_ k: Int) -> Bool {
            let c = scalars[k]
            let next = k + 1 < scalars.count ? scalars[k + 1] : " "
            switch c {
            case "\n", ";", "；", "。", "，": return true
            case ":", ".", "!", "?", ",": return next.properties.isWhitespace || k + 1 == scalars.count
            case "—": return true
            default: return false
            }
        }
        var start = i
        while start > 0, !isBoundary(start - 1) { start -= 1 }
        var end = i
        while end < scalars.count, !isBoundary(end) { end += 1 }
        // Keep a sentence's own full stop; drop a comma, colon or semicolon that ends the clause.
        if end < scalars.count, [".", "!", "?", "。"].contains(scalars[end]) { end += 1 }
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        return SourceSpan(start: start, end: end)
    }
}

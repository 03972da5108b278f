import RuminateText

/// Builds a snippet: the window of a passage with the most distinct query terms, matches wrapped in
/// markers. Matching uses the same analysis as ranking, so `running` highlights `runs`.
public struct Highlighter: Sendable, Hashable {
    public var open: String
    public var close: String
    /// Window size in words.
    public var window: Int

    public init(open: String = "<mark>", close: String = "</mark>", window: Int = 32) {
        self.open = open
        self.close = close
        self.window = window
    }

    public func snippet(of text: String, terms: Set<String>, analyzer: TextAnalyzer) -> String {
        let tokens = analyzer.analyze(text)
        let utf8 = Array(text.utf8)
        guard !tokens.isEmpty else { return String(text.prefix(240)) }
        let matches = tokens.map { terms.contains($0.term) }
        // Slide a window over token positions; keep the one with the most distinct matched terms.
        var bestStart = 0
        var bestScore = -1
        var counts: [String: Int] = [:]
        var distinct = 0
        let width = min(window, tokens.count)
        for i in 0..<tokens.count {
            if matches[i] {
                counts[tokens[i].term, default: 0] += 1
                if counts[tokens[i].term] == 1 { distinct += 1 }
            }
            if i >= width, matches[i - width] {
                counts[tokens[i - width].term]! -= 1
                if counts[tokens[i - width].term] == 0 { distinct -= 1 }
            }
            if i >= width - 1, distinct > bestScore {
                bestScore = distinct
                bestStart = i - width + 1
            }
        }
        let first = tokens[bestStart], last = tokens[bestStart + width - 1]
        let from = bestStart == 0 ? 0 : first.utf8Start
        let to = bestStart + width == tokens.count ? utf8.count : last.utf8End
        var out = from > 0 ? "…" : ""
        var cursor = from
        for i in bestStart..<(bestStart + width) where matches[i] {
            let token = tokens[i]
            out += String(decoding: utf8[cursor..<token.utf8Start], as: UTF8.self)
            out += open + String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self) + close
            cursor = token.utf8End
        }
        out += String(decoding: utf8[cursor..<to], as: UTF8.self)
        if to < utf8.count { out += "…" }
        return out.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

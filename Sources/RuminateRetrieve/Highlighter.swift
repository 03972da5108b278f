import RuminateCore
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

    /// The snippet as text with the markers around matches.
    public func snippet(of text: String, terms: Set<String>, analyzer: TextAnalyzer) -> String {
        render(segments(of: text, terms: terms, analyzer: analyzer))
    }

    /// `segments` joined, highlighted ones between the markers.
    public func render(_ segments: [TextSegment]) -> String {
        segments.map { $0.highlighted ? open + $0.text + close : $0.text }.joined()
    }

    /// The snippet as pieces: the window of the passage with the most distinct query terms (an ellipsis
    /// where it is cut), its matches highlighted, each run of line breaks read as one space.
    public func segments(of text: String, terms: Set<String>, analyzer: TextAnalyzer) -> [TextSegment] {
        let tokens = analyzer.analyze(text)
        let utf8 = Array(text.utf8)
        guard !tokens.isEmpty else {
            return Self.plain([TextSegment(text: String(text.prefix(240)), highlighted: false)])
        }
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
        var segments: [TextSegment] = []
        var pending = from > 0 ? "…" : ""
        var cursor = from
        for i in bestStart..<(bestStart + width) where matches[i] {
            let token = tokens[i]
            pending += String(decoding: utf8[cursor..<token.utf8Start], as: UTF8.self)
            if !pending.isEmpty { segments.append(TextSegment(text: pending, highlighted: false)) }
            segments.append(
                TextSegment(
                    text: String(decoding: utf8[token.utf8Start..<token.utf8End], as: UTF8.self), highlighted: true))
            pending = ""
            cursor = token.utf8End
        }
        pending += String(decoding: utf8[cursor..<to], as: UTF8.self)
        if to < utf8.count { pending += "…" }
        if !pending.isEmpty { segments.append(TextSegment(text: pending, highlighted: false)) }
        return Self.plain(segments)
    }

    /// Each run of line breaks as one space and none at either end of the snippet, as if the joined text
    /// were split at line breaks and rejoined with spaces; empty pieces dropped.
    static func plain(_ segments: [TextSegment]) -> [TextSegment] {
        var out: [TextSegment] = []
        var started = false, inBreak = false
        for segment in segments {
            var text = ""
            for character in segment.text {
                if character.isNewline {
                    if started && !inBreak { text.append(" ") }
                    inBreak = true
                } else {
                    text.append(character)
                    started = true
                    inBreak = false
                }
            }
            out.append(TextSegment(text: text, highlighted: segment.highlighted))
        }
        if inBreak, let last = out.indices.last(where: { !out[$0].text.isEmpty }), out[last].text.last == " " {
            out[last].text.removeLast()  // the space of trailing line breaks
        }
        return out.filter { !$0.text.isEmpty }
    }
}

import Foundation
import RuminateCore

/// SciFact's original release (`original/claims_*.jsonl`, `original/corpus.jsonl`): claims whose evidence
/// names rationale sentences (indices into each abstract's list of sentences).
public struct SciFactClaim: Sendable, Hashable {
    public var id: Int
    public var text: String
    /// Gold document id (the BEIR `_id`) → indices of its rationale sentences.
    public var rationales: [String: [Int]]

    public init(id: Int, text: String, rationales: [String: [Int]]) {
        self.id = id
        self.text = text
        self.rationales = rationales
    }
}

public enum SciFactClaims {
    /// The claims of `path` that have evidence (the others are not answerable from the corpus).
    public static func load(_ path: String) throws -> [SciFactClaim] {
        var claims: [SciFactClaim] = []
        for (number, line) in try lines(of: path).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = object["id"] as? Int, let text = object["claim"] as? String
            else {
                throw RuminateError(
                    .malformedInput, "\(path) line \(number + 1) is not a SciFact claim (`id`, `claim`, `evidence`)",
                    hint: "point at a SciFact folder holding original/claims_dev.jsonl")
            }
            var rationales: [String: [Int]] = [:]
            for (document, sets) in object["evidence"] as? [String: Any] ?? [:] {
                let indices = (sets as? [[String: Any]] ?? []).flatMap { $0["sentences"] as? [Int] ?? [] }
                if !indices.isEmpty { rationales[document] = Array(Set(indices)).sorted() }
            }
            if !rationales.isEmpty { claims.append(SciFactClaim(id: id, text: text, rationales: rationales)) }
        }
        return claims
    }

    /// The abstracts (lists of sentences) of the documents in `ids`, from `original/corpus.jsonl`.
    public static func abstracts(_ path: String, ids: Set<String>) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in try lines(of: path) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            let id = (object["doc_id"] as? Int).map(String.init) ?? (object["doc_id"] as? String) ?? ""
            if ids.contains(id), let sentences = object["abstract"] as? [String] { result[id] = sentences }
        }
        return result
    }

    private static func lines(of path: String) throws -> [Substring] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RuminateError(
                .fileUnreadable, "cannot read \(path)",
                hint: "point at a SciFact folder with original/claims_*.jsonl and original/corpus.jsonl", cause: error)
        }
        return text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
    }
}

/// Finds an abstract's sentences in a document's stored text. BEIR's SciFact corpus built each `text` as
/// the abstract's sentences, each stripped of surrounding whitespace, joined by single spaces; the search
/// below does not rely on the separator, only on the order.
public enum GoldSentenceLocator {
    /// The scalar span of each sentence (nil when it cannot be found after the previous one).
    public static func spans(of sentences: [String], in text: String) -> [SourceSpan?] {
        let haystack = Array(text.unicodeScalars)
        var cursor = 0
        return sentences.map { sentence in
            let needle = Array(sentence.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
            guard !needle.isEmpty, let start = find(needle, in: haystack, from: cursor) else { return nil }
            cursor = start + needle.count
            return SourceSpan(start: start, end: start + needle.count)
        }
    }

    private static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var start = from
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start
            }
            start += 1
        }
        return nil
    }

    /// Whether a cited span hits a gold span: they overlap by at least half of the shorter one. Sentence
    /// splitters disagree at the edges (ICU vs SciFact's own splitting), so exact equality would be too strict,
    /// while half of the shorter rules out a neighbouring sentence sharing a few characters.
    public static func hits(_ cited: SourceSpan, _ gold: SourceSpan, minimumShare: Double = 0.5) -> Bool {
        let overlap = min(cited.end, gold.end) - max(cited.start, gold.start)
        let shorter = min(cited.length, gold.length)
        return overlap > 0 && shorter > 0 && Double(overlap) >= minimumShare * Double(shorter)
    }
}

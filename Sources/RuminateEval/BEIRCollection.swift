import Foundation
import RuminateCore

/// A BEIR-format test collection: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`.
public struct BEIRCollection: Sendable {
    public var root: String
    public var corpusPath: String { root + "/corpus.jsonl" }
    public var queries: [(id: String, text: String)]
    /// query id → document id → graded relevance.
    public var qrels: [String: [String: Int]]

    public init(root: String, split: String) throws {
        let root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = root
        let fm = FileManager.default
        for required in ["corpus.jsonl", "queries.jsonl", "qrels/\(split).tsv"]
        where !fm.fileExists(atPath: root + "/" + required) {
            throw RuminateError(
                .notFound, "\(root) is not a BEIR collection: \(required) is missing",
                hint: "point at a folder with corpus.jsonl, queries.jsonl and qrels/\(split).tsv")
        }
        var qrels: [String: [String: Int]] = [:]
        let qrelsText = try String(contentsOfFile: root + "/qrels/\(split).tsv", encoding: .utf8)
        for (number, line) in qrelsText.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: "\t").map(String.init)
            if number == 0 && fields.first == "query-id" { continue }
            guard fields.count >= 3, let score = Int(fields[2]) else {
                throw RuminateError(
                    .malformedInput, "qrels/\(split).tsv line \(number + 1) is not `query-id<TAB>corpus-id<TAB>score`")
            }
            qrels[fields[0], default: [:]][fields[1]] = score
        }
        var queries: [(String, String)] = []
        let queryText = try String(contentsOfFile: root + "/queries.jsonl", encoding: .utf8)
        for line in queryText.split(whereSeparator: \.isNewline) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String
            else { continue }
            let id = (object["_id"] as? String) ?? (object["_id"] as? NSNumber)?.stringValue ?? ""
            if qrels[id] != nil { queries.append((id, text)) }
        }
        self.queries = queries
        self.qrels = qrels
    }
}

/// Standard retrieval metrics with BEIR's conventions (linear gain = qrels score, log2 discount).
public enum RetrievalMetrics {
    public static func ndcg(ranked: [String], relevance: [String: Int], at k: Int) -> Double {
        var dcg = 0.0
        for (i, id) in ranked.prefix(k).enumerated() {
            dcg += Double(relevance[id] ?? 0) / log2(Double(i) + 2)
        }
        let ideal = relevance.values.sorted(by: >).prefix(k)
        var idcg = 0.0
        for (i, gain) in ideal.enumerated() { idcg += Double(gain) / log2(Double(i) + 2) }
        return idcg > 0 ? dcg / idcg : 0
    }

    public static func recall(ranked: [String], relevance: [String: Int], at k: Int) -> Double {
        let relevant = Set(relevance.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        return Double(Set(ranked.prefix(k)).intersection(relevant).count) / Double(relevant.count)
    }

    public static func reciprocalRank(ranked: [String], relevance: [String: Int], at k: Int) -> Double {
        for (i, id) in ranked.prefix(k).enumerated() where (relevance[id] ?? 0) > 0 { return 1 / Double(i + 1) }
        return 0
    }
}

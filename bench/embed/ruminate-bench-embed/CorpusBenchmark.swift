import Foundation
import RuminateEmbed

/// Corpus throughput, single-query latency and dense nDCG@10, measured like st_minilm_beir.py.
enum CorpusBenchmark {
    static func run(folder: String, options: Options, embedder: SentenceEmbedder, report: inout [String: Any]) {
        let corpus = jsonLines(folder + "/corpus.jsonl")
        var documents = corpus.map { document -> (id: String, text: String) in
            let title = document["title"] as? String ?? ""
            let text = document["text"] as? String ?? ""
            return ("\(document["_id"] ?? "")", (title + " " + text).trimmingCharacters(in: .whitespaces))
        }
        if let limit = options.limit { documents = Array(documents.prefix(limit)) }
        let texts = documents.map(\.text)

        var tokenized: [[Int32]] = []
        let tokenizeSeconds = seconds { tokenized = embedder.tokenize(texts) }
        let tokens = tokenized.reduce(0) { $0 + $1.count }
        if options.tokenizeOnly {
            let bytes = texts.reduce(0) { $0 + $1.utf8.count }
            report["docs"] = texts.count
            report["tokens"] = tokens
            report["tokenize_s"] = rounded(tokenizeSeconds, 3)
            report["tokenize_mb_per_s"] = rounded(Double(bytes) / tokenizeSeconds / 1e6)
            return
        }

        var embeddings: [[Float]] = []
        var runs: [Double] = []
        for _ in 0..<options.runs {
            runs.append(seconds { embeddings = embedder.embed(texts) })
        }
        let encode = median(runs)
        report["docs"] = texts.count
        report["tokens"] = tokens
        report["tokenize_s"] = rounded(tokenizeSeconds, 3)
        report["encode_s_runs"] = runs.map { rounded($0) }
        report["encode_s"] = rounded(encode)
        report["tokens_per_s"] = rounded(Double(tokens) / encode, 1)
        report["docs_per_s"] = rounded(Double(texts.count) / encode)

        // Queries in file order, as the peer takes them (its latency query is the first one with judgements).
        let queryList = jsonLines(folder + "/queries.jsonl").map { ("\($0["_id"] ?? "")", $0["text"] as? String ?? "") }
        let queries = Dictionary(queryList, uniquingKeysWith: { first, _ in first })
        let qrels = readQrels(folder + "/qrels/test.tsv")
        let queryIDs = queryList.map(\.0).filter { qrels[$0] != nil }
        guard let firstQuery = queryIDs.first.flatMap({ queries[$0] }) else { return }

        _ = embedder.embed(firstQuery)
        var latencies: [Double] = []
        for _ in 0..<50 { latencies.append(seconds { _ = embedder.embed(firstQuery) }) }
        report["single_query_ms_median"] = rounded(1000 * median(latencies))

        guard options.ndcg else { return }
        let queryVectors = embedder.embed(queryIDs.map { queries[$0] ?? "" })
        var total = 0.0
        for (queryID, vector) in zip(queryIDs, queryVectors) {
            let scored = embeddings.enumerated().map {
                (index: $0.offset, score: zip($0.element, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 })
            }
            let ranked = scored.sorted { $0.score > $1.score }.prefix(11).map { documents[$0.index].id }
                .filter { $0 != queryID }.prefix(10)
            let relevant = qrels[queryID] ?? [:]
            let dcg = ranked.enumerated().reduce(0.0) { sum, item in
                sum + (pow(2, Double(relevant[item.element] ?? 0)) - 1) / log2(Double(item.offset) + 2)
            }
            let ideal = relevant.values.sorted(by: >).prefix(10).enumerated().reduce(0.0) { sum, item in
                sum + (pow(2, Double(item.element)) - 1) / log2(Double(item.offset) + 2)
            }
            total += ideal > 0 ? dcg / ideal : 0
        }
        report["ndcg@10_dense"] = rounded(total / Double(queryIDs.count), 4)
    }

    static func readQrels(_ path: String) -> [String: [String: Int]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var qrels: [String: [String: Int]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let score = Int(fields[2]) else { continue }
            qrels[String(fields[0]), default: [:]][String(fields[1])] = score
        }
        return qrels
    }
}

/// Cosine similarity of our embeddings to a reference file (`items` with `text` and `embedding`, optionally
/// `input_ids`), e.g. ../shared/eval/minilm/reference_embeddings.json.
enum ReferenceCheck {
    static func run(_ path: String, embedder: SentenceEmbedder) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let items = json["items"] as? [[String: Any]]
        else { fail("cannot read reference items from \(path)") }
        let texts = items.map { $0["text"] as? String ?? "" }
        let ours = embedder.embed(texts)
        var cosines: [Double] = []
        var idMismatches = 0
        for (item, vector) in zip(items, ours) {
            let reference = (item["embedding"] as? [Double] ?? []).map(Float.init)
            let dot = zip(reference, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let norm = reference.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            cosines.append(Double(dot / max(norm, 1e-12)))
            if let ids = item["input_ids"] as? [Int],
                ids != embedder.tokenizer.encode(item["text"] as? String ?? "").map(Int.init)
            {
                idMismatches += 1
            }
        }
        return [
            "texts": texts.count, "min_cosine": rounded(cosines.min() ?? 0, 7),
            "mean_cosine": rounded(cosines.reduce(0, +) / Double(max(1, cosines.count)), 7),
            "input_id_mismatches": idMismatches,
        ]
    }
}

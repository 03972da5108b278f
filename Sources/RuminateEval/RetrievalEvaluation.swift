import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateRetrieve

/// `ruminate eval`: runs every query of a split and measures the ranking.
public struct RetrievalEvaluation {
    public struct QueryResult: Sendable, Codable {
        public var id: String
        public var query: String
        public var ndcg10: Double
        public var recall100: Double
        public var recall10: Double
        public var mrr10: Double
        public var top: [String]

        enum CodingKeys: String, CodingKey {
            case id, query, ndcg10 = "ndcg_at_10", recall100 = "recall_at_100", recall10 = "recall_at_10"
            case mrr10 = "mrr_at_10", top
        }
    }

    public struct Summary: Sendable, Codable {
        public var collection: String
        public var split: String
        public var mode: String
        /// Whether the top passages were reranked (`RerankingRanker`).
        public var reranked: Bool
        public var documents: Int
        public var queries: Int
        public var ndcg10: Double
        public var recall100: Double
        public var recall10: Double
        public var mrr10: Double
        /// Single thread, top-10 documents per query, median over `repeats` timed passes.
        public var queriesPerSecond: Double
        public var medianQueryMilliseconds: Double
        /// Vector mode: the share of queries whose top-10 equals the float32 brute-force top-10.
        public var exactTop10Recall: Double?
        public var perQuery: [QueryResult]?

        /// The metrics' usual names (nDCG@10 is `ndcg_at_10`), in snake_case like every JSON Ruminate prints.
        enum CodingKeys: String, CodingKey {
            case collection, split, mode, reranked, documents, queries
            case ndcg10 = "ndcg_at_10", recall100 = "recall_at_100", recall10 = "recall_at_10", mrr10 = "mrr_at_10"
            case queriesPerSecond = "queries_per_second", medianQueryMilliseconds = "median_query_ms"
            case exactTop10Recall = "exact_top_10_recall", perQuery = "per_query"
        }
    }

    public let collection: BEIRCollection
    public let index: any IndexStore
    public var parameters: BM25Parameters
    public var fusion: FusionParameters
    public let embedder: (any TextEmbedder)?
    /// How documents are named against the qrels: BEIR member ids, or file names (a fact set's `gold_file`).
    public var naming: DocumentNaming = .memberID
    /// How many passages the reranker reorders, when a run reranks.
    public var rerankDepth = RerankSettings().depth

    public init(
        collection: BEIRCollection, index: any IndexStore, parameters: BM25Parameters = .default,
        embedder: (any TextEmbedder)? = nil, fusion: FusionParameters = FusionParameters()
    ) {
        self.collection = collection
        self.index = index
        self.parameters = parameters
        self.embedder = embedder
        self.fusion = fusion
    }

    /// Indexes the collection's corpus into `index` unless it is already there and unchanged, and embeds
    /// what has no vector yet when an embedder is given.
    public static func ensureIndexed(
        _ collection: BEIRCollection, index: any IndexStore, progress: ProgressReporter,
        embedder: (any TextEmbedder)? = nil
    ) throws -> IngestReport {
        let options = IngestOptions(crawl: .init(roots: [collection.corpusPath]))
        return try IndexingRun(index: index, options: options, embedder: embedder, progress: progress).run()
    }

    public func run(
        split: String, repeats: Int = 3, keepPerQuery: Bool = false, mode: SearchMode = .lexical, rerank: Bool = false
    ) throws -> Summary {
        let ranker = try documentRanker(mode: mode, rerank: rerank)
        var results: [QueryResult] = []
        var ndcg = 0.0, recall = 0.0, recall10 = 0.0, mrr = 0.0
        for query in collection.queries {
            let ranked = try ranker.rank(query.text, limit: 101).filter { $0 != query.id }
            let relevance = collection.qrels[query.id] ?? [:]
            let result = QueryResult(
                id: query.id, query: query.text,
                ndcg10: RetrievalMetrics.ndcg(ranked: ranked, relevance: relevance, at: 10),
                recall100: RetrievalMetrics.recall(ranked: ranked, relevance: relevance, at: 100),
                recall10: RetrievalMetrics.recall(ranked: ranked, relevance: relevance, at: 10),
                mrr10: RetrievalMetrics.reciprocalRank(ranked: ranked, relevance: relevance, at: 10),
                top: Array(ranked.prefix(10)))
            ndcg += result.ndcg10
            recall += result.recall100
            recall10 += result.recall10
            mrr += result.mrr10
            results.append(result)
        }
        // Timing: the same top-10 document ranking, repeated, median pass.
        var passes: [Double] = []
        var perQuery: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            for query in collection.queries {
                let q0 = DispatchTime.now().uptimeNanoseconds
                _ = try ranker.rank(query.text, limit: 10)
                perQuery.append(Double(DispatchTime.now().uptimeNanoseconds - q0) / 1e6)
            }
            passes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let n = Double(max(1, collection.queries.count))
        var exact: Double?
        if mode == .vector {
            var agreeing = 0
            for query in collection.queries where try ranker.searcher.vectorSearchIsExact(query.text) { agreeing += 1 }
            exact = Double(agreeing) / n
        }
        let status = try index.status()
        return Summary(
            collection: collection.root, split: split, mode: mode.rawValue, reranked: rerank,
            documents: status.documents, queries: collection.queries.count, ndcg10: ndcg / n, recall100: recall / n,
            recall10: recall10 / n,
            mrr10: mrr / n,
            queriesPerSecond: n / median(passes), medianQueryMilliseconds: median(perQuery),
            exactTop10Recall: exact, perQuery: keepPerQuery ? results : nil)
    }
}

extension RetrievalEvaluation {
    /// A loaded document ranker for `mode`, reranking `rerankDepth` passages when `rerank` is set.
    func documentRanker(mode: SearchMode, rerank: Bool) throws -> DocumentRanker {
        let ranker = DocumentRanker(
            index: index, parameters: parameters, embedder: embedder, fusion: fusion, mode: mode, rerank: rerank,
            naming: naming)
        ranker.searcher.reranking.depth = rerankDepth
        try ranker.load()
        return ranker
    }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// How `DocumentRanker` names documents, to match them against relevance judgements.
public enum DocumentNaming: Sendable {
    /// BEIR: the member id of a JSON-lines record.
    case memberID
    /// A fact set: the document's file name (the last component of its path).
    case fileName
}

/// Ranks documents (by their best passage) and names them by member id, as BEIR qrels do.
final class DocumentRanker {
    let searcher: Searcher
    let mode: SearchMode
    let rerank: Bool
    let naming: DocumentNaming
    private var passageDocument: [Int64: Int64] = [:]
    private var documentName: [Int64: String] = [:]

    init(
        index: any IndexStore, parameters: BM25Parameters, embedder: (any TextEmbedder)?, fusion: FusionParameters,
        mode: SearchMode, rerank: Bool = false, naming: DocumentNaming = .memberID
    ) {
        searcher = Searcher(index: index, parameters: parameters, embedder: embedder, fusion: fusion)
        self.mode = mode
        self.rerank = rerank
        self.naming = naming
    }

    func load() throws {
        try searcher.index.read { session in
            passageDocument = try session.passageDocumentMap()
            let ids = Array(Set(passageDocument.values))
            switch naming {
            case .memberID: documentName = try session.memberIDs(documentIDs: ids)
            case .fileName:
                documentName = try session.documents(ids: ids).mapValues { ($0.path as NSString).lastPathComponent }
            }
        }
    }

    /// A document as the judgements name it.
    func name(ofDocument id: Int64) -> String { documentName[id] ?? String(id) }

    /// The best `limit` documents by their best passage. Exact: it widens the passage cut until it holds
    /// `limit` distinct documents (any document not yet seen scores below all of them) or every match.
    func rank(_ query: String, limit: Int) throws -> [String] {
        var wanted = limit * 2 + 8
        while true {
            let (ranked, scored) = try searcher.rankPassages(query, limit: wanted, mode: mode, rerank: rerank)
            var seen = Set<Int64>()
            var documents: [String] = []
            for item in ranked {
                guard let document = passageDocument[item.passageID], seen.insert(document).inserted else { continue }
                documents.append(name(ofDocument: document))
                if documents.count == limit { return documents }
            }
            if ranked.count >= scored { return documents }
            wanted *= 4
        }
    }
}

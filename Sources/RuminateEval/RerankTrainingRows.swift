import Foundation
import RuminateCore
import RuminateRetrieve

/// One candidate passage as a training example for the reranker: its features and whether its document is
/// relevant to the query.
public struct RerankTrainingRow: Sendable, Codable {
    /// The query it was a candidate for (rows of one query are weighed together when fitting).
    public var query: String
    /// Its document, named as the judgements name it.
    public var document: String
    /// The document's graded relevance (0: not judged relevant).
    public var label: Int
    /// Its rank in the ranking being reranked.
    public var baseRank: Int
    public var features: [Double]

    enum CodingKeys: String, CodingKey {
        case query, document, label, baseRank = "base_rank", features
    }
}

extension RetrievalEvaluation {
    /// The reranker's feature rows for every query of the collection: the top `depth` passages of `mode`,
    /// labelled with their document's relevance in the collection's judgements.
    public func rerankRows(mode: SearchMode) throws -> [RerankTrainingRow] {
        let ranker = try documentRanker(mode: mode, rerank: true)
        var rows: [RerankTrainingRow] = []
        for query in collection.queries {
            let relevance = collection.qrels[query.id] ?? [:]
            for row in try ranker.searcher.rerankFeatureRows(query.text, mode: mode) {
                let document = ranker.name(ofDocument: row.documentID)
                rows.append(
                    RerankTrainingRow(
                        query: query.id, document: document, label: relevance[document] ?? 0, baseRank: row.baseRank,
                        features: row.features))
            }
        }
        return rows
    }
}

extension BEIRCollection {
    /// A fact set as a retrieval collection: each answerable question with a `gold_file` is a query whose one
    /// relevant document is that page (matched by file name, `DocumentNaming.fileName`). `root` names the file.
    public init(factSet path: String) throws {
        var queries: [(id: String, text: String)] = []
        var qrels: [String: [String: Int]] = [:]
        for question in try FactSet.load(path) where !question.expectsAbstention {
            guard let gold = question.goldFile else { continue }
            queries.append((question.id, question.question))
            qrels[question.id] = [gold: 1]
        }
        self.root = URL(fileURLWithPath: path).standardizedFileURL.path
        self.queries = queries
        self.qrels = qrels
    }
}

import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText
import Testing

/// A toy ranker plugged in through the seam: coordination-level matching (how many distinct query terms a
/// passage holds), over the BM25F ranker's candidates, BM25F breaking ties.
struct CoordinationRanker: PassageRanker {
    let candidates: any PassageRanker
    let analyzer = TextAnalyzer()

    func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        var deeper = request
        deeper.limit = 100
        let base = try candidates.rank(deeper, in: session)
        let passages = try session.passages(ids: base.passages.map(\.passageID))
        let wanted = Set(request.plan.terms.map(\.term))
        let best = base.passages.first?.score ?? 1
        let rescored = base.passages.map { item in
            let terms = Set(analyzer.analyze(passages[item.passageID]?.text ?? "").map(\.term))
            return RankedPassage(
                passageID: item.passageID, score: Double(wanted.intersection(terms).count) + item.score / (2 * best))
        }.sorted { $0.score > $1.score }
        return Ranking(
            engine: base.engine, passages: Array(rescored.prefix(request.limit)), scoredCount: base.scoredCount)
    }

    static func coordination(_ text: String, _ query: String) -> Int {
        let analyzer = TextAnalyzer()
        let wanted = Set(QueryPlan(query: query, analyzer: analyzer).terms.map(\.term))
        return wanted.intersection(analyzer.analyze(text).map(\.term)).count
    }
}

@Suite struct PassageRankerTests {
    let corpus: [(title: String, paragraphs: [String])] = [
        ("Journal", ["The journal journal journal journal keeps pages."]),
        ("Crash recovery", ["After a crash the rollback journal restores the original pages of the database."]),
        ("Unrelated", ["Tokenizers split text into words."]),
    ]

    @Test func aRankerPluggedInThroughTheProtocolOrdersTheHits() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let query = "journal crash rollback database"
        let toy = CoordinationRanker(candidates: searcher.ranker(for: .lexical))
        let results = try searcher.search(query, options: SearchOptions(limit: 5), ranker: toy)
        #expect(results.engine == .bm25f)
        #expect(results.hits.map(\.document.title) == ["Crash recovery", "Journal"])
        for hit in results.hits {
            // The searcher materialised the toy's scores: the whole part is the passage's coordination level.
            #expect(Int(hit.score) == CoordinationRanker.coordination(hit.passage.text, query))
        }
        #expect(results.hits.map(\.rank) == [1, 2])
    }

    @Test func everyModeHasOneRankerForSearchAndEvaluation() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let query = "rollback journal"
        let ranked = try searcher.rankPassages(query, limit: 10, mode: .lexical).ranked
        let searched = try searcher.search(query, options: SearchOptions(limit: 10, mode: .lexical)).hits
        #expect(ranked.map(\.passageID) == searched.map(\.passage.id))
        #expect(ranked.map(\.score) == searched.map(\.score))
        // Without an embedder the vector and fused rankers have nothing to rank with.
        #expect(try searcher.rankPassages(query, limit: 10, mode: .vector).ranked.isEmpty)
        #expect(try searcher.rankPassages(query, limit: 10, mode: .hybrid).ranked.isEmpty)
    }
}

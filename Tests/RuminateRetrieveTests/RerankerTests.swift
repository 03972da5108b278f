import Foundation
import RuminateCore
import RuminateText
import Testing

@testable import RuminateRetrieve

/// Scores each candidate by its base rank, so the best-ranked comes last: proves any reranker plugs in.
private struct ReversingReranker: PassageReranker {
    func rerank(_ candidates: [RerankCandidate], query: RerankQuery, analyzer: TextAnalyzer, explain: Bool)
        -> [RerankScore]
    {
        candidates.map { RerankScore(score: Double($0.baseRank)) }
    }
}

/// A model that weighs one feature only.
private func model(_ feature: String, _ weight: Double) -> RerankModel {
    var weights = Array(repeating: 0.0, count: RerankFeatures.names.count)
    weights[RerankFeatures.names.firstIndex(of: feature)!] = weight
    return RerankModel(bias: 0, weights: weights)
}

@Suite struct RerankerTests {
    let corpus: [(title: String, paragraphs: [String])] = [
        ("Notes", ["Vacuum vacuum vacuum."]),
        (
            "Maintenance",
            [
                "The vacuum command rebuilds the database file, repacking it into a minimal amount of disk space; it can take a while on large files with many pages."
            ]
        ),
        ("Checkpoints", ["A checkpoint moves pages from the log into the database; vacuum is something else."]),
        ("Journal", ["The rollback journal keeps original pages."]),
    ]

    func value(_ features: [Double], _ name: String) -> Double {
        features[RerankFeatures.names.firstIndex(of: name)!]
    }

    @Test func featuresOfASmallFixture() throws {
        let analyzer = TextAnalyzer()
        let plan = QueryPlan(query: "write ahead logging", analyzer: analyzer)
        #expect(plan.terms.map(\.term) == ["write", "ahead", "log"])
        let query = RerankQuery(
            plan: plan, idf: ["write": 1, "ahead": 2, "log": 3], analyzer: analyzer, hasVectorLeg: true)
        func passage(_ id: Int64, _ text: String, headings: [String] = []) -> PassageInfo {
            PassageInfo(
                id: id, documentID: id, ordinal: 0, span: SourceSpan(start: 0, end: text.unicodeScalars.count),
                headingPath: headings, text: text)
        }
        let candidates = [
            RerankCandidate(
                passage: passage(1, "The write ahead log is fast. Nothing else matters.", headings: ["Journal modes"]),
                title: "Write-ahead logging", baseRank: 1, baseScore: 0.03, lexicalRank: 1, lexicalScore: 4,
                vectorRank: 2, vectorScore: 0.6),
            RerankCandidate(
                passage: passage(2, "Logging helps. Clerks write pages ahead."), title: "Pages", baseRank: 2,
                baseScore: 0.02, lexicalRank: 2, lexicalScore: 2, vectorRank: 1, vectorScore: 0.8),
        ]
        let features = RerankFeatures.vectors(candidates, query: query, analyzer: analyzer)
        let a = features[0], b = features[1]
        #expect(a.count == RerankFeatures.names.count)
        #expect(value(a, "lexical_score") == 1 && value(b, "lexical_score") == 0.5)
        #expect(abs(value(a, "log_bm25") - log(5) / log(100)) < 1e-12)
        #expect(value(a, "lexical_rank") == 1 && abs(value(b, "lexical_rank") - 1 / log2(3)) < 1e-12)
        #expect(value(a, "vector_cosine") == 0.6 && value(b, "vector_cosine") == 0.8)
        #expect(value(a, "vector_rank") == 1 / log2(3) && value(b, "vector_rank") == 1)
        #expect(value(a, "base_rank") == 1)
        // Where the query's weight (write 1, ahead 2, log 3) lands.
        #expect(value(a, "title_share") == 1 && value(b, "title_share") == 0)
        #expect(value(a, "headings_share") == 0)
        #expect(value(a, "passage_share") == 1 && value(b, "passage_share") == 1)
        // A's first sentence holds every term; B's sentences hold log (3 of 6) and write + ahead (3 of 6).
        #expect(value(a, "sentence_coverage") == 1 && value(b, "sentence_coverage") == 0.5)
        #expect(value(a, "sentence_bm25") == 1 && value(b, "sentence_bm25") < 1)
        // A: write ahead log adjacent; B: log … write … ahead over six words (log help clerk write page ahead).
        #expect(value(a, "proximity") == 1 && value(b, "proximity") == 0.5)
        #expect(value(a, "bigrams") == 1 && value(b, "bigrams") == 0)

        let lexicalOnly = RerankQuery(
            plan: plan, idf: ["write": 1, "ahead": 2, "log": 3], analyzer: analyzer, hasVectorLeg: false)
        let withoutVectors = RerankFeatures.vectors(candidates, query: lexicalOnly, analyzer: analyzer)
        for name in ["vector_cosine", "vector_rank"] {
            #expect(withoutVectors.allSatisfy { value($0, name) == 0 })
        }
    }

    @Test func theOrderChangesWhereTheFeaturesSaySo() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let plain = try searcher.search("vacuum", options: SearchOptions(rerank: false)).hits.map(\.document.title)
        // BM25 prefers the short passage and its three mentions; the long one comes last.
        #expect(plain == ["Notes", "Checkpoints", "Maintenance"])
        // Longer passages first: the order turns round.
        searcher.reranking.reranker = LearnedReranker(lexicalOnly: model("log_words", 10))
        let longer = try searcher.search("vacuum", options: SearchOptions(rerank: true)).hits
        #expect(longer.map(\.document.title) == ["Maintenance", "Checkpoints", "Notes"])
        #expect(zip(longer, longer.dropFirst()).allSatisfy { $0.score >= $1.score })
        // Shorter first: BM25's order stands.
        searcher.reranking.reranker = LearnedReranker(lexicalOnly: model("log_words", -10))
        #expect(try searcher.search("vacuum", options: SearchOptions(rerank: true)).hits.map(\.document.title) == plain)
    }

    @Test func anyRerankerPlugsInAndOnlyTheTopDepthIsReordered() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let plain = try searcher.search("vacuum pages", options: SearchOptions(rerank: false)).hits.map(\.passage.id)
        #expect(plain.count == 4)
        searcher.reranking = RerankSettings(reranker: ReversingReranker(), depth: 3)
        let hits = try searcher.search("vacuum pages", options: SearchOptions(rerank: true)).hits
        #expect(hits.map(\.passage.id) == [plain[2], plain[1], plain[0], plain[3]])
        #expect(hits.last?.score == 0)  // below the depth: not reranked, kept in place
        // Off by default; on by default when the settings say so.
        #expect(try searcher.search("vacuum pages").hits.map(\.passage.id) == plain)
        searcher.reranking.byDefault = true
        #expect(try searcher.search("vacuum pages").hits.map(\.passage.id) == hits.map(\.passage.id))
    }

    @Test func theExplanationAddsUpToTheScore() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let hits = try searcher.search("vacuum pages", options: SearchOptions(explain: true, rerank: true)).hits
        #expect(hits.count == 4)
        for hit in hits {
            let explanation = try #require(hit.explanation)
            #expect(abs(explanation.value - hit.score) < 1e-12)
            #expect(explanation.description.hasPrefix("reranked (top 50 of the lexical ranking)"))
            let z = explanation.details[0]
            #expect(abs(z.details.map(\.value).reduce(0, +) - z.value) < 1e-9)
            #expect(abs(1 / (1 + exp(-z.value)) - hit.score) < 1e-12)
            #expect(z.details.contains { $0.description.hasPrefix("sentence_coverage ") })
            // What was reranked, with the BM25F explanation beneath it.
            let before = try #require(explanation.details.last)
            #expect(before.description.hasPrefix("lexical ranking, rank "))
            #expect(before.details.first?.description.hasPrefix("BM25F") == true)
        }
    }

    @Test func featureRowsFollowTheBaseRanking() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let plain = try searcher.search("vacuum pages", options: SearchOptions(rerank: false)).hits
        let rows = try searcher.rerankFeatureRows("vacuum pages", mode: .lexical)
        #expect(rows.map(\.passageID) == plain.map(\.passage.id))
        #expect(rows.map(\.baseRank) == [1, 2, 3, 4])
        #expect(rows.allSatisfy { $0.features.count == RerankFeatures.names.count })
    }
}

import RuminateCore
import RuminateIndex
import Testing

@testable import RuminateRetrieve

@Suite struct SearcherTests {
    let corpus: [(title: String, paragraphs: [String])] = [
        (
            "Write-ahead logging",
            [
                "The write-ahead log lets readers run while a writer commits.",
                "Checkpoints copy the WAL back into the database file.",
            ]
        ),
        ("Rollback journal", ["The rollback journal keeps the original pages so a crash can be undone."]),
        (
            "Full-text search",
            [
                "FTS5 tokenizers split text into tokens; the porter tokenizer stems English words such as running and runs."
            ]
        ),
        ("中文检索", ["深度研究需要对中文文本进行分词，然后建立倒排索引。"]),
    ]

    @Test func ranksTheDocumentThatIsAboutTheQueryFirst() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let results = try searcher.search("how does write-ahead logging work")
        #expect(results.engine == .bm25f)
        #expect(results.hits.first?.document.title == "Write-ahead logging")
        #expect(results.hits.map(\.rank) == Array(1...results.hits.count))
        #expect(zip(results.hits, results.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func stemmingAndChineseMatch() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        #expect(try searcher.search("runner ran running").hits.first?.document.title == "Full-text search")
        let chinese = try searcher.search("深度研究")
        #expect(chinese.hits.first?.document.title == "中文检索")
        #expect(chinese.hits.first?.snippet.contains("<mark>深度</mark>") == true)
    }

    @Test func passageOffsetsPointIntoTheStoredText() throws {
        let index = try makeIndex(corpus)
        let hits = try Searcher(index: index).search("checkpoints WAL database").hits
        #expect(!hits.isEmpty)
        for hit in hits {
            let text = try index.read { try $0.documentText(id: hit.document.id) }!
            #expect(text.slice(hit.passage.span) == hit.passage.text)
        }
    }

    @Test func explanationAddsUpToTheScore() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let hits = try searcher.search("rollback journal crash", options: SearchOptions(limit: 3, explain: true)).hits
        let top = try #require(hits.first)
        let explanation = try #require(top.explanation)
        let sum = explanation.details.map(\.value).reduce(0, +)
        #expect(abs(sum - top.score) < 1e-9)
        #expect(explanation.details.count == 3)
        #expect(explanation.rendered().contains("idf"))
    }

    @Test func titleWeightMovesTitleMatchesUp() throws {
        let docs: [(title: String, paragraphs: [String])] = [
            ("Vacuum", ["Other words entirely here, about nothing much at all."]),
            ("Storage notes", ["The vacuum command rebuilds the database file and other words."]),
        ]
        let index = try makeIndex(docs)
        var parameters = BM25Parameters.default
        parameters.weights = FieldWeights(title: 0.01, headings: 1, body: 1)
        #expect(
            try Searcher(index: index, parameters: parameters).search("vacuum").hits.first?.document.title
                == "Storage notes")
        parameters.weights = FieldWeights(title: 5, headings: 1, body: 1)
        #expect(
            try Searcher(index: index, parameters: parameters).search("vacuum").hits.first?.document.title == "Vacuum")
    }

    @Test func hostileQueriesNeverReachFTS5Raw() throws {
        let index = try makeIndex(corpus)
        let searcher = Searcher(index: index)
        var engines: Set<Engine> = []
        for query in [
            "title:foo NEAR(\"x\" OR", "\"unbalanced", "((((", "AND OR NOT", "*", "col:\"journal\"",
            "NEAR(journal crash, 2)",
        ] {
            let results = try searcher.search(query)  // must not throw
            engines.insert(results.engine)
            switch results.engine {
            case .bm25f:
                break
            case .fts5:
                // Only the analysed words, each quoted, reach FTS5: the hits are exactly that pattern's.
                let pattern = try #require(results.plan.anyWordPattern)
                let expected = try index.read {
                    try $0.fullTextMatch(pattern, weights: searcher.parameters.weights, limit: 10)
                }
                #expect(results.hits.map(\.passage.id) == expected.map(\.passageID), "\(query)")
            default:
                Issue.record("\(query) was ranked by \(results.engine)")
            }
        }
        #expect(engines == [.bm25f, .fts5])
        #expect(try searcher.search("NEAR(journal crash, 2)").engine == .bm25f)
        #expect(try searcher.search("\"rollback journal").hits.first?.document.title == "Rollback journal")
    }

    @Test func stopwordOnlyQueriesFallBackToFullText() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let results = try searcher.search("the")
        #expect(results.engine == .fts5)
        #expect(!results.hits.isEmpty)
    }

    @Test func advancedSyntaxIsOptIn() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let phrase = try searcher.search("\"rollback journal\"", options: SearchOptions(fullTextSyntax: true))
        #expect(phrase.engine == .fts5)
        #expect(phrase.hits.count == 1)
        let column = try searcher.search("title:vacuum OR title:rollback", options: SearchOptions(fullTextSyntax: true))
        #expect(column.hits.first?.document.title == "Rollback journal")
        let error = #expect(throws: RuminateError.self) {
            try searcher.search("NEAR(", options: SearchOptions(fullTextSyntax: true))
        }
        #expect(error?.code == .invalidQuery)
    }

    @Test func noMatchGivesNoHits() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        #expect(try searcher.search("zyzzyva quux").hits.isEmpty)
    }
}

import RuminateCore
import RuminateIndex
import Testing

@testable import RuminateRetrieve

@Suite struct QueryLimitsTests {
    let corpus: [(title: String, paragraphs: [String])] = [
        ("Write-ahead logging", ["The write-ahead log lets readers run while a writer commits."]),
        ("Rollback journal", ["The rollback journal keeps the original pages so a crash can be undone."]),
    ]

    static func words(_ count: Int, _ word: String = "journal") -> String {
        Array(repeating: word, count: count).joined(separator: " ")
    }

    @Test func aFullTextQueryPastItsWordLimitIsRefusedBeforeAnyWork() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let options = SearchOptions(fullTextSyntax: true)
        // 2,000 repeated words cost FTS5's ranking 42 s on the SQLite documentation; here it would be quick, but
        // the refusal comes first.
        for query in [Self.words(2_000, "wal"), Self.words(33, "journal OR") + " journal"] {
            let error = #expect(throws: RuminateError.self) { try searcher.search(query, options: options) }
            #expect(error?.code == .invalidQuery)
            #expect(error?.message.contains("at most 64 are allowed") == true)
        }
        #expect(try searcher.search(Self.words(64), options: options).hits.count == 1)
        // Plain queries are not held to the full-text word limit.
        #expect(try searcher.search(Self.words(2_000)).hits.count == 1)
    }

    @Test func deepParenthesesAreRefusedButNotInsideStrings() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let options = SearchOptions(fullTextSyntax: true)
        let deep = String(repeating: "(", count: 17) + "journal" + String(repeating: ")", count: 17)
        let error = #expect(throws: RuminateError.self) { try searcher.search(deep, options: options) }
        #expect(error?.code == .invalidQuery)
        #expect(error?.message.contains("17 deep") == true)
        let allowed = String(repeating: "(", count: 16) + "journal" + String(repeating: ")", count: 16)
        #expect(try searcher.search(allowed, options: options).hits.count == 1)
        let quoted = "\"" + String(repeating: "(", count: 40) + "rollback journal\""
        #expect(try searcher.search(quoted, options: options).hits.count == 1)
    }

    @Test func anyQueryPastTheLengthLimitIsRefused() {
        let long = String(repeating: "a", count: QueryLimits.maximumLength + 1)
        for fullText in [false, true] {
            let error = #expect(throws: RuminateError.self) { try QueryLimits.check(long, fullTextSyntax: fullText) }
            #expect(error?.code == .invalidQuery)
        }
        #expect(throws: Never.self) {
            try QueryLimits.check(String(long.dropLast()), fullTextSyntax: false)
        }
    }

    @Test func aSearchPastItsDeadlineIsInterruptedInEveryMode() throws {
        let searcher = Searcher(index: try makeIndex(corpus))
        let deadline = QueryDeadline()
        searcher.deadline = deadline
        #expect(try searcher.search("rollback journal").hits.count == 1)
        deadline.cancel("the server is shutting down")
        for options in [SearchOptions(), SearchOptions(fullTextSyntax: true), SearchOptions(rerank: true)] {
            let error = #expect(throws: RuminateError.self) {
                try searcher.search("rollback journal", options: options)
            }
            #expect(error?.code == .interrupted)
        }
        let error = #expect(throws: RuminateError.self) { try searcher.rankPassages("journal", limit: 5) }
        #expect(error?.code == .interrupted)
        searcher.deadline = nil
        #expect(try searcher.search("rollback journal").hits.count == 1)
    }

    @Test func theLexicalRankerLooksAtTheDeadlineBetweenTerms() throws {
        let index = try makeIndex(corpus)
        let deadline = QueryDeadline()
        deadline.cancel("the client went away")
        let request = RankingRequest(
            query: "rollback journal", plan: QueryPlan(query: "rollback journal", analyzer: .init()), limit: 5,
            deadline: deadline)
        let error = #expect(throws: RuminateError.self) {
            try index.read { session in try LexicalRanker().rank(request, in: session) }
        }
        #expect(error?.message == "the query was stopped: the client went away")
    }
}

import RuminateCore
import RuminateService
import Testing

@Suite struct ServiceRequestsTests {
    @Test func boundsAreCheckedWithTheWireNameOrTheFrontEndsSpelling() {
        let search = #expect(throws: RuminateError.self) { try SearchRequest(query: "x", limit: 0).validated() }
        #expect(search?.code == .invalidArgument)
        #expect(search?.message == "k must be between 1 and 10000 (got 0)")
        let cli = #expect(throws: RuminateError.self) {
            try AskRequest(question: "x", sentences: 51).validated(spellings: ["sentences": "-n"])
        }
        #expect(cli?.message == "-n must be between 1 and 50 (got 51)")
        let passages = #expect(throws: RuminateError.self) { try AskRequest(question: "x", passages: 1001).validated() }
        #expect(passages?.message == "passages must be between 1 and 1000 (got 1001)")
        let research = #expect(throws: RuminateError.self) { try ResearchRequest(topic: "x", aspects: 11).validated() }
        #expect(research?.message == "aspects must be between 1 and 10 (got 11)")
        let context = #expect(throws: RuminateError.self) { try KnowledgeService.contextBound.check(100_001) }
        #expect(context?.message == "context must be between 0 and 100000 characters (got 100001)")
    }

    @Test func theLimitsThemselvesAreAccepted() throws {
        for bound in [
            SearchRequest.limitBound, AskRequest.sentencesBound, AskRequest.passagesBound, ResearchRequest.roundsBound,
            ResearchRequest.aspectsBound, KnowledgeService.contextBound,
        ] {
            try bound.check(bound.range.lowerBound)
            try bound.check(bound.range.upperBound)
            #expect(throws: RuminateError.self) { try bound.check(bound.range.lowerBound - 1) }
            #expect(throws: RuminateError.self) { try bound.check(bound.range.upperBound + 1) }
        }
        _ = try SearchRequest(query: "x", limit: 10_000).validated()
        _ = try ResearchRequest(topic: "x", maximumRounds: 20, aspects: 10).validated()
    }

    @Test func queriesPastTheirSizeLimitsAreRefusedByEveryRequest() {
        let long = String(repeating: "wal ", count: 2_501)
        let words = Array(repeating: "wal", count: 65).joined(separator: " ")
        for validation in [
            { _ = try SearchRequest(query: long).validated() },
            { _ = try SearchRequest(query: words, fullTextSyntax: true).validated() },
            { _ = try AskRequest(question: long).validated() },
            { _ = try ResearchRequest(topic: long).validated() },
        ] as [() throws -> Void] {
            let error = #expect(throws: RuminateError.self) { try validation() }
            #expect(error?.code == .invalidQuery)
        }
        #expect(throws: Never.self) { _ = try SearchRequest(query: words).validated() }
    }

    @Test func anEmptyRequestIsAnInvalidQuery() {
        let empty = #expect(throws: RuminateError.self) {
            try SearchRequest(query: " \n").validated(spellings: ["k": "-k"])
        }
        #expect(empty?.code == .invalidQuery)
        #expect(empty?.message == "the query is empty")
    }
}

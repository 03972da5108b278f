import RuminateCore
import Testing

@Suite struct QueryDeadlineTests {
    @Test func aDeadlineWithNoTimeEndsOnlyWhenCancelled() {
        let deadline = QueryDeadline()
        #expect(!deadline.hasPassed)
        #expect(throws: Never.self) { try deadline.check() }
        deadline.cancel("the server is shutting down")
        deadline.cancel("a later reason")
        #expect(deadline.hasPassed)
        let error = #expect(throws: RuminateError.self) { try deadline.check() }
        #expect(error?.code == .interrupted)
        #expect(error?.message == "the query was stopped: the server is shutting down")
    }

    @Test func aTimedDeadlinePassesAtItsInstantAndSaysHowLongItAllowed() {
        #expect(!QueryDeadline(after: .seconds(3600)).hasPassed)
        let passed = QueryDeadline(after: .milliseconds(-1))
        #expect(passed.hasPassed)
        #expect(passed.error.code == .interrupted)
        let short = QueryDeadline(after: .milliseconds(100))
        while !short.hasPassed {}
        #expect(short.error.message == "the query was stopped: it took longer than 0.1 s")
    }

    @Test func anEnclosingDeadlineEndsTheOnesWithinIt() {
        let lifetime = QueryDeadline()
        let request = QueryDeadline(after: .seconds(3600), within: lifetime)
        let other = QueryDeadline(after: .seconds(3600))
        #expect(!request.hasPassed)
        lifetime.cancel("the server is shutting down")
        #expect(request.hasPassed)
        #expect(request.error.message.hasSuffix("shutting down"))
        #expect(!other.hasPassed)
    }
}

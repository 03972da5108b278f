import Foundation
import RuminateResearch
import Testing

@Suite struct ResearchLoopTests {
    @Test func aspectsStopWhenARoundBringsTooLittleNewEvidence() throws {
        let fixture = try ResearchFixture()
        // A plan of two passages leaves most of the collection unseen, so the first rounds find new passages.
        var options = ResearchOptions()
        options.planPassages = 2
        options.roundPassages = 4
        options.maximumRounds = 10
        let trace = try fixture.researcher(options).research("database").trace
        #expect(!trace.aspects.isEmpty)
        #expect(
            trace.aspects.contains { $0.rounds.first!.newPassages.count > 0 }, "the first round finds unseen passages")
        for aspect in trace.aspects {
            #expect(aspect.stopReason == .noNewEvidence, "\(aspect.aspect.label): \(aspect.stopDetail)")
            #expect(aspect.rounds.count < options.maximumRounds)
            #expect(aspect.rounds.last!.newFraction < options.newEvidenceThreshold)
            for round in aspect.rounds.dropLast() { #expect(round.newFraction >= options.newEvidenceThreshold) }
        }
        // No passage counts as new twice in one run.
        let newPassages = trace.aspects.flatMap { $0.rounds.flatMap(\.newPassages) }
        #expect(Set(newPassages).count == newPassages.count)
    }

    @Test func aspectsStopWhenTheBudgetIsSpent() throws {
        let fixture = try ResearchFixture()
        var options = ResearchOptions()
        options.newEvidenceThreshold = 0  // never "too little": only the budget stops the loop
        options.maximumRounds = 2
        let trace = try fixture.researcher(options).research("database").trace
        #expect(!trace.aspects.isEmpty)
        for aspect in trace.aspects {
            #expect(aspect.stopReason == .budget)
            #expect(aspect.rounds.count == 2)
        }
    }

    @Test func theTraceRecordsEveryQueryAndHowEachGrewFromTheLast() throws {
        let fixture = try ResearchFixture()
        var options = ResearchOptions()
        options.planPassages = 2
        options.roundPassages = 4
        let trace = try fixture.researcher(options).research("database").trace
        #expect(trace.planQuery == "database")
        #expect(trace.queries == ["database"] + trace.aspects.flatMap { $0.rounds.map(\.query) })
        for aspect in trace.aspects {
            #expect(aspect.rounds.first!.query == aspect.aspect.query)
            #expect(aspect.aspect.query == "database " + aspect.aspect.title)
            for (previous, next) in zip(aspect.rounds, aspect.rounds.dropFirst()) {
                #expect(next.query == ([previous.query] + previous.addedTerms).joined(separator: " "))
                #expect(!previous.addedTerms.isEmpty)
            }
            #expect(aspect.rounds.last!.addedTerms.isEmpty)
        }
    }
}

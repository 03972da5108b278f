import Testing

@testable import RuminateVector

@Suite struct TopKSelectionTests {
    @Test func keepsTheBestRowsAndReportsWhatItDrops() {
        var generator = SeededGenerator(seed: 401)
        let offered = (0..<500).map { ScoredRow(score: Float(generator.next() % 40), row: $0) }
        var selection = TopKSelection(capacity: 25)
        var dropped: [ScoredRow] = []
        for row in offered {
            if let out = selection.offer(row) { dropped.append(out) }
        }
        let expected = Array(offered.sorted(by: ScoredRow.ranking).prefix(25))
        let kept = selection.sorted()
        #expect(kept.map(\.row) == expected.map(\.row))
        #expect(dropped.count == 475)
        // Nothing dropped outranks anything kept: ties on score are settled by the lower row.
        #expect(dropped.allSatisfy { $0.ranksBelow(kept.last!) })
    }

    @Test func zeroCapacityDropsEverything() {
        var selection = TopKSelection(capacity: 0)
        #expect(selection.offer(ScoredRow(score: 1, row: 0))?.row == 0)
        #expect(selection.elements.isEmpty)
    }
}

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

    @Test func slicesCoverEveryRowOnceInOrder() {
        for (rows, workers) in [(0, 1), (1, 2), (10, 3), (100_001, 2), (7, 7)] {
            let slices = (0..<workers).map { ParallelRows.slice($0, of: workers, rowCount: rows) }
            #expect(slices.flatMap { Array($0) } == Array(0..<rows))
        }
        for workers in [1, 2, 3] {
            let covered = ParallelRows.map(rowCount: 1_001, workers: workers) { _, rows in Array(rows) }
            #expect(covered.count == workers)
            #expect(covered.flatMap { $0 } == Array(0..<1_001))
        }
        #expect(ParallelRows.workerCount(rowCount: 100_000, threadCount: 2, minimumRowsPerThread: 16_384) == 2)
        #expect(ParallelRows.workerCount(rowCount: 20_000, threadCount: 2, minimumRowsPerThread: 16_384) == 1)
        #expect(ParallelRows.workerCount(rowCount: 0, threadCount: 4, minimumRowsPerThread: 1) == 1)
    }
}

import RuminateCore
import RuminateVector
import Testing

@Suite struct ExactVectorSearchTests {
    private func makeSearch(_ rows: [Float], dimension: Int, threads: Int = 2) throws -> ExactVectorSearch {
        var search = try ExactVectorSearch(matrix: VectorMatrix(rows: rows, dimension: dimension), threadCount: threads)
        search.minimumRowsPerThread = 1  // debug-sized data still exercises the split scan
        return search
    }

    @Test(arguments: [(3_000, 64), (2_000, 384)])
    func topTenEqualsBruteForceOnRandomRows(count: Int, dimension: Int) throws {
        let rows = randomUnitRows(count: count, dimension: dimension, seed: UInt64(count + dimension))
        let search = try makeSearch(rows, dimension: dimension)
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<12 {
            let query = randomUnitVector(dimension: dimension, using: &generator)
            let matches = try search.topK(query: query, k: 10)
            #expect(matches == (try search.bruteForceTopK(query: query, k: 10)))
            // Independent check in Double precision: same rows (these random scores are never within 1e-5).
            let reference = doublePrecisionRanking(rows: rows, dimension: dimension, query: query)
            #expect(matches.map(\.row) == reference.prefix(10).map(\.row))
            for (match, expected) in zip(matches, reference) {
                #expect(abs(Double(match.score) - expected.score) < 1e-5)
            }
        }
    }

    @Test(arguments: [1, 3, 50, 101, 700])
    func everyKEqualsBruteForce(k: Int) throws {
        let rows = randomUnitRows(count: 1_500, dimension: 32, seed: 5)
        let search = try makeSearch(rows, dimension: 32)
        var generator = SeededGenerator(seed: UInt64(k))
        for _ in 0..<5 {
            let query = randomUnitVector(dimension: 32, using: &generator)
            let matches = try search.topK(query: query, k: k)
            #expect(matches.count == k)
            #expect(matches == (try search.bruteForceTopK(query: query, k: k)))
        }
    }

    @Test func clusteredRowsWithNearTiesStayExact() throws {
        let rows = clusteredUnitRows(count: 2_400, dimension: 48, clusters: 6, noise: 0.05, seed: 11)
        let search = try makeSearch(rows, dimension: 48)
        var generator = SeededGenerator(seed: 12)
        for probe in 0..<10 {
            let query = normalized(
                Array(rows[(probe * 48)..<((probe + 1) * 48)]).map { $0 + 0.01 * generator.roughlyNormal() })
            #expect(try search.topK(query: query, k: 10) == search.bruteForceTopK(query: query, k: 10))
        }
    }

    @Test func aShortlistTooSmallToProveTriggersTheSecondPassAndStaysExact() throws {
        let rows = clusteredUnitRows(count: 2_000, dimension: 40, clusters: 4, noise: 0.2, seed: 21)
        var search = try makeSearch(rows, dimension: 40)
        search.minimumCandidates = 1
        search.candidatesPerResult = 1
        var generator = SeededGenerator(seed: 22)
        var secondPasses = 0
        for _ in 0..<10 {
            let query = randomUnitVector(dimension: 40, using: &generator)
            let outcome = try search.search(query: query, k: 10)
            #expect(outcome.matches == (try search.bruteForceTopK(query: query, k: 10)))
            #expect(outcome.rescoredRows >= 10)
            secondPasses += outcome.usedSecondPass ? 1 : 0
        }
        #expect(secondPasses > 0)
    }

    @Test func tiedScoresComeInAscendingRowOrder() throws {
        // 150 distinct rows, each stored 4 times at scattered positions: every score is a 4-way tie.
        let dimension = 24
        let distinct = randomUnitRows(count: 150, dimension: dimension, seed: 31)
        let layout = (0..<600).map { ($0 * 7) % 150 }
        let rows = layout.flatMap { Array(distinct[($0 * dimension)..<(($0 + 1) * dimension)]) }
        let search = try makeSearch(rows, dimension: dimension)
        let query = Array(distinct[(42 * dimension)..<(43 * dimension)])
        let matches = try search.topK(query: query, k: 10)
        #expect(matches == (try search.bruteForceTopK(query: query, k: 10)))
        #expect(Array(matches.prefix(4).map(\.row)) == layout.indices.filter { layout[$0] == 42 })
        #expect(Set(matches.prefix(4).map(\.score)).count == 1)
        for (first, second) in zip(matches, matches.dropFirst()) {
            #expect(first.score > second.score || (first.score == second.score && first.row < second.row))
        }
    }

    @Test func kLargerThanTheRowCountReturnsEveryRowRanked() throws {
        let rows = randomUnitRows(count: 50, dimension: 16, seed: 41)
        let search = try makeSearch(rows, dimension: 16)
        var generator = SeededGenerator(seed: 42)
        let query = randomUnitVector(dimension: 16, using: &generator)
        let matches = try search.topK(query: query, k: 80)
        #expect(matches.count == 50)
        #expect(Set(matches.map(\.row)) == Set(0..<50))
        #expect(matches == (try search.bruteForceTopK(query: query, k: 80)))
    }

    @Test func zeroKAndEmptyMatrixReturnNothing() throws {
        let rows = randomUnitRows(count: 20, dimension: 8, seed: 51)
        let query = Array(rows[0..<8])
        #expect(try makeSearch(rows, dimension: 8).topK(query: query, k: 0).isEmpty)
        let empty = try makeSearch([], dimension: 8)
        #expect(empty.matrix.count == 0)
        #expect(try empty.topK(query: query, k: 10).isEmpty)
        #expect(try empty.bruteForceTopK(query: query, k: 10).isEmpty)
    }

    @Test func zeroQueryScoresEveryRowZeroAndKeepsRowOrder() throws {
        let search = try makeSearch(randomUnitRows(count: 300, dimension: 12, seed: 61), dimension: 12)
        let matches = try search.topK(query: [Float](repeating: 0, count: 12), k: 5)
        #expect(matches == (0..<5).map { VectorMatch(row: $0, score: 0) })
    }

    @Test func unnormalisedRowsRankByDotProduct() throws {
        // Row norms from 0.01 to 36, a zero row and a subnormal row: the ranking is still the exact dot product.
        var rows = randomUnitRows(count: 800, dimension: 20, seed: 71)
        for row in 0..<800 {
            let factor: Float = row == 7 ? 0 : row == 8 ? 1e-39 : 0.01 + Float(row % 37)
            for index in 0..<20 { rows[row * 20 + index] *= factor }
        }
        let search = try makeSearch(rows, dimension: 20)
        var generator = SeededGenerator(seed: 72)
        for _ in 0..<5 {
            let query = randomUnitVector(dimension: 20, using: &generator).map { $0 * 3 }
            #expect(try search.topK(query: query, k: 15) == search.bruteForceTopK(query: query, k: 15))
        }
    }

    @Test func filterSkipsDeletedRows() throws {
        let rows = randomUnitRows(count: 2_500, dimension: 32, seed: 81)
        let search = try makeSearch(rows, dimension: 32)
        var generator = SeededGenerator(seed: 82)
        let query = randomUnitVector(dimension: 32, using: &generator)
        let unfiltered = try search.topK(query: query, k: 10)
        // Delete the five best rows and every row divisible by 3.
        let deleted = Set(unfiltered.prefix(5).map(\.row))
        let keep: @Sendable (Int) -> Bool = { !deleted.contains($0) && $0 % 3 != 0 }
        let matches = try search.topK(query: query, k: 10, filter: keep)
        #expect(matches.count == 10)
        #expect(matches.allSatisfy { keep($0.row) })
        #expect(matches == (try search.bruteForceTopK(query: query, k: 10, filter: keep)))
        let expected = doublePrecisionRanking(rows: rows, dimension: 32, query: query).filter { keep($0.row) }
        #expect(matches.map(\.row) == expected.prefix(10).map(\.row))
    }

    @Test func filterOverDeletedDuplicatesStaysExact() throws {
        // Rows 0..<500 and 500..<1000 are identical; the first copy of each is deleted (a re-ingested document).
        let half = randomUnitRows(count: 500, dimension: 24, seed: 91)
        let search = try makeSearch(half + half, dimension: 24)
        let keep: @Sendable (Int) -> Bool = { $0 >= 500 }
        var generator = SeededGenerator(seed: 92)
        for _ in 0..<5 {
            let query = randomUnitVector(dimension: 24, using: &generator)
            let matches = try search.topK(query: query, k: 10, filter: keep)
            #expect(matches.allSatisfy { $0.row >= 500 })
            #expect(matches == (try search.bruteForceTopK(query: query, k: 10, filter: keep)))
        }
    }

    @Test func filterRejectingEverythingReturnsNothing() throws {
        let search = try makeSearch(randomUnitRows(count: 400, dimension: 16, seed: 95), dimension: 16)
        #expect(try search.topK(query: [Float](repeating: 0.25, count: 16), k: 10, filter: { _ in false }).isEmpty)
    }

    @Test func multiThreadedScanEqualsSingleThreaded() throws {
        let rows = clusteredUnitRows(count: 3_001, dimension: 64, clusters: 9, noise: 0.4, seed: 101)
        let single = try makeSearch(rows, dimension: 64, threads: 1)
        var generator = SeededGenerator(seed: 102)
        for threads in [2, 3, 7] {
            let parallel = try makeSearch(rows, dimension: 64, threads: threads)
            for _ in 0..<4 {
                let query = randomUnitVector(dimension: 64, using: &generator)
                let keep: @Sendable (Int) -> Bool = { $0 % 5 != 1 }
                #expect(try parallel.topK(query: query, k: 10) == single.topK(query: query, k: 10))
                #expect(
                    try parallel.topK(query: query, k: 25, filter: keep)
                        == single.topK(query: query, k: 25, filter: keep))
            }
        }
    }

    @Test func badQueriesThrowClearErrors() throws {
        let search = try makeSearch(randomUnitRows(count: 30, dimension: 8, seed: 111), dimension: 8)
        let query = [Float](repeating: 0.3, count: 8)
        #expect(throws: RuminateError.self) { try search.topK(query: query, k: -1) }
        #expect { try search.topK(query: [0.1, 0.2], k: 3) } throws: { error in
            (error as? RuminateError)?.code == .invalidQuery
        }
        #expect { try search.topK(query: [Float](repeating: .nan, count: 8), k: 3) } throws: { error in
            (error as? RuminateError)?.code == .invalidQuery
        }
        #expect { try search.topK(query: [Float](repeating: 1e30, count: 8), k: 3) } throws: { error in
            (error as? RuminateError)?.code == .invalidQuery
        }
    }
}

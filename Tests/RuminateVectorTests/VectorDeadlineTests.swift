import RuminateCore
import RuminateVector
import Testing

@Suite struct VectorDeadlineTests {
    private func makeSearch(count: Int, dimension: Int) throws -> ExactVectorSearch {
        let rows = randomUnitRows(count: count, dimension: dimension, seed: 7)
        var search = try ExactVectorSearch(matrix: VectorMatrix(rows: rows, dimension: dimension), threadCount: 2)
        search.minimumRowsPerThread = 1
        return search
    }

    @Test func aScanOverManyBlocksStaysExact() throws {
        // Each worker scans its rows in blocks of a few thousand, looking at the deadline between two.
        let search = try makeSearch(count: 20_000, dimension: 16)
        var generator = SeededGenerator(seed: 3)
        for k in [1, 10, 700] {
            let query = randomUnitVector(dimension: 16, using: &generator)
            let deadline = QueryDeadline(after: .seconds(3600))
            #expect(
                try search.topK(query: query, k: k, deadline: deadline) == search.bruteForceTopK(query: query, k: k))
        }
    }

    @Test func aScanPastItsDeadlineReturnsNothingAndSaysSo() throws {
        let search = try makeSearch(count: 20_000, dimension: 16)
        let deadline = QueryDeadline()
        deadline.cancel("the server is shutting down")
        var generator = SeededGenerator(seed: 4)
        let query = randomUnitVector(dimension: 16, using: &generator)
        let error = #expect(throws: RuminateError.self) { try search.topK(query: query, k: 10, deadline: deadline) }
        #expect(error?.code == .interrupted)
        #expect(try search.topK(query: query, k: 10).count == 10)
    }
}

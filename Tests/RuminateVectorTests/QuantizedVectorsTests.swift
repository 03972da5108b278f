import Foundation
import RuminateCore
import Testing

@testable import RuminateVector

@Suite struct QuantizedVectorsTests {
    private let dimension = 384
    private func matrix(seed: UInt64 = 301, count: Int = 2_000) throws -> VectorMatrix {
        try VectorMatrix(rows: randomUnitRows(count: count, dimension: dimension, seed: seed), dimension: dimension)
    }

    private func code(_ body: () throws -> Any) -> RuminateError.Code? {
        do { _ = try body() } catch let error as RuminateError { return error.code } catch { return nil }
        return nil
    }

    @Test func storedBytesLoadBackAndSearchIdentically() throws {
        let matrix = try matrix()
        let built = try QuantizedVectors.build(from: matrix)
        #expect(built.serialized.count == 40 + 2_000 * 12 + 2_000 * dimension)

        let fromData = try QuantizedVectors(serialized: Data(built.serialized))
        let fromBytes = try QuantizedVectors(serialized: [UInt8](built.serialized))
        #expect(fromData.serialized == built.serialized)
        #expect(fromBytes.serialized == built.serialized)
        #expect(fromBytes.count == 2_000 && fromBytes.dimension == dimension)
        #expect(fromBytes.fingerprint == built.fingerprint)
        // A BLOB slice at an odd address is copied to an aligned buffer, not misread.
        let padded = Data([0xEE]) + built.serialized
        let misaligned = try QuantizedVectors(serialized: padded[(padded.startIndex + 1)...])
        #expect(misaligned.serialized == built.serialized)

        let fresh = try ExactVectorSearch(matrix: matrix)
        let loaded = try ExactVectorSearch(matrix: matrix, quantized: fromBytes)
        var generator = SeededGenerator(seed: 302)
        for _ in 0..<5 {
            let query = randomUnitVector(dimension: dimension, using: &generator)
            let expected = try fresh.topK(query: query, k: 10)
            #expect(try loaded.topK(query: query, k: 10) == expected)
            #expect(try loaded.bruteForceTopK(query: query, k: 10) == expected)
        }
    }

    @Test func parallelBuildIsByteIdenticalToSingleThreaded() throws {
        let matrix = try matrix(count: 9_000)
        let single = try QuantizedVectors.build(from: matrix, threadCount: 1)
        let parallel = try QuantizedVectors.build(from: matrix, threadCount: 2)
        #expect(single.serialized == parallel.serialized)
    }

    @Test func codesReconstructRowsWithinHalfAStep() throws {
        let matrix = try matrix(count: 50)
        let quantized = try QuantizedVectors.build(from: matrix)
        try quantized.withArrays { arrays in
            for row in 0..<50 {
                let values = try matrix.vector(at: row)
                let scale = arrays.scales[row]
                #expect(abs(scale * 127 - values.map { abs($0) }.max()!) < 1e-6)
                var residualSquares: Float = 0
                for index in 0..<dimension {
                    let reconstructed = Float(arrays.codes[row * dimension + index]) * scale
                    #expect(abs(values[index] - reconstructed) <= scale / 2 * 1.0001)
                    residualSquares += (values[index] - reconstructed) * (values[index] - reconstructed)
                }
                #expect(abs(residualSquares.squareRoot() - arrays.residualNorms[row]) < 1e-5)
            }
        }
    }

    @Test func aCopyOfOtherVectorsIsRejected() throws {
        let stale = try QuantizedVectors.build(from: matrix(seed: 311))
        #expect(code { try ExactVectorSearch(matrix: matrix(seed: 312), quantized: stale) } == .indexFormat)
        #expect(
            code { try ExactVectorSearch(matrix: matrix(seed: 311, count: 1_999), quantized: stale) } == .indexFormat)
        #expect(try !stale.matches(matrix(seed: 312)))
        #expect(try stale.matches(matrix(seed: 311)))
    }

    @Test func corruptBytesAreRejected() throws {
        let bytes = [UInt8](try QuantizedVectors.build(from: matrix(count: 20)).serialized)
        #expect(code { try QuantizedVectors(serialized: Array(bytes.dropLast())) } == .indexFormat)
        #expect(code { try QuantizedVectors(serialized: Array(bytes.prefix(10))) } == .indexFormat)
        #expect(code { try QuantizedVectors(serialized: [UInt8]()) } == .indexFormat)
        var wrongMagic = bytes
        wrongMagic[0] = UInt8(ascii: "X")
        #expect(code { try QuantizedVectors(serialized: wrongMagic) } == .indexFormat)
        var wrongVersion = bytes
        wrongVersion[4] = 99
        #expect(code { try QuantizedVectors(serialized: wrongVersion) } == .indexFormat)
        var hugeCount = bytes
        for index in 8..<16 { hugeCount[index] = 0xFF }
        #expect(code { try QuantizedVectors(serialized: hugeCount) } == .indexFormat)
    }

    @Test func nonFiniteRowsAreRejectedByNumber() throws {
        var rows = randomUnitRows(count: 100, dimension: 8, seed: 321)
        rows[42 * 8 + 3] = .infinity
        rows[77 * 8] = .nan
        let matrix = try VectorMatrix(rows: rows, dimension: 8)
        #expect { try QuantizedVectors.build(from: matrix) } throws: { error in
            guard let error = error as? RuminateError else { return false }
            return error.code == .invalidArgument && error.message.contains("row 42")
        }
        #expect(throws: RuminateError.self) { try ExactVectorSearch(matrix: matrix) }
    }

    @Test func emptyMatrixRoundTrips() throws {
        let empty = try QuantizedVectors.build(from: VectorMatrix(rows: [], dimension: 16))
        let loaded = try QuantizedVectors(serialized: empty.serialized)
        #expect(loaded.count == 0 && loaded.dimension == 16)
        #expect(
            try ExactVectorSearch(matrix: VectorMatrix(rows: [], dimension: 16), quantized: loaded)
                .topK(query: [Float](repeating: 1, count: 16), k: 3).isEmpty)
    }
}

import Foundation
import RuminateVector

/// SplitMix64: seeded and fast (SystemRandomNumberGenerator is a syscall per value).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Approximately normal (sum of four uniforms, centred): enough for direction sampling.
    mutating func roughlyNormal() -> Float {
        var sum: Float = 0
        for _ in 0..<4 { sum += Float(next() >> 40) / Float(1 << 24) }
        return sum - 2
    }
}

func normalized(_ vector: [Float]) -> [Float] {
    let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? vector.map { $0 / norm } : vector
}

func randomUnitVector(dimension: Int, using generator: inout SeededGenerator) -> [Float] {
    normalized((0..<dimension).map { _ in generator.roughlyNormal() })
}

/// `count` random unit rows, flattened row-major.
func randomUnitRows(count: Int, dimension: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).flatMap { _ in randomUnitVector(dimension: dimension, using: &generator) }
}

/// Rows built as `base + noise`, so many rows score close to each other (clustered, like real embeddings).
func clusteredUnitRows(count: Int, dimension: Int, clusters: Int, noise: Float, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    let centers = (0..<clusters).map { _ in randomUnitVector(dimension: dimension, using: &generator) }
    return (0..<count).flatMap { row in
        normalized(
            centers[row % clusters].map { $0 + noise * generator.roughlyNormal() / Float(dimension).squareRoot() })
    }
}

/// An independent reference: Double-precision dot products, sorted by score then row.
func doublePrecisionRanking(rows: [Float], dimension: Int, query: [Float]) -> [(row: Int, score: Double)] {
    let count = dimension == 0 ? 0 : rows.count / dimension
    return (0..<count).map { row in
        var sum = 0.0
        for index in 0..<dimension { sum += Double(rows[row * dimension + index]) * Double(query[index]) }
        return (row, sum)
    }.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
}

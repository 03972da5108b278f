import Foundation

/// SplitMix64: a seeded, fast generator so the same seed gives the same vectors in every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    mutating func unit() -> Float {
        Float((next() >> 40) + 1) / Float(1 << 24)
    }

    /// Two standard normal values (Box–Muller).
    mutating func gaussianPair() -> (Float, Float) {
        let radius = (-2 * Foundation.log(unit())).squareRoot()
        let angle = 2 * Float.pi * unit()
        return (radius * Foundation.cos(angle), radius * Foundation.sin(angle))
    }

    mutating func fillGaussian(_ values: inout [Float], scale: Float = 1) {
        var index = 0
        while index < values.count {
            let (a, b) = gaussianPair()
            values[index] = a * scale
            if index + 1 < values.count { values[index + 1] = b * scale }
            index += 2
        }
    }
}

enum BenchData {
    /// Normalises `values[range]` to unit length in place.
    static func normalize(_ values: inout [Float], _ range: Range<Int>) {
        var squares: Float = 0
        for index in range { squares += values[index] * values[index] }
        let inverse = squares > 0 ? 1 / squares.squareRoot() : 0
        for index in range { values[index] *= inverse }
    }

    /// Isotropic random unit vectors: the textbook case; top scores sit close together near 0.2.
    static func randomUnitVectors(count: Int, dimension: Int, generator: inout SplitMix64) -> [Float] {
        var values = [Float](repeating: 0, count: count * dimension)
        generator.fillGaussian(&values)
        for row in 0..<count { normalize(&values, (row * dimension)..<((row + 1) * dimension)) }
        return values
    }

    /// Embedding-like unit vectors: a shared mean direction (sentence embeddings are anisotropic; MiniLM's mean
    /// vector has norm ~0.3), uneven per-dimension spread with a few strong dimensions, topic clusters, and 1%
    /// exact duplicates (the same passage stored twice), so near-ties and real ties occur.
    static func embeddingLikeVectors(count: Int, dimension: Int, generator: inout SplitMix64) -> [Float] {
        var spread = [Float](repeating: 0, count: dimension)
        for index in 0..<dimension {
            let (a, _) = generator.gaussianPair()
            spread[index] = Foundation.exp(0.35 * a) * (index % 97 == 5 ? 4 : 1)
        }
        var mean = [Float](repeating: 0, count: dimension)
        generator.fillGaussian(&mean)
        for index in 0..<dimension { mean[index] *= spread[index] }
        normalize(&mean, 0..<dimension)

        let clusterCount = Swift.max(1, count / 50)
        var centers = [Float](repeating: 0, count: clusterCount * dimension)
        generator.fillGaussian(&centers)
        for cluster in 0..<clusterCount {
            for index in 0..<dimension { centers[cluster * dimension + index] *= spread[index] }
            normalize(&centers, (cluster * dimension)..<((cluster + 1) * dimension))
        }

        var values = [Float](repeating: 0, count: count * dimension)
        var noise = [Float](repeating: 0, count: dimension)
        for row in 0..<count {
            let base = row * dimension
            if row > 0, generator.next() % 100 == 0 {
                let source = Int(generator.next() % UInt64(row)) * dimension
                for index in 0..<dimension { values[base + index] = values[source + index] }
                continue
            }
            let cluster = Int(generator.next() % UInt64(clusterCount)) * dimension
            let noiseScale = 0.3 + 0.4 * generator.unit()
            generator.fillGaussian(&noise)
            let noiseNorm = Float(dimension).squareRoot()
            for index in 0..<dimension {
                values[base + index] =
                    0.35 * mean[index] + 0.8 * centers[cluster + index]
                    + noiseScale * noise[index] * spread[index] / noiseNorm
            }
            normalize(&values, base..<(base + dimension))
        }
        return values
    }

    /// Queries near stored rows (a question about a stored passage), normalised.
    static func queriesNear(
        _ rows: [Float], count: Int, dimension: Int, noise: Float, generator: inout SplitMix64
    ) -> [Float] {
        let rowCount = rows.count / dimension
        var queries = [Float](repeating: 0, count: count * dimension)
        var jitter = [Float](repeating: 0, count: dimension)
        for query in 0..<count {
            let source = Int(generator.next() % UInt64(rowCount)) * dimension
            generator.fillGaussian(&jitter, scale: noise / Float(dimension).squareRoot())
            for index in 0..<dimension {
                queries[query * dimension + index] = rows[source + index] + jitter[index]
            }
            normalize(&queries, (query * dimension)..<((query + 1) * dimension))
        }
        return queries
    }

    static func write(_ values: [Float], to url: URL) throws {
        try values.withUnsafeBufferPointer { try Data(buffer: $0).write(to: url) }
    }
}

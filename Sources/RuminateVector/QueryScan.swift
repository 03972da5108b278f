import RuminateCore
import RuminateSystem

/// One query's int8 scan, float32 rescoring and exactness check, over pointers valid for the call.
///
/// Notation: x a row, q the query, x̂ and q̂ their dequantised int8 forms. Then
/// x·q = x̂·q̂ + x̂·(q − q̂) + (x − x̂)·q, so |x·q − x̂·q̂| ≤ ‖x̂‖·‖q − q̂‖ + ‖x − x̂‖·‖q‖ =: bound(x).
/// A row left out of the shortlist cannot be in the exact top-k if x̂·q̂ + bound(x) + slack < k-th exact score.
struct QueryScan: @unchecked Sendable {
    // @unchecked: the pointers are read-only for the duration of one search.
    let rows: UnsafePointer<Float>
    let arrays: QuantizedVectors.Arrays
    let dimension: Int
    let query: UnsafePointer<Float>
    let queryCodes: UnsafePointer<Int16>
    let queryScale: Float
    let queryNorm: Float
    let queryResidualNorm: Float
    /// No row's upper bound exceeds its int8 score by more than this (from the stored norm maxima).
    let largestBound: Float
    /// Allowance for float32 rounding in the scores and the stored norms: the float dot product errs by at most
    /// about d·ε·‖x‖·‖q‖; this takes twice that for each side, with ‖x̂‖ ≤ 2‖x‖.
    let slack: Float

    init(
        rows: UnsafePointer<Float>, arrays: QuantizedVectors.Arrays, dimension: Int, query: UnsafePointer<Float>,
        queryCodes: UnsafePointer<Int16>, queryScale: Float, queryNorm: Float, queryResidualNorm: Float,
        maxima: QuantizedVectors.NormMaxima
    ) {
        self.rows = rows
        self.arrays = arrays
        self.dimension = dimension
        self.query = query
        self.queryCodes = queryCodes
        self.queryScale = queryScale
        self.queryNorm = queryNorm
        self.queryResidualNorm = queryResidualNorm
        self.largestBound = maxima.residualNorm * queryNorm + maxima.dequantizedNorm * queryResidualNorm
        self.slack =
            Float(8 * (dimension + 16)) * Float.ulpOfOne * maxima.rowNorm * (queryNorm + queryResidualNorm)
            + Float.leastNormalMagnitude
    }

    @inline(__always)
    func approximateScore(_ row: Int) -> Float {
        let dot = VectorKernels.int8Dot(arrays.codes + row * dimension, queryCodes, count: dimension)
        return Float(dot) * arrays.scales[row] * queryScale
    }

    /// The highest float32 score `row` can have, given its int8 score.
    @inline(__always)
    func upperBound(_ row: Int, approximate: Float) -> Float {
        approximate + arrays.residualNorms[row] * queryNorm + arrays.dequantizedNorms[row] * queryResidualNorm
    }

    @inline(__always)
    func exactScore(_ row: Int) -> Float {
        VectorKernels.floatDot(rows + row * dimension, query, count: dimension)
    }

    /// Rows scanned between two looks at the deadline: some tens of microseconds of int8 dot products.
    static let rowsPerCheck = 4096

    /// The exact top `k`. Once `deadline` passes, each worker stops at its next check and the outcome is
    /// incomplete: the caller checks the deadline again and throws.
    func run(
        count: Int, k: Int, shortlistSize: Int, workers: Int, filter: (@Sendable (Int) -> Bool)?,
        deadline: QueryDeadline? = nil
    ) -> VectorSearchOutcome {
        // 1. Int8 scan: each worker keeps its best `shortlistSize` rows and the highest upper bound it dropped.
        let perWorker: [Shortlist] = WorkerPool.mapSlices(rowCount: count, workers: workers) { _, range in
            var kept = Shortlist(kept: TopKSelection(capacity: shortlistSize), droppedUpperBound: -.infinity)
            for block in Self.blocks(of: range) {
                if deadline?.hasPassed == true { break }
                shortlist(block, into: &kept, filter: filter)
            }
            return kept
        }
        var droppedUpperBound = perWorker.map { $0.droppedUpperBound }.max() ?? -.infinity
        let merged = perWorker.flatMap { $0.kept.elements }.sorted(by: ScoredRow.ranking)
        for dropped in merged.dropFirst(shortlistSize) {
            droppedUpperBound = Swift.max(droppedUpperBound, upperBound(dropped.row, approximate: dropped.score))
        }

        // 2. Float32 rescoring of the shortlist.
        let candidates = merged.prefix(shortlistSize)
        let rescored = candidates.map { ScoredRow(score: exactScore($0.row), row: $0.row) }
            .sorted(by: ScoredRow.ranking)
        let best = Array(rescored.prefix(k))

        // 3. Proof: no dropped row can reach the k-th exact score (fewer than k kept means nothing was dropped).
        if best.count < k || droppedUpperBound + slack < best[k - 1].score {
            return VectorSearchOutcome(matches: matches(best), rescoredRows: rescored.count, usedSecondPass: false)
        }

        // 4. Otherwise rescore every row that could reach it; the shortlist's k-th score is a valid lower bound.
        let threshold = best[k - 1].score - slack
        let secondPass: [Rescored] = WorkerPool.mapSlices(rowCount: count, workers: workers) { _, range in
            var rescored = Rescored(best: TopKSelection(capacity: k), rescored: 0)
            for block in Self.blocks(of: range) {
                if deadline?.hasPassed == true { break }
                rescoreReachable(block, threshold: threshold, into: &rescored, filter: filter)
            }
            return rescored
        }
        let final = secondPass.flatMap { $0.best.elements }.sorted(by: ScoredRow.ranking).prefix(k)
        return VectorSearchOutcome(
            matches: matches(Array(final)), rescoredRows: rescored.count + secondPass.map { $0.rescored }.reduce(0, +),
            usedSecondPass: true)
    }

    private func matches(_ rows: [ScoredRow]) -> [VectorMatch] {
        rows.map { VectorMatch(row: $0.row, score: $0.score) }
    }

    /// One worker's int8 shortlist and the highest upper bound among the rows it dropped.
    private struct Shortlist {
        var kept: TopKSelection
        var droppedUpperBound: Float
    }

    /// `range` cut into blocks of `rowsPerCheck` rows, in order.
    private static func blocks(of range: Range<Int>) -> [Range<Int>] {
        stride(from: range.lowerBound, to: range.upperBound, by: rowsPerCheck).map {
            $0..<Swift.min($0 + rowsPerCheck, range.upperBound)
        }
    }

    /// Scans `range` into `shortlist` (rows in ascending order across calls).
    private func shortlist(_ range: Range<Int>, into shortlist: inout Shortlist, filter: (@Sendable (Int) -> Bool)?) {
        var kept = shortlist.kept
        shortlist.kept = TopKSelection(capacity: 0)  // so `kept` stays the only reference to its storage
        // Once `kept` is full, a row must score above its worst to enter.
        var entryScore = kept.isFull ? kept.worst.score : -Float.infinity
        var droppedUpperBound = shortlist.droppedUpperBound
        let largestBound = self.largestBound
        for row in range {
            let approximate = approximateScore(row)
            if approximate <= entryScore {
                // Dropped. Rows arrive in ascending order, so an equal score also ranks below the worst kept row.
                // Most cannot raise the dropped maximum even with the largest bound: skip their norms.
                if approximate + largestBound >= droppedUpperBound {
                    let upper = upperBound(row, approximate: approximate)
                    if upper > droppedUpperBound, filter?(row) ?? true { droppedUpperBound = upper }
                }
                continue
            }
            if let filter, !filter(row) { continue }
            if let evicted = kept.offer(ScoredRow(score: approximate, row: row)) {
                droppedUpperBound = Swift.max(droppedUpperBound, upperBound(evicted.row, approximate: evicted.score))
            }
            if kept.isFull { entryScore = kept.worst.score }
        }
        shortlist = Shortlist(kept: kept, droppedUpperBound: droppedUpperBound)
    }

    /// One worker's second-pass result.
    private struct Rescored {
        var best: TopKSelection
        var rescored: Int
    }

    private func rescoreReachable(
        _ range: Range<Int>, threshold: Float, into result: inout Rescored, filter: (@Sendable (Int) -> Bool)?
    ) {
        for row in range where upperBound(row, approximate: approximateScore(row)) >= threshold {
            guard filter?(row) ?? true else { continue }
            result.best.offer(ScoredRow(score: exactScore(row), row: row))
            result.rescored += 1
        }
    }
}

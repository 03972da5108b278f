import Foundation
import RuminateCore
import RuminateSystem

/// One search result: a row of the matrix and its exact float32 dot product with the query
/// (the cosine similarity when both are L2-normalised).
public struct VectorMatch: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var score: Float

    public init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }

    public var description: String { "\(row): \(score)" }
}

/// What a search returned and how much work the exactness guarantee took.
public struct VectorSearchOutcome: Sendable {
    /// Best first: score descending, then row ascending.
    public var matches: [VectorMatch]
    /// Rows whose float32 score was computed (the int8 shortlist, plus any second-pass rows).
    public var rescoredRows: Int
    /// True when the int8 shortlist could not be proven complete and a second, bounded pass ran.
    public var usedSecondPass: Bool
}

/// Exact top-k dot-product search that scans int8 codes and rescores a shortlist in float32.
///
/// Exactness does not rest on the shortlist being "big enough": every row's int8 score is within a proven bound
/// of its float32 score (‖row error‖·‖q‖ + ‖dequantised row‖·‖query error‖, by Cauchy–Schwarz). When some row
/// outside the shortlist could still reach the k-th exact score, a second pass rescores every such row.
/// Results therefore equal `bruteForceTopK` (same scores, same order) for every input.
public struct ExactVectorSearch: Sendable {
    /// The threads a search uses unless told otherwise: the machine's cores, at most 8.
    public static let defaultThreadCount = Swift.max(1, Swift.min(8, ProcessInfo.processInfo.activeProcessorCount))
    /// Int32 accumulation of 127 × 127 products stays exact below this dimension.
    public static let maximumDimension = 65_536

    public let matrix: VectorMatrix
    public let quantized: QuantizedVectors
    /// Threads for one search (the scan is split into that many contiguous row ranges).
    public var threadCount: Int
    /// Below this many rows per thread, fewer threads are used (waking one costs ~10–20 µs).
    public var minimumRowsPerThread = 16_384
    /// The int8 shortlist holds max(minimumCandidates, candidatesPerResult × k) rows.
    public var minimumCandidates = 100
    public var candidatesPerResult = 10

    /// Builds the int8 copy of `matrix` (one pass over the rows, on `threadCount` threads).
    public init(matrix: VectorMatrix, threadCount: Int = ExactVectorSearch.defaultThreadCount) throws {
        try Self.validate(dimension: matrix.dimension)
        let quantized = try QuantizedVectors.build(from: matrix, threadCount: threadCount)
        self.init(checked: matrix, quantized: quantized, threadCount: threadCount)
    }

    /// Uses a stored int8 copy; throws if it was not built from these rows.
    public init(
        matrix: VectorMatrix, quantized: QuantizedVectors, threadCount: Int = ExactVectorSearch.defaultThreadCount
    ) throws {
        try Self.validate(dimension: matrix.dimension)
        guard quantized.matches(matrix) else {
            throw RuminateError(
                .indexFormat,
                "The stored int8 vector copy (\(quantized.count) × \(quantized.dimension)) was not built from "
                    + "these vectors (\(matrix.count) × \(matrix.dimension)).",
                hint: "rebuild it with QuantizedVectors.build(from:) and store it again")
        }
        self.init(checked: matrix, quantized: quantized, threadCount: threadCount)
    }

    private init(checked matrix: VectorMatrix, quantized: QuantizedVectors, threadCount: Int) {
        self.matrix = matrix
        self.quantized = quantized
        self.threadCount = Swift.max(1, threadCount)
    }

    private static func validate(dimension: Int) throws {
        guard dimension <= maximumDimension else {
            throw RuminateError(
                .invalidArgument, "Vector dimension \(dimension) exceeds the supported \(maximumDimension).")
        }
    }

    /// The `k` rows with the highest dot product with `query`, best first (ties: lower row first).
    /// Rows for which `filter` returns false (e.g. deleted passages) are never returned.
    /// `filter` may be called from several threads at once, and only for rows that score well.
    /// Once `deadline` passes, the scan stops (within `QueryScan.rowsPerCheck` rows) and its error is thrown.
    public func topK(
        query: [Float], k: Int, filter: (@Sendable (Int) -> Bool)? = nil, deadline: QueryDeadline? = nil
    ) throws -> [VectorMatch] {
        try search(query: query, k: k, filter: filter, deadline: deadline).matches
    }

    /// `topK`, plus how much rescoring it took.
    public func search(
        query: [Float], k: Int, filter: (@Sendable (Int) -> Bool)? = nil, deadline: QueryDeadline? = nil
    ) throws -> VectorSearchOutcome {
        try validate(query: query, k: k)
        let count = matrix.count
        guard k > 0, count > 0 else { return VectorSearchOutcome(matches: [], rescoredRows: 0, usedSecondPass: false) }
        let dimension = matrix.dimension
        var queryCodes = [Int8](repeating: 0, count: dimension)
        let quantizedQuery = query.withUnsafeBufferPointer { values in
            queryCodes.withUnsafeMutableBufferPointer { codes in
                VectorKernels.quantize(values.baseAddress!, count: dimension, into: codes.baseAddress!)
            }
        }
        guard quantizedQuery.norm.isFinite else {
            throw RuminateError(.invalidQuery, "The query vector's values are too large to square in float32.")
        }
        let wideQueryCodes = queryCodes.map { Int16($0) }
        let perResult = candidatesPerResult.multipliedReportingOverflow(by: k)
        let shortlistSize = Swift.min(
            count, Swift.max(minimumCandidates, perResult.overflow ? Int.max : perResult.partialValue, k))
        let workers = WorkerPool(threads: threadCount).workers(
            forRows: count, minimumRowsPerWorker: minimumRowsPerThread)

        let outcome = query.withUnsafeBufferPointer { queryValues in
            wideQueryCodes.withUnsafeBufferPointer { queryCodeValues in
                matrix.withUnsafeRows { rows in
                    quantized.withArrays { arrays in
                        let scan = QueryScan(
                            rows: rows.baseAddress!, arrays: arrays, dimension: dimension,
                            query: queryValues.baseAddress!, queryCodes: queryCodeValues.baseAddress!,
                            queryScale: quantizedQuery.scale, queryNorm: quantizedQuery.norm,
                            queryResidualNorm: quantizedQuery.residualNorm, maxima: quantized.maxima)
                        return scan.run(
                            count: count, k: k, shortlistSize: shortlistSize, workers: workers, filter: filter,
                            deadline: deadline)
                    }
                }
            }
        }
        // A scan cut short by the deadline is incomplete: its matches are never returned.
        try deadline?.check()
        return outcome
    }

    /// The exact top-k by scoring every row in float32: the reference `topK` must equal.
    public func bruteForceTopK(query: [Float], k: Int, filter: (@Sendable (Int) -> Bool)? = nil) throws
        -> [VectorMatch]
    {
        try validate(query: query, k: k)
        guard k > 0, matrix.count > 0 else { return [] }
        let dimension = matrix.dimension
        let workers = WorkerPool(threads: threadCount).workers(
            forRows: matrix.count, minimumRowsPerWorker: minimumRowsPerThread)
        let best: [ScoredRow] = query.withUnsafeBufferPointer { queryValues in
            matrix.withUnsafeRows { rows in
                let shared = UncheckedSendable((rows.baseAddress!, queryValues.baseAddress!))
                let perWorker = WorkerPool.mapSlices(rowCount: matrix.count, workers: workers) { _, range in
                    let (rowBase, queryBase) = shared.value
                    var selection = TopKSelection(capacity: k)
                    for row in range where filter?(row) ?? true {
                        let score = VectorKernels.floatDot(rowBase + row * dimension, queryBase, count: dimension)
                        selection.offer(ScoredRow(score: score, row: row))
                    }
                    return selection.elements
                }
                return Array(perWorker.joined().sorted(by: ScoredRow.ranking).prefix(k))
            }
        }
        return best.map { VectorMatch(row: $0.row, score: $0.score) }
    }

    private func validate(query: [Float], k: Int) throws {
        guard k >= 0 else {
            throw RuminateError(.invalidArgument, "k must be zero or more, got \(k).")
        }
        guard query.count == matrix.dimension else {
            throw RuminateError(
                .invalidQuery,
                "The query vector has \(query.count) dimensions; the stored vectors have \(matrix.dimension).",
                hint: "embed the query with the same model as the passages")
        }
        guard query.allSatisfy(\.isFinite) else {
            throw RuminateError(.invalidQuery, "The query vector holds NaN or infinity.")
        }
    }
}

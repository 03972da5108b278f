import Foundation
import RuminateCore
import RuminateSystem

/// The int8 copy of a `VectorMatrix` that the search scans first: per-row symmetric scales, the int8 codes of
/// all rows contiguously, and per-row error norms that let the search prove its int8 shortlist missed nothing.
///
/// In memory it is exactly its persisted form (`serialized`), so storing it is free and loading it back is a
/// header check, not a recomputation. Layout, little-endian:
/// `"RVQ8"`, UInt32 version, UInt64 count, UInt32 dimension, Float32 largest row norm, Float32 largest residual
/// norm, Float32 largest dequantised norm, UInt64 fingerprint of the float rows (40 bytes), then count × Float32
/// scales, count × Float32 residual norms, count × Float32 dequantised norms, count × dimension × Int8 codes.
public struct QuantizedVectors: Sendable {
    static let magic: [UInt8] = Array("RVQ8".utf8)
    static let version: UInt32 = 1
    static let headerSize = 40

    public let count: Int
    public let dimension: Int
    /// Identifies the float32 rows this copy was built from (count, dimension and a sample of rows).
    public let fingerprint: UInt64
    /// The largest row, residual and dequantised norms: they bound every row's error at once.
    let maxima: NormMaxima
    /// The persisted form; read in place by the search.
    public let serialized: Data

    /// Quantises every row of `matrix` in one pass, split across `threadCount` threads.
    /// Throws if a row holds NaN or ±∞ (such a row has no meaningful score).
    public static func build(from matrix: VectorMatrix, threadCount: Int = ExactVectorSearch.defaultThreadCount)
        throws -> QuantizedVectors
    {
        let count = matrix.count
        let dimension = matrix.dimension
        let layout = Layout(count: count, dimension: dimension)
        // Every byte is written below: the header, each row's three norms and its codes.
        var bytes = LargeAllocation.overwritableData(byteCount: layout.totalSize)
        let workers = WorkerPool(threads: threadCount).workers(forRows: count, minimumRowsPerWorker: 4096)

        let outcomes: [BuildOutcome] = bytes.withUnsafeMutableBytes { output in
            matrix.withUnsafeRows { rows in
                let target = UncheckedSendable(output)
                let source = UncheckedSendable(rows)
                return WorkerPool.mapSlices(rowCount: count, workers: workers) { _, range in
                    quantizeRows(range, from: source.value, into: target.value, layout: layout)
                }
            }
        }
        if let badRow = outcomes.compactMap(\.badRow).min() {
            throw RuminateError(
                .invalidArgument, "Vector row \(badRow) holds NaN, infinity or values too large to square.",
                hint: "embed that passage again or drop it; every stored vector must be finite")
        }
        let maxima = outcomes.reduce(NormMaxima()) { $0.merged(with: $1.maxima) }
        let fingerprint = Self.fingerprint(of: matrix)
        bytes.withUnsafeMutableBytes { output in
            writeHeader(into: output, count: count, dimension: dimension, maxima: maxima, fingerprint: fingerprint)
        }
        return QuantizedVectors(
            count: count, dimension: dimension, fingerprint: fingerprint, maxima: maxima, serialized: bytes)
    }

    /// Adopts bytes from `serialized` without recomputing (or copying, when `data` is 4-byte aligned).
    public init(serialized data: Data) throws {
        let bytes =
            data.withUnsafeBytes { raw in
                raw.baseAddress.map { Int(bitPattern: $0) % MemoryLayout<Float>.alignment == 0 } ?? true
            } ? data : data.withUnsafeBytes { LargeAllocation.copy(of: $0) }
        let header = try bytes.withUnsafeBytes { raw in try Self.readHeader(raw) }
        self.init(
            count: header.count, dimension: header.dimension, fingerprint: header.fingerprint,
            maxima: header.maxima, serialized: bytes)
    }

    /// Loads a copy of `bytes` without recomputing.
    public init(serialized bytes: [UInt8]) throws {
        try self.init(serialized: bytes.withUnsafeBytes { LargeAllocation.copy(of: $0) })
    }

    private init(count: Int, dimension: Int, fingerprint: UInt64, maxima: NormMaxima, serialized: Data) {
        self.count = count
        self.dimension = dimension
        self.fingerprint = fingerprint
        self.maxima = maxima
        self.serialized = serialized
    }

    /// Whether this copy was built from rows shaped and (by sample) valued like `matrix`'s.
    public func matches(_ matrix: VectorMatrix) -> Bool {
        count == matrix.count && dimension == matrix.dimension && fingerprint == Self.fingerprint(of: matrix)
    }

    /// The arrays inside `serialized`, as pointers valid for the duration of `body`.
    struct Arrays {
        let scales: UnsafePointer<Float>
        let residualNorms: UnsafePointer<Float>
        let dequantizedNorms: UnsafePointer<Float>
        let codes: UnsafePointer<Int8>
    }

    func withArrays<R>(_ body: (Arrays) throws -> R) rethrows -> R {
        let layout = Layout(count: count, dimension: dimension)
        return try serialized.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            return try body(
                Arrays(
                    scales: (base + layout.scalesOffset).assumingMemoryBound(to: Float.self),
                    residualNorms: (base + layout.residualNormsOffset).assumingMemoryBound(to: Float.self),
                    dequantizedNorms: (base + layout.dequantizedNormsOffset).assumingMemoryBound(to: Float.self),
                    codes: (base + layout.codesOffset).assumingMemoryBound(to: Int8.self)))
        }
    }

    // MARK: - Building

    struct Layout: Sendable {
        let count: Int
        let dimension: Int
        var scalesOffset: Int { QuantizedVectors.headerSize }
        var residualNormsOffset: Int { scalesOffset + count * 4 }
        var dequantizedNormsOffset: Int { residualNormsOffset + count * 4 }
        var codesOffset: Int { dequantizedNormsOffset + count * 4 }
        var totalSize: Int { codesOffset + count * dimension }
    }

    struct NormMaxima: Sendable {
        var rowNorm: Float = 0
        var residualNorm: Float = 0
        var dequantizedNorm: Float = 0

        func merged(with other: NormMaxima) -> NormMaxima {
            NormMaxima(
                rowNorm: Swift.max(rowNorm, other.rowNorm), residualNorm: Swift.max(residualNorm, other.residualNorm),
                dequantizedNorm: Swift.max(dequantizedNorm, other.dequantizedNorm))
        }
    }

    /// One worker's share of a build: the first row that is not finite, and the norm maxima of its rows.
    private struct BuildOutcome {
        var badRow: Int?
        var maxima = NormMaxima()
    }

    private static func quantizeRows(
        _ range: Range<Int>, from rows: UnsafeBufferPointer<Float>, into output: UnsafeMutableRawBufferPointer,
        layout: Layout
    ) -> BuildOutcome {
        let base = output.baseAddress!
        let scales = (base + layout.scalesOffset).assumingMemoryBound(to: Float.self)
        let residualNorms = (base + layout.residualNormsOffset).assumingMemoryBound(to: Float.self)
        let dequantizedNorms = (base + layout.dequantizedNormsOffset).assumingMemoryBound(to: Float.self)
        let codes = (base + layout.codesOffset).assumingMemoryBound(to: Int8.self)
        let dimension = layout.dimension
        var outcome = BuildOutcome()
        for row in range {
            let quantized = VectorKernels.quantize(
                rows.baseAddress! + row * dimension, count: dimension, into: codes + row * dimension)
            guard quantized.norm.isFinite else {
                outcome.badRow = row
                return outcome
            }
            scales[row] = quantized.scale
            residualNorms[row] = quantized.residualNorm
            dequantizedNorms[row] = quantized.dequantizedNorm
            outcome.maxima = outcome.maxima.merged(
                with: NormMaxima(
                    rowNorm: quantized.norm, residualNorm: quantized.residualNorm,
                    dequantizedNorm: quantized.dequantizedNorm))
        }
        return outcome
    }

    /// FNV-1a over the shape and up to 64 evenly spaced rows: cheap enough to check on every open, and it
    /// catches an int8 copy left stale by re-embedding or reordering.
    static func fingerprint(of matrix: VectorMatrix) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x0000_0100_0000_01b3
        }
        mix(UInt64(matrix.count))
        mix(UInt64(matrix.dimension))
        guard matrix.count > 0 else { return hash }
        let samples = Swift.min(64, matrix.count)
        matrix.withUnsafeRows { rows in
            for sample in 0..<samples {
                let row = samples == 1 ? 0 : sample * (matrix.count - 1) / (samples - 1)
                for value in rows[(row * matrix.dimension)..<((row + 1) * matrix.dimension)] {
                    mix(UInt64(value.bitPattern))
                }
            }
        }
        return hash
    }

    // MARK: - Header

    private static func writeHeader(
        into output: UnsafeMutableRawBufferPointer, count: Int, dimension: Int, maxima: NormMaxima,
        fingerprint: UInt64
    ) {
        for (index, byte) in magic.enumerated() { output[index] = byte }
        output.storeBytes(of: version.littleEndian, toByteOffset: 4, as: UInt32.self)
        output.storeBytes(of: UInt64(count).littleEndian, toByteOffset: 8, as: UInt64.self)
        output.storeBytes(of: UInt32(dimension).littleEndian, toByteOffset: 16, as: UInt32.self)
        output.storeBytes(of: maxima.rowNorm.bitPattern.littleEndian, toByteOffset: 20, as: UInt32.self)
        output.storeBytes(of: maxima.residualNorm.bitPattern.littleEndian, toByteOffset: 24, as: UInt32.self)
        output.storeBytes(of: maxima.dequantizedNorm.bitPattern.littleEndian, toByteOffset: 28, as: UInt32.self)
        output.storeBytes(of: fingerprint.littleEndian, toByteOffset: 32, as: UInt64.self)
    }

    private static func readHeader(_ raw: UnsafeRawBufferPointer) throws
        -> (count: Int, dimension: Int, maxima: NormMaxima, fingerprint: UInt64)
    {
        let rebuild = "rebuild the int8 copy with QuantizedVectors.build(from:)"
        guard raw.count >= headerSize, Array(raw[0..<4]) == magic else {
            throw RuminateError(.indexFormat, "These bytes are not a stored int8 vector copy.", hint: rebuild)
        }
        let storedVersion = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        guard storedVersion == version else {
            throw RuminateError(
                .indexFormat,
                "Stored int8 vector copy has format version \(storedVersion); this build reads \(version).",
                hint: rebuild)
        }
        let count = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let dimension = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
        func float(at offset: Int) -> Float {
            Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        let maxima = NormMaxima(rowNorm: float(at: 20), residualNorm: float(at: 24), dequantizedNorm: float(at: 28))
        let fingerprint = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        let saneMaxima = [maxima.rowNorm, maxima.residualNorm, maxima.dequantizedNorm].allSatisfy {
            $0.isFinite && $0 >= 0
        }
        // Bound count before multiplying so a corrupt header cannot overflow the size computation.
        guard dimension > 0, dimension <= raw.count, count <= UInt64(raw.count), saneMaxima else {
            throw RuminateError(.indexFormat, "Stored int8 vector copy has a corrupt header.", hint: rebuild)
        }
        let layout = Layout(count: Int(count), dimension: dimension)
        guard layout.totalSize == raw.count else {
            throw RuminateError(
                .indexFormat,
                "Stored int8 vector copy is \(raw.count) bytes; its header (\(count) × \(dimension)) "
                    + "implies \(layout.totalSize).",
                hint: rebuild)
        }
        return (Int(count), dimension, maxima, fingerprint)
    }
}

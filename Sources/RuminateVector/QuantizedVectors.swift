import Foundation
import RuminateCore

/// The int8 copy of a `VectorMatrix` that the search scans first: per-row symmetric scales, the int8 codes of
/// all rows contiguously, and per-row error norms that let the search prove its int8 shortlist missed nothing.
///
/// In memory it is exactly its persisted form (`serialized`), so storing it is free and loading it back is a
/// header check, not a recomputation. Layout, little-endian:
/// `"RVQ8"`, UInt32 version, UInt64 count, UInt32 dimension, Float32 max row norm, UInt64 fingerprint of the
/// float rows (32 bytes), then count × Float32 scales, count × Float32 residual norms, count × Float32
/// dequantised norms, count × dimension × Int8 codes.
public struct QuantizedVectors: Sendable {
    static let magic: [UInt8] = Array("RVQ8".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32

    public let count: Int
    public let dimension: Int
    /// Identifies the float32 rows this copy was built from (count, dimension and a sample of rows).
    public let fingerprint: UInt64
    /// The largest ‖row‖; scales the allowance for float rounding.
    let maxRowNorm: Float
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
        var bytes = Data(count: layout.totalSize)
        let workers = ParallelRows.workerCount(rowCount: count, threadCount: threadCount, minimumRowsPerThread: 4096)

        // Per worker: (first row that is not finite, largest row norm).
        let outcomes: [(badRow: Int?, maxNorm: Float)] = bytes.withUnsafeMutableBytes { output in
            matrix.withUnsafeRows { rows in
                let target = UncheckedSendable(output)
                let source = UncheckedSendable(rows)
                return ParallelRows.map(rowCount: count, workers: workers) { _, range in
                    quantizeRows(range, from: source.value, into: target.value, layout: layout)
                }
            }
        }
        if let badRow = outcomes.compactMap(\.badRow).min() {
            throw RuminateError(
                .invalidArgument, "Vector row \(badRow) holds NaN, infinity or values too large to square.",
                hint: "embed that passage again or drop it; every stored vector must be finite")
        }
        let maxRowNorm = outcomes.map(\.maxNorm).max() ?? 0
        let fingerprint = Self.fingerprint(of: matrix)
        bytes.withUnsafeMutableBytes { output in
            writeHeader(
                into: output, count: count, dimension: dimension, maxRowNorm: maxRowNorm, fingerprint: fingerprint)
        }
        return QuantizedVectors(
            count: count, dimension: dimension, fingerprint: fingerprint, maxRowNorm: maxRowNorm, serialized: bytes)
    }

    /// Adopts bytes from `serialized` without recomputing (or copying, when `data` is 4-byte aligned).
    public init(serialized data: Data) throws {
        let bytes = data.withUnsafeBytes { raw in
            raw.baseAddress.map { Int(bitPattern: $0) % MemoryLayout<Float>.alignment == 0 } ?? true
        } ? data : Data(data)
        let header = try bytes.withUnsafeBytes { raw in try Self.readHeader(raw) }
        self.init(
            count: header.count, dimension: header.dimension, fingerprint: header.fingerprint,
            maxRowNorm: header.maxRowNorm, serialized: bytes)
    }

    public init(serialized bytes: [UInt8]) throws {
        try self.init(serialized: Data(bytes))
    }

    private init(count: Int, dimension: Int, fingerprint: UInt64, maxRowNorm: Float, serialized: Data) {
        self.count = count
        self.dimension = dimension
        self.fingerprint = fingerprint
        self.maxRowNorm = maxRowNorm
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

    private static func quantizeRows(
        _ range: Range<Int>, from rows: UnsafeBufferPointer<Float>, into output: UnsafeMutableRawBufferPointer,
        layout: Layout
    ) -> (badRow: Int?, maxNorm: Float) {
        let base = output.baseAddress!
        let scales = (base + layout.scalesOffset).assumingMemoryBound(to: Float.self)
        let residualNorms = (base + layout.residualNormsOffset).assumingMemoryBound(to: Float.self)
        let dequantizedNorms = (base + layout.dequantizedNormsOffset).assumingMemoryBound(to: Float.self)
        let codes = (base + layout.codesOffset).assumingMemoryBound(to: Int8.self)
        let dimension = layout.dimension
        var maxNorm: Float = 0
        for row in range {
            let quantized = VectorKernels.quantize(
                rows.baseAddress! + row * dimension, count: dimension, into: codes + row * dimension)
            guard quantized.norm.isFinite else { return (row, maxNorm) }
            scales[row] = quantized.scale
            residualNorms[row] = quantized.residualNorm
            dequantizedNorms[row] = quantized.dequantizedNorm
            maxNorm = Swift.max(maxNorm, quantized.norm)
        }
        return (nil, maxNorm)
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
        into output: UnsafeMutableRawBufferPointer, count: Int, dimension: Int, maxRowNorm: Float,
        fingerprint: UInt64
    ) {
        for (index, byte) in magic.enumerated() { output[index] = byte }
        output.storeBytes(of: version.littleEndian, toByteOffset: 4, as: UInt32.self)
        output.storeBytes(of: UInt64(count).littleEndian, toByteOffset: 8, as: UInt64.self)
        output.storeBytes(of: UInt32(dimension).littleEndian, toByteOffset: 16, as: UInt32.self)
        output.storeBytes(of: maxRowNorm.bitPattern.littleEndian, toByteOffset: 20, as: UInt32.self)
        output.storeBytes(of: fingerprint.littleEndian, toByteOffset: 24, as: UInt64.self)
    }

    private static func readHeader(_ raw: UnsafeRawBufferPointer) throws
        -> (count: Int, dimension: Int, maxRowNorm: Float, fingerprint: UInt64)
    {
        let rebuild = "rebuild the int8 copy with QuantizedVectors.build(from:)"
        guard raw.count >= headerSize, Array(raw[0..<4]) == magic else {
            throw RuminateError(.indexFormat, "These bytes are not a stored int8 vector copy.", hint: rebuild)
        }
        let storedVersion = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        guard storedVersion == version else {
            throw RuminateError(
                .indexFormat, "Stored int8 vector copy has format version \(storedVersion); this build reads \(version).",
                hint: rebuild)
        }
        let count = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let dimension = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
        let maxRowNorm = Float(
            bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self)))
        let fingerprint = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        // Bound count before multiplying so a corrupt header cannot overflow the size computation.
        guard dimension > 0, dimension <= raw.count, count <= UInt64(raw.count), maxRowNorm.isFinite, maxRowNorm >= 0 else {
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
        return (Int(count), dimension, maxRowNorm, fingerprint)
    }
}

import Foundation
import RuminateCore

/// `count` × `dimension` float32 vectors, row-major and contiguous, that the search reads without copying.
///
/// The rows live in one of three places: a Swift array the matrix owns, a `Data` value (for example a BLOB read
/// from SQLite), or memory someone else owns (an mmapped file, a C buffer) that `keepAlive` keeps valid.
/// Scores are dot products, which equal cosine similarity when rows and query are L2-normalised.
public final class VectorMatrix: @unchecked Sendable {
    // @unchecked: every stored property is immutable; the external case is documented as read-only memory.

    private enum Storage {
        case owned([Float])
        case data(Data)
        case external(UnsafePointer<Float>, keepAlive: AnyObject?)
    }

    public let count: Int
    public let dimension: Int
    private let storage: Storage

    /// Owns `rows` (count = rows.count / dimension); no copy is made.
    public convenience init(rows: [Float], dimension: Int) throws {
        let count = try Self.rowCount(elements: rows.count, dimension: dimension, source: "the array")
        self.init(count: count, dimension: dimension, storage: .owned(rows))
    }

    /// Reads little-endian float32 rows from `data` in place (e.g. a BLOB). Copies only if `data` is misaligned.
    public convenience init(data: Data, dimension: Int) throws {
        guard data.count % MemoryLayout<Float>.stride == 0 else {
            throw RuminateError(
                .malformedInput, "Vector data is \(data.count) bytes, not a whole number of float32 values.",
                hint: "store the vectors as raw little-endian float32, \(MemoryLayout<Float>.stride) bytes each")
        }
        let count = try Self.rowCount(
            elements: data.count / MemoryLayout<Float>.stride, dimension: dimension, source: "the data")
        let aligned = data.withUnsafeBytes { raw in
            raw.baseAddress.map { Int(bitPattern: $0) % MemoryLayout<Float>.alignment == 0 } ?? true
        }
        self.init(count: count, dimension: dimension, storage: .data(aligned ? data : Data(data)))
    }

    /// Reads rows from memory the caller owns. The memory must stay valid and unchanged while this matrix
    /// lives: pass the object that owns it as `keepAlive` (see `mapping(fileAt:dimension:)`).
    public convenience init(
        unsafeRows rows: UnsafeBufferPointer<Float>, dimension: Int, keepAlive: AnyObject?
    ) throws {
        let count = try Self.rowCount(elements: rows.count, dimension: dimension, source: "the buffer")
        guard let base = rows.baseAddress else {
            self.init(count: 0, dimension: dimension, storage: .owned([]))
            return
        }
        self.init(count: count, dimension: dimension, storage: .external(base, keepAlive: keepAlive))
    }

    private init(count: Int, dimension: Int, storage: Storage) {
        self.count = count
        self.dimension = dimension
        self.storage = storage
    }

    /// Calls `body` with all rows as one contiguous buffer of `count * dimension` floats.
    public func withUnsafeRows<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch storage {
        case .owned(let rows):
            return try rows.withUnsafeBufferPointer(body)
        case .data(let data):
            return try data.withUnsafeBytes { raw in
                try body(raw.bindMemory(to: Float.self))
            }
        case .external(let base, let keepAlive):
            return try withExtendedLifetime(keepAlive) {
                try body(UnsafeBufferPointer(start: base, count: count * dimension))
            }
        }
    }

    /// A copy of one row.
    public func vector(at row: Int) throws -> [Float] {
        guard row >= 0, row < count else {
            throw RuminateError(.invalidArgument, "Row \(row) is outside the matrix (0..<\(count)).")
        }
        return withUnsafeRows { Array($0[(row * dimension)..<((row + 1) * dimension)]) }
    }

    private static func rowCount(elements: Int, dimension: Int, source: String) throws -> Int {
        guard dimension > 0 else {
            throw RuminateError(
                .invalidArgument, "Vector dimension must be positive, got \(dimension).",
                hint: "pass the embedding size, e.g. 384")
        }
        guard elements % dimension == 0 else {
            throw RuminateError(
                .malformedInput, "\(elements) floats in \(source) do not form whole rows of \(dimension).",
                hint: "check the dimension the vectors were stored with")
        }
        return elements / dimension
    }
}

import Foundation
import RuminateCore
import RuminateSystem

extension VectorMatrix {
    /// Maps a file of raw little-endian float32 rows read-only and reads it in place (no copy, pages load lazily).
    /// `byteOffset` skips a header; it must keep rows 4-byte aligned. `count` nil means "to the end of the file".
    public static func mapping(
        fileAt url: URL, dimension: Int, byteOffset: Int = 0, count: Int? = nil
    ) throws -> VectorMatrix {
        let region = try mappedFile(url.path)
        let stride = MemoryLayout<Float>.stride
        guard byteOffset >= 0, byteOffset % stride == 0, byteOffset <= region.bytes.count else {
            throw RuminateError(
                .invalidArgument,
                "Byte offset \(byteOffset) is not a 4-byte aligned position inside \(url.path) (\(region.bytes.count) bytes)."
            )
        }
        guard dimension > 0 else {
            throw RuminateError(.invalidArgument, "Vector dimension must be positive, got \(dimension).")
        }
        let available = region.bytes.count - byteOffset
        let rows: Int
        if let count {
            guard count >= 0, count * dimension * stride <= available else {
                throw RuminateError(
                    .malformedInput,
                    "\(url.path) holds \(available) bytes after offset \(byteOffset), "
                        + "too few for \(count) rows of \(dimension) floats.")
            }
            rows = count
        } else {
            guard available % (dimension * stride) == 0 else {
                throw RuminateError(
                    .malformedInput,
                    "\(url.path) holds \(available) bytes after offset \(byteOffset), "
                        + "not whole rows of \(dimension) float32 values.",
                    hint: "check the dimension and header size")
            }
            rows = available / (dimension * stride)
        }
        let floats = (region.bytes.baseAddress! + byteOffset).assumingMemoryBound(to: Float.self)
        return try VectorMatrix(
            unsafeRows: UnsafeBufferPointer(start: floats, count: rows * dimension), dimension: dimension,
            keepAlive: region)
    }

    /// The file mapped read-only; a missing, unreadable or empty file is refused.
    private static func mappedFile(_ path: String) throws -> MappedFile {
        let file = try MappedFile.map(path, what: "vector file", hint: "check that the file exists and is readable")
        guard !file.bytes.isEmpty else { throw RuminateError(.malformedInput, "Vector file \(path) is empty.") }
        return file
    }
}

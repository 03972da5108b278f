import Foundation
import RuminateCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a file; unmapped when the last reference goes away.
final class MappedRegion: @unchecked Sendable {
    // @unchecked: the mapping is PROT_READ and never changes after init.
    let base: UnsafeRawPointer
    let length: Int

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw RuminateError(
                .fileUnreadable, "Cannot open vector file \(path): \(String(cString: strerror(errno))).",
                hint: "check that the file exists and is readable")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw RuminateError(.fileUnreadable, "Cannot read the size of vector file \(path).")
        }
        let length = Int(status.st_size)
        guard length > 0 else {
            throw RuminateError(.malformedInput, "Vector file \(path) is empty.")
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw RuminateError(
                .fileUnreadable, "Cannot map vector file \(path): \(String(cString: strerror(errno))).")
        }
        self.base = UnsafeRawPointer(mapped)
        self.length = length
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }
}

extension VectorMatrix {
    /// Maps a file of raw little-endian float32 rows read-only and reads it in place (no copy, pages load lazily).
    /// `byteOffset` skips a header; it must keep rows 4-byte aligned. `count` nil means "to the end of the file".
    public static func mapping(
        fileAt url: URL, dimension: Int, byteOffset: Int = 0, count: Int? = nil
    ) throws -> VectorMatrix {
        let region = try MappedRegion(path: url.path)
        let stride = MemoryLayout<Float>.stride
        guard byteOffset >= 0, byteOffset % stride == 0, byteOffset <= region.length else {
            throw RuminateError(
                .invalidArgument,
                "Byte offset \(byteOffset) is not a 4-byte aligned position inside \(url.path) (\(region.length) bytes).")
        }
        guard dimension > 0 else {
            throw RuminateError(.invalidArgument, "Vector dimension must be positive, got \(dimension).")
        }
        let available = region.length - byteOffset
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
        let floats = (region.base + byteOffset).assumingMemoryBound(to: Float.self)
        return try VectorMatrix(
            unsafeRows: UnsafeBufferPointer(start: floats, count: rows * dimension), dimension: dimension,
            keepAlive: region)
    }
}

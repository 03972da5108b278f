import RuminateCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory (pages load lazily, nothing is copied); unmapped when the last
/// reference goes away, so whatever reads the bytes keeps this object alive (a `VectorMatrix`'s `keepAlive`, a
/// `Data`'s deallocator, the object that owns it).
public final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is PROT_READ and never changes after init.

    /// The file's bytes; empty (and unmapped: `mmap` refuses a length of 0) for an empty file.
    public let bytes: UnsafeRawBufferPointer

    /// Why a file could not be mapped: the step that failed and its errno, for the caller's own message.
    public struct Failure: Error, Sendable {
        public enum Step: Sendable { case open, size, map }
        public let step: Step
        public let number: Int32
        /// `strerror`'s text for the errno.
        public var reason: String { String(cString: strerror(number)) }
    }

    public init(path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(step: .open, number: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(step: .size, number: errno) }
        let length = Int(status.st_size)
        guard length > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw Failure(step: .map, number: errno)
        }
        bytes = UnsafeRawBufferPointer(start: mapped, count: length)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

extension MappedFile {
    /// Maps `path` read-only, a failure worded for the user: `what` names the file's role ("the model weights",
    /// "vector file"), `hint` says what to do when it cannot be opened.
    public static func map(_ path: String, what: String, hint: String) throws(RuminateError) -> MappedFile {
        do throws(Failure) {
            return try MappedFile(path: path)
        } catch {
            switch error.step {
            case .open:
                throw RuminateError(.fileUnreadable, "Cannot open \(what) \(path): \(error.reason).", hint: hint)
            case .size:
                throw RuminateError(.fileUnreadable, "Cannot read the size of \(what) \(path): \(error.reason).")
            case .map:
                throw RuminateError(.fileUnreadable, "Cannot map \(what) \(path): \(error.reason).")
            }
        }
    }
}

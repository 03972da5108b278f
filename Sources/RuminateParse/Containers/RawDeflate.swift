internal import CZlib
import RuminateCore

/// Raw deflate (RFC 1951, no zlib or gzip wrapper), the way zip entries store their data: the sibling of
/// `GzipDecoder`, over the same `CZlib` module.
///
/// Output is bounded: inflating stops one byte past `outputLimit`, so an entry that inflates further than
/// it may costs at most the limit in memory.
enum RawDeflate {
    enum Ending: Equatable {
        /// The deflate stream ended (its final block was read).
        case complete
        /// More than `outputLimit` bytes would come out.
        case limitReached
        /// The input ended before the stream did.
        case truncated
        case corrupt(String)
    }

    /// Inflates `input`, keeping at most `outputLimit + 1` bytes (the extra byte tells that the limit was
    /// passed). Throws only when zlib cannot start (out of memory).
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, outputLimit: Int) throws(RuminateError) -> (
        bytes: [UInt8], ending: Ending
    ) {
        // zlib keeps a pointer back to the stream, so it lives at a fixed heap address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // Window bits -15: raw deflate with a 32 KiB window. `inflateInit2` is a macro Swift cannot call.
        let status = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw RuminateError(
                .storage, "zlib could not start inflating (status \(status))", hint: "the machine may be out of memory")
        }
        defer { inflateEnd(stream) }

        var output: [UInt8] = []
        output.reserveCapacity(min(outputLimit + 1, 1 << 20))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var consumed = 0
        guard let inputBase = input.baseAddress else { return (output, .truncated) }
        while true {
            // avail_in is 32 bits: feed at most 1 GiB at a time.
            let available = min(input.count - consumed, 1 << 30)
            let room = min(chunk.count, max(outputLimit + 1 - output.count, 0))
            if room == 0 { return (output, .limitReached) }
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(room)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                return (status, room - Int(stream.pointee.avail_out))
            }
            consumed += available - Int(stream.pointee.avail_in)
            output.append(contentsOf: chunk[0..<produced])
            if output.count > outputLimit { return (output, .limitReached) }
            switch status {
            case Z_STREAM_END:
                return (output, .complete)
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible with output room left: zlib wants input that is not there.
                return (output, consumed >= input.count ? .truncated : .corrupt("zlib made no progress"))
            case Z_MEM_ERROR:
                return (output, .corrupt("zlib ran out of memory"))
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                return (output, .corrupt(message))
            }
        }
    }

    /// The CRC-32 zip records for every entry (zlib's implementation).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt = 0
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let length = min(buffer.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, base + offset, UInt32(length))
                offset += length
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}

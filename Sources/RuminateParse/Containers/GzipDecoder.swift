internal import CZlib
import RuminateCore

/// gzip (RFC 1952) decompression through zlib, the only Swift code that touches `CZlib`.
///
/// Output is bounded: inflating stops as soon as it passes `outputLimit`, so a gzip bomb costs at most
/// the limit in memory and is refused with `.tooLarge`. Concatenated members (`cat a.gz b.gz`) are read
/// one after another, as gzip(1) does; zero padding after the last member is ignored, other trailing
/// bytes are ignored with a warning. Truncated or corrupt streams throw `.malformedInput`.
struct GzipDecoder {
    /// The gzip magic bytes every member starts with.
    static let magic: [UInt8] = [0x1F, 0x8B]

    /// Inflated bytes past this are refused.
    var outputLimit: Int

    struct Output {
        var bytes: [UInt8]
        var warnings: [String]
    }

    static func isGzip<Bytes: Collection<UInt8>>(_ data: Bytes) -> Bool {
        data.starts(with: magic)
    }

    /// The whole decompressed stream, or a `RuminateError` saying why not.
    func decompress(_ data: [UInt8], sourceName: String) throws(RuminateError) -> Output {
        let run = try Self.inflate(data, outputLimit: outputLimit)
        switch run.ending {
        case .complete:
            return Output(bytes: run.bytes, warnings: run.warnings.map { "\(sourceName): \($0)" })
        case .limitReached:
            throw RuminateError(
                .tooLarge,
                "\(sourceName) decompresses to more than the parse limit of \(outputLimit) bytes "
                    + "(\(data.count) compressed bytes; a gzip bomb?)",
                hint: "raise ParseLimits.maxBytes if the file is genuine, or exclude it")
        case .truncated:
            throw RuminateError(
                .malformedInput,
                "\(sourceName): the gzip stream is truncated (it ends after \(data.count) bytes, "
                    + "\(run.bytes.count) bytes decompressed)",
                hint: "the file was cut short; fetch or compress it again")
        case .corrupt(let reason, let offset):
            throw RuminateError(
                .malformedInput, "\(sourceName): corrupt gzip data near compressed byte \(offset): \(reason)",
                hint: "check the file with `gzip -t`")
        }
    }

    /// Up to `count` decompressed bytes from the start of `data`, which may itself be only the head of a
    /// file (for sniffing the inner format); nil when not even the start inflates.
    static func head(of data: [UInt8], count: Int) -> [UInt8]? {
        guard isGzip(data), let run = try? inflate(data, outputLimit: count) else { return nil }
        if case .corrupt = run.ending, run.bytes.isEmpty { return nil }
        return Array(run.bytes.prefix(count))
    }

    // MARK: - The inflate loop

    enum Ending: Equatable {
        case complete
        /// More than `outputLimit` bytes would come out.
        case limitReached
        /// The input ended inside a member.
        case truncated
        case corrupt(reason: String, offset: Int)
    }

    struct Run {
        var bytes: [UInt8]
        var ending: Ending
        var warnings: [String]
    }

    /// Inflates member after member; keeps at most `outputLimit + 1` bytes (the extra byte tells that the
    /// limit was passed). Throws only when zlib cannot start (out of memory).
    static func inflate(_ data: [UInt8], outputLimit: Int) throws(RuminateError) -> Run {
        guard isGzip(data) else {
            return Run(
                bytes: [], ending: .corrupt(reason: "not a gzip stream (no 1F 8B magic)", offset: 0), warnings: [])
        }
        let stream = try InflateStream()
        var output: [UInt8] = []
        var warnings: [String] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var consumed = 0
        while true {
            // One member.
            let step = data.withUnsafeBufferPointer { input in
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.inflateMember(
                        input: input, from: &consumed, into: buffer, output: &output, limit: outputLimit)
                }
            }
            switch step {
            case .memberEnded:
                break
            case .needsMoreInput:
                return Run(bytes: output, ending: .truncated, warnings: warnings)
            case .outputFull:
                return Run(bytes: output, ending: .limitReached, warnings: warnings)
            case .failed(let reason):
                return Run(bytes: output, ending: .corrupt(reason: reason, offset: consumed), warnings: warnings)
            }
            let rest = data[consumed...]
            if rest.isEmpty { return Run(bytes: output, ending: .complete, warnings: warnings) }
            if isGzip(rest) {
                stream.reset()
                continue
            }
            if !rest.allSatisfy({ $0 == 0 }) {
                warnings.append("\(rest.count) bytes of trailing data after the gzip stream were ignored")
            }
            return Run(bytes: output, ending: .complete, warnings: warnings)
        }
    }
}

/// One zlib inflate stream, owned: the `z_stream` lives at a fixed heap address (zlib keeps a pointer
/// back to it) and `inflateEnd` always runs when the owner goes away.
private final class InflateStream {
    enum Step {
        case memberEnded
        case needsMoreInput
        case outputFull
        case failed(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>

    init() throws(RuminateError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = ruminate_inflateInitGzip(stream)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw RuminateError(
                .storage, "zlib could not start inflating (status \(status))", hint: "the machine may be out of memory")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Ready for the next member of a multi-member file.
    func reset() {
        inflateReset(stream)
    }

    /// Inflates from `input[consumed...]` until the member ends, the input runs out, the output passes
    /// `limit` or the data is corrupt; `consumed` advances past what zlib read.
    func inflateMember(
        input: UnsafeBufferPointer<UInt8>, from consumed: inout Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
        output: inout [UInt8], limit: Int
    ) -> Step {
        guard let inputBase = input.baseAddress, let bufferBase = buffer.baseAddress else { return .needsMoreInput }
        while true {
            // avail_in is 32 bits: feed at most 1 GiB at a time.
            let available = min(input.count - consumed, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
            stream.pointee.avail_in = UInt32(available)
            // Never produce more than one byte past the limit.
            let room = min(buffer.count, max(limit + 1 - output.count, 0))
            if room == 0 { return .outputFull }
            stream.pointee.next_out = bufferBase
            stream.pointee.avail_out = UInt32(room)

            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            consumed += available - Int(stream.pointee.avail_in)
            let produced = room - Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeBufferPointer(start: bufferBase, count: produced))
            if output.count > limit { return .outputFull }

            switch status {
            case Z_STREAM_END:
                return .memberEnded
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: zlib wants input that is not there (output room was available).
                return consumed >= input.count ? .needsMoreInput : .failed("zlib made no progress")
            case Z_MEM_ERROR:
                return .failed("zlib ran out of memory")
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                return .failed(message)
            }
        }
    }
}

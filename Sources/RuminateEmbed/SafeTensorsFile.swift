import Foundation
import RuminateCore
import RuminateSystem

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian tensor bytes. Only F32 tensors are read.
final class SafeTensorsFile: Sendable {
    struct TensorEntry: Sendable {
        var shape: [Int]
        var dtype: String
        var byteRange: Range<Int>
    }

    let path: String
    let tensors: [String: TensorEntry]
    private let file: MappedFile
    private let dataOffset: Int

    init(path: String) throws {
        self.path = path
        file = try MappedFile.map(
            path, what: "the model weights",
            hint: "run scripts/fetch-model, or point --model at a folder with model.safetensors")
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw RuminateError(.malformedInput, "\(path) is too short to be a safetensors file")
        }
        var headerLength = 0
        for byte in 0..<8 { headerLength |= Int(bytes[byte]) << (8 * byte) }
        guard headerLength > 1, headerLength <= bytes.count - 8, headerLength < 100_000_000 else {
            throw RuminateError(.malformedInput, "\(path) has an invalid safetensors header length \(headerLength)")
        }
        let header = Data(bytes: bytes.baseAddress! + 8, count: headerLength)
        self.tensors = try SafeTensorsFile.parseHeader(header, dataLength: bytes.count - 8 - headerLength, path: path)
        self.dataOffset = 8 + headerLength
    }

    /// The whole file, header included.
    var mappedBytes: UnsafeRawBufferPointer { file.bytes }

    /// A tensor's F32 values in the mapping (possibly unaligned: read with `loadUnaligned` or copy).
    func floats(_ name: String, shape expected: [Int]) throws -> UnsafeRawBufferPointer {
        guard let entry = tensors[name] else {
            throw RuminateError(.malformedInput, "\(path) has no tensor \(name)", hint: "is this a BERT model?")
        }
        guard entry.dtype == "F32" else {
            throw RuminateError(
                .unsupportedFormat, "Tensor \(name) in \(path) is \(entry.dtype); only F32 is supported")
        }
        guard entry.shape == expected else {
            throw RuminateError(
                .malformedInput, "Tensor \(name) in \(path) has shape \(entry.shape), config.json implies \(expected)")
        }
        let start = dataOffset + entry.byteRange.lowerBound
        return UnsafeRawBufferPointer(rebasing: file.bytes[start..<start + entry.byteRange.count])
    }

    /// Copies a tensor into a new aligned Float array.
    func floatArray(_ name: String, shape: [Int]) throws -> [Float] {
        let raw = try floats(name, shape: shape)
        return [Float](unsafeUninitializedCapacity: raw.count / 4) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            count = raw.count / 4
        }
    }

    private static func parseHeader(_ header: Data, dataLength: Int, path: String) throws -> [String: TensorEntry] {
        guard let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw RuminateError(.malformedInput, "\(path) has an unreadable safetensors JSON header")
        }
        var tensors: [String: TensorEntry] = [:]
        for (name, value) in json where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2,
                offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength
            else {
                throw RuminateError(.malformedInput, "\(path): tensor \(name) has an invalid header entry")
            }
            let elementSize = [
                "F64": 8, "I64": 8, "F32": 4, "I32": 4, "F16": 2, "BF16": 2, "I16": 2, "I8": 1, "U8": 1,
                "BOOL": 1,
            ][dtype]
            if let elementSize, shape.reduce(elementSize, *) != offsets[1] - offsets[0] {
                throw RuminateError(
                    .malformedInput, "\(path): tensor \(name) has \(offsets[1] - offsets[0]) bytes for shape \(shape)")
            }
            tensors[name] = TensorEntry(shape: shape, dtype: dtype, byteRange: offsets[0]..<offsets[1])
        }
        return tensors
    }
}

internal import Crypto

/// SHA-256 in lowercase hex (swift-crypto underneath): file contents for change detection, the model's weights
/// for its fingerprint. Feed it in pieces with `update`, or hash one buffer with `of`.
public struct SHA256Hex {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    public func finalize() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(2 * SHA256.byteCount)
        for byte in hasher.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func of(_ bytes: UnsafeRawBufferPointer) -> String {
        var hash = SHA256Hex()
        hash.update(bytes)
        return hash.finalize()
    }

    public static func of(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes(of) }
}

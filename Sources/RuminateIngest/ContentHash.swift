internal import Crypto
import Foundation

/// SHA-256, hex: detects changed files, renamed files and exact duplicates.
enum ContentHash {
    static func of(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// A document member's own hash: title and text, so one changed JSONL line re-indexes one document.
    static func member(title: String?, text: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array((title ?? "").utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(text.utf8))
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

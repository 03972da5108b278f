import RuminateSystem

/// SHA-256, hex: detects changed files, renamed files and exact duplicates.
enum ContentHash {
    static func of(_ bytes: [UInt8]) -> String {
        SHA256Hex.of(bytes)
    }

    /// A document member's own hash: title and text, so one changed JSONL line re-indexes one document.
    static func member(title: String?, text: String) -> String {
        var hash = SHA256Hex()
        hash.update(Array((title ?? "").utf8))
        hash.update([0])
        hash.update(Array(text.utf8))
        return hash.finalize()
    }
}

/// WordPiece's vocabulary as an open-addressing hash table over UTF-8 bytes, so that the greedy longest-match
/// search looks up candidate pieces straight from a buffer, without building a `String` per candidate.
struct VocabularyTable: Sendable {
    private struct Slot: Sendable {
        var offset: Int32 = -1  // into `bytes`; -1 = empty
        var length: Int32 = 0
        var id: Int32 = 0
    }

    private let bytes: [UInt8]
    private let slots: [Slot]
    private let mask: Int
    /// The longest key, in Unicode scalars: no longer candidate can match.
    let longestKey: Int

    init(_ entries: [(key: Substring.UTF8View, id: Int32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        var bytes: [UInt8] = []
        var slots = [Slot](repeating: Slot(), count: capacity)
        var longest = 0
        for (key, id) in entries {
            let offset = bytes.count
            bytes.append(contentsOf: key)
            longest = max(longest, Substring(key).unicodeScalars.count)
            var index = VocabularyTable.hash(bytes[offset...]) & (capacity - 1)
            while slots[index].offset >= 0 {
                let slot = slots[index]
                if bytes[Int(slot.offset)..<Int(slot.offset + slot.length)].elementsEqual(key) { break }  // duplicate
                index = (index + 1) & (capacity - 1)
            }
            // A later duplicate wins, as in Hugging Face's vocabulary loading.
            slots[index] = Slot(offset: Int32(offset), length: Int32(key.count), id: id)
        }
        self.bytes = bytes
        self.slots = slots
        self.mask = capacity - 1
        self.longestKey = longest
    }

    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var index = VocabularyTable.hash(key) & mask
        return bytes.withUnsafeBufferPointer { stored in
            slots.withUnsafeBufferPointer { slots in
                while true {
                    let slot = slots[index]
                    if slot.offset < 0 { return nil }
                    if Int(slot.length) == key.count
                        && (key.isEmpty
                            || memoryEqual(stored.baseAddress! + Int(slot.offset), key.baseAddress!, key.count))
                    {
                        return slot.id
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }

    /// FNV-1a, 64-bit.
    @inline(__always)
    private static func hash<C: Collection>(_ key: C) -> Int where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

import CZlib

/// The `container` target's input: zip entries as text the fuzzer can mutate freely, turned into a valid
/// zip (stored entries, correct CRC-32s) so that mutations reach the EPUB, DOCX and ODT readers instead of
/// stopping at a checksum. The input is `name\ncontent` records separated by NUL bytes; a record
/// without a newline is a name with empty content. (`zip` fuzzes the archive reader on raw bytes.)
enum ContainerInput {
    static func zip(from input: [UInt8]) -> [UInt8] {
        var entries: [(name: ArraySlice<UInt8>, content: ArraySlice<UInt8>)] = []
        for record in input.split(separator: 0, omittingEmptySubsequences: true).prefix(64) {
            if let newline = record.firstIndex(of: 0x0A) {
                entries.append((record[..<newline], record[(newline + 1)...]))
            } else {
                entries.append((record, []))
            }
        }
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.prefix(0xFFFF))
            let content = Array(entry.content)
            let crc = content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            let offset = archive.count
            archive += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
            archive += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count))
            archive += le16(UInt16(name.count)) + le16(0) + name + content
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
            directory += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count))
            directory += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            directory += le32(UInt32(offset)) + name
        }
        let directoryOffset = archive.count
        archive += directory
        archive += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        archive += le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return archive
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

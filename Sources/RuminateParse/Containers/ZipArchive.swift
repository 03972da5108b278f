import RuminateCore

/// A zip archive (the container of EPUB, DOCX and ODT) read in memory; nothing is ever extracted to disk.
///
/// Only what a document reader needs: the central directory (ZIP64 included), stored and deflated
/// entries, CRC-32 checked. Hostile archives are bounded: at most `ParseLimits.maxArchiveEntries`
/// entries; the bytes inflated from all entries read add up to at most `ParseLimits.maxBytes`, an entry
/// whose declared size does not fit is refused before inflating, and one that inflates past its declared
/// size (a lying header) is refused one byte later. Names that could escape a folder (`../x`, `/etc/x`,
/// `C:x`) are left out of the table with a warning, so no lookup can reach them.
struct ZipArchive {
    struct Entry {
        var name: String
        var method: Int
        var flags: Int
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let maxWarnings = 20

    let sourceName: String
    private let bytes: [UInt8]
    private let maxBytes: Int
    /// Entries with safe names, in central-directory order (directories left out).
    private(set) var entries: [Entry] = []
    private var entryIndex: [String: Int] = [:]
    private(set) var warnings: [String] = []
    /// Bytes that may still be inflated from this archive.
    private(set) var remainingBytes: Int

    /// Reads the central directory; no entry is inflated yet.
    init(_ bytes: [UInt8], sourceName: String, limits: ParseLimits) throws(RuminateError) {
        self.bytes = bytes
        self.sourceName = sourceName
        self.maxBytes = limits.maxBytes
        self.remainingBytes = limits.maxBytes
        let directory = try Self.findDirectory(bytes, sourceName: sourceName)
        guard directory.entryCount <= limits.maxArchiveEntries else {
            throw RuminateError(
                .hostileInput,
                "\(sourceName): the zip archive lists \(directory.entryCount) entries, more than the limit of \(limits.maxArchiveEntries)",
                hint: "raise ParseLimits.maxArchiveEntries if the file is genuine, or exclude it")
        }
        try readDirectory(directory)
    }

    /// The archive a container parser reads: nil for an empty file, `.tooLarge` past `limits.maxBytes`,
    /// `.malformedInput` for anything that is not a readable zip.
    static func open(_ data: [UInt8], sourceName: String, limits: ParseLimits) throws(RuminateError) -> ZipArchive? {
        try limits.checkSize(data, sourceName: sourceName)
        guard !data.isEmpty else { return nil }
        return try ZipArchive(data, sourceName: sourceName, limits: limits)
    }

    /// What a container parser returns for an empty file.
    static func emptyResult(_ sourceName: String) -> ParseResult {
        ParseResult(documents: [ExtractedDocument(text: "", blocks: [])], warnings: ["\(sourceName): empty file"])
    }

    func contains(_ name: String) -> Bool { entryIndex[name] != nil }

    /// How an entry is named in messages: `book.epub!/OEBPS/content.opf`.
    func partName(_ entry: String) -> String { "\(sourceName)!/\(entry)" }

    /// The entry's bytes, or nil when the archive has no (safely named) entry of that name.
    mutating func readIfPresent(_ name: String) throws(RuminateError) -> [UInt8]? {
        guard let index = entryIndex[name] else { return nil }
        return try read(entries[index])
    }

    /// The entry's bytes; a missing entry is `.malformedInput` (the format requires it).
    mutating func read(_ name: String, requiredBy format: String) throws(RuminateError) -> [UInt8] {
        guard let bytes = try readIfPresent(name) else {
            throw RuminateError(
                .malformedInput, "\(sourceName): no \(name) in the zip archive, so it is not a valid \(format)",
                hint: "check that the file is a complete \(format)")
        }
        return bytes
    }

    mutating func warn(_ message: String) {
        if warnings.count < Self.maxWarnings {
            warnings.append("\(sourceName): \(message)")
        } else if warnings.count == Self.maxWarnings {
            warnings.append("\(sourceName): further zip warnings left out")
        }
    }

    // MARK: - Reading one entry

    private mutating func read(_ entry: Entry) throws(RuminateError) -> [UInt8] {
        let label = "\(sourceName): entry \(entry.name)"
        if entry.flags & 1 != 0 {
            throw RuminateError(.unsupportedFormat, "\(label) is encrypted", hint: "decrypt the document first")
        }
        guard entry.uncompressedSize <= remainingBytes else {
            let spent = maxBytes - remainingBytes
            throw RuminateError(
                .tooLarge,
                "\(label) declares \(entry.uncompressedSize) bytes uncompressed; with the \(spent) bytes already read that "
                    + "passes the parse limit of \(maxBytes) bytes (a zip bomb?); it was not inflated",
                hint: "raise ParseLimits.maxBytes if the file is genuine, or exclude it")
        }
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, bytes.u32(at: header) == 0x0403_4B50 else {
            throw RuminateError(
                .malformedInput, "\(label): no local header at offset \(header); the archive is truncated or corrupt",
                hint: "the file was cut short or damaged; fetch or save it again")
        }
        let dataStart = header + 30 + bytes.u16(at: header + 26) + bytes.u16(at: header + 28)
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw RuminateError(
                .malformedInput, "\(label) runs past the end of the archive; the file is truncated",
                hint: "the file was cut short; fetch or save it again")
        }
        let content: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw RuminateError(
                    .malformedInput, "\(label) is stored uncompressed but its two sizes differ",
                    hint: "the archive is corrupt")
            }
            content = Array(bytes[dataStart..<dataStart + entry.compressedSize])
        case 8:
            content = try inflate(entry, from: dataStart, label: label)
        default:
            throw RuminateError(
                .unsupportedFormat,
                "\(label) uses zip compression method \(entry.method); only stored and deflate are read",
                hint: "save the document again with a standard tool")
        }
        guard RawDeflate.crc32(content) == entry.crc32 else {
            throw RuminateError(
                .malformedInput, "\(label) fails its CRC-32 check; the archive is corrupt",
                hint: "fetch or save the file again")
        }
        remainingBytes -= content.count
        return content
    }

    private func inflate(_ entry: Entry, from dataStart: Int, label: String) throws(RuminateError) -> [UInt8] {
        let run = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(RuminateError) in
                try RawDeflate.inflate(
                    UnsafeBufferPointer(rebasing: buffer[dataStart..<dataStart + entry.compressedSize]),
                    outputLimit: entry.uncompressedSize)
            }
        }
        let (content, ending) = try run.get()
        switch ending {
        case .complete where content.count == entry.uncompressedSize:
            return content
        case .complete:
            throw RuminateError(
                .malformedInput,
                "\(label) inflates to \(content.count) bytes, not the \(entry.uncompressedSize) its header declares",
                hint: "the archive is corrupt")
        case .limitReached:
            throw RuminateError(
                .hostileInput,
                "\(label) inflates past the \(entry.uncompressedSize) bytes its header declares (a zip bomb with a lying "
                    + "header?); inflating stopped there",
                hint: "the archive is hostile or corrupt; it is not indexed")
        case .truncated:
            throw RuminateError(
                .malformedInput, "\(label): its compressed data ends early; the archive is truncated or corrupt",
                hint: "fetch or save the file again")
        case .corrupt(let reason):
            throw RuminateError(
                .malformedInput, "\(label): corrupt deflate data: \(reason)", hint: "fetch or save the file again")
        }
    }

    // MARK: - The central directory

    struct Directory {
        var offset: Int
        var size: Int
        var entryCount: Int
    }

    static func notAZip(_ sourceName: String) -> RuminateError {
        RuminateError(
            .malformedInput,
            "\(sourceName) is not a zip archive, or it is truncated (no end-of-central-directory record)",
            hint: "the file was cut short or is not an EPUB, DOCX or ODT document")
    }

    /// The end-of-central-directory record is the last thing in the file, followed by a comment of at most
    /// 64 KiB; ZIP64 archives point from there to a second record.
    static func findDirectory(_ bytes: [UInt8], sourceName: String) throws(RuminateError) -> Directory {
        guard bytes.count >= 22 else { throw notAZip(sourceName) }
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while position >= lowest {
            if bytes.u32(at: position) == 0x0605_4B50, position + 22 + bytes.u16(at: position + 20) <= bytes.count {
                return try directory(endRecordAt: position, in: bytes, sourceName: sourceName)
            }
            position -= 1
        }
        throw notAZip(sourceName)
    }

    private static func directory(endRecordAt end: Int, in bytes: [UInt8], sourceName: String) throws(RuminateError)
        -> Directory
    {
        var directory = Directory(
            offset: bytes.u32(at: end + 16), size: bytes.u32(at: end + 12), entryCount: bytes.u16(at: end + 10))
        var directoryLimit = end
        if directory.entryCount == 0xFFFF || directory.size == 0xFFFF_FFFF || directory.offset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record gives the ZIP64 end record's offset.
            let locator = end - 20
            guard locator >= 0, bytes.u32(at: locator) == 0x0706_4B50 else { throw corruptDirectory(sourceName) }
            let record = bytes.u64(at: locator + 8)
            guard record <= locator - 56, bytes.u32(at: record) == 0x0606_4B50 else {
                throw corruptDirectory(sourceName)
            }
            directory = Directory(
                offset: bytes.u64(at: record + 48), size: bytes.u64(at: record + 40),
                entryCount: bytes.u64(at: record + 32))
            directoryLimit = record
        } else if bytes.u16(at: end + 4) != 0 || bytes.u16(at: end + 6) != 0 {
            throw RuminateError(
                .unsupportedFormat, "\(sourceName) is one part of a multi-volume zip archive",
                hint: "join the parts first")
        }
        guard directory.offset <= directoryLimit, directory.size <= directoryLimit - directory.offset else {
            throw corruptDirectory(sourceName)
        }
        return directory
    }

    static func corruptDirectory(_ sourceName: String) -> RuminateError {
        RuminateError(
            .malformedInput,
            "\(sourceName): the zip central directory is corrupt or lies outside the file (truncated?)",
            hint: "the file was cut short or damaged; fetch or save it again")
    }

    private mutating func readDirectory(_ directory: Directory) throws(RuminateError) {
        var position = directory.offset
        let end = directory.offset + directory.size
        for number in 0..<directory.entryCount {
            guard position <= end - 46, bytes.u32(at: position) == 0x0201_4B50 else {
                throw RuminateError(
                    .malformedInput,
                    "\(sourceName): zip central directory entry \(number + 1) of \(directory.entryCount) is corrupt",
                    hint: "the file was cut short or damaged; fetch or save it again")
            }
            let nameStart = position + 46
            let nameEnd = nameStart + bytes.u16(at: position + 28)
            let extraEnd = nameEnd + bytes.u16(at: position + 30)
            let next = extraEnd + bytes.u16(at: position + 32)
            guard next <= end else { throw Self.corruptDirectory(sourceName) }
            var entry = Entry(
                name: Self.decodeName(bytes[nameStart..<nameEnd], utf8Flag: bytes.u16(at: position + 8) & 0x800 != 0),
                method: bytes.u16(at: position + 10), flags: bytes.u16(at: position + 8),
                crc32: UInt32(bytes.u32(at: position + 16)),
                compressedSize: bytes.u32(at: position + 20), uncompressedSize: bytes.u32(at: position + 24),
                localHeaderOffset: bytes.u32(at: position + 42))
            Self.applyZIP64Extra(bytes[nameEnd..<extraEnd], to: &entry)
            position = next
            if let reason = Self.unsafeNameReason(entry.name) {
                warn("entry \(entry.name.debugDescription) ignored: \(reason)")
            } else if entry.name.hasSuffix("/") {
                continue
            } else if entryIndex[entry.name] != nil {
                warn("duplicate entry \(entry.name) ignored; the first one is read")
            } else {
                entryIndex[entry.name] = entries.count
                entries.append(entry)
            }
        }
    }

    /// Sizes and offsets too big for 32 bits are 0xFFFFFFFF in the record and sit, in that order, in the
    /// ZIP64 extra field (id 1).
    private static func applyZIP64Extra(_ extra: ArraySlice<UInt8>, to entry: inout Entry) {
        var position = extra.startIndex
        while position + 4 <= extra.endIndex {
            let id = extra.u16(at: position)
            let fieldEnd = position + 4 + extra.u16(at: position + 2)
            guard fieldEnd <= extra.endIndex else { return }
            if id == 1 {
                var value = position + 4
                for keyPath in [\Entry.uncompressedSize, \Entry.compressedSize, \Entry.localHeaderOffset]
                where entry[keyPath: keyPath] == 0xFFFF_FFFF && value + 8 <= fieldEnd {
                    entry[keyPath: keyPath] = extra.u64(at: value)
                    value += 8
                }
                return
            }
            position = fieldEnd
        }
    }

    /// UTF-8 when flagged (or when the bytes are valid UTF-8), else the legacy code page read as Latin-1:
    /// the names a document format looks up are ASCII either way.
    static func decodeName(_ name: ArraySlice<UInt8>, utf8Flag: Bool) -> String {
        if utf8Flag { return String(decoding: name, as: UTF8.self) }
        if let valid = String(validating: name, as: UTF8.self) { return valid }
        return String(String.UnicodeScalarView(name.map { Unicode.Scalar($0) }))
    }

    /// Why a name could reach outside the archive's own folder when joined to a path, or nil when it is safe.
    static func unsafeNameReason(_ name: String) -> String? {
        if name.isEmpty { return "empty name" }
        if name.unicodeScalars.contains("\0") { return "NUL in the name" }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return "absolute path" }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
            return "drive-letter path"
        }
        if name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") {
            return "parent-folder (..) component"
        }
        return nil
    }
}

/// Little-endian integers at byte offsets; callers check the bounds first. Values become `Int`
/// (a 64-bit field past `Int.max` is clamped, so later bounds checks refuse it).
extension Collection<UInt8> where Index == Int {
    func u16(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }
    func u32(at offset: Int) -> Int { u16(at: offset) | u16(at: offset + 2) << 16 }
    func u64(at offset: Int) -> Int {
        let value = UInt64(u32(at: offset)) | UInt64(u32(at: offset + 4)) << 32
        return Int(clamping: value)
    }
}

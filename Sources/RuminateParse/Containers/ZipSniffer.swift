import RuminateCore

/// Recognises EPUB, DOCX and ODT from the head of a file. `FormatDetector` sees only the first bytes, so
/// the central directory at the end is out of reach; the local headers of the first entries are read
/// instead, which is where these formats put their signature: EPUB and ODF start with a stored
/// `mimetype` entry (`application/epub+zip`, `application/vnd.oasis.opendocument.text`), and a DOCX
/// has `[Content_Types].xml` naming the WordprocessingML main part, or that part, `word/document.xml`.
enum ZipSniffer {
    static let containerFormats: Set<DocumentFormat> = [.epub, .docx, .odt]
    static let wordMainContentType = "wordprocessingml.document.main+xml"

    static func startsLikeZip(_ head: [UInt8]) -> Bool { head.starts(with: ZipArchive.localHeaderSignature) }

    /// For a file that starts like a zip: what its first entries say (they are exact, so they win over a
    /// wrong extension), else `.epub`, `.docx` or `.odt` by extension; nil for any other zip.
    static func containerFormat(path: String, head: [UInt8]) -> DocumentFormat? {
        if let format = sniff(head) { return format }
        if let format = FormatDetector.formatFromExtension(path), containerFormats.contains(format) { return format }
        return nil
    }

    static func sniff(_ head: [UInt8]) -> DocumentFormat? {
        var position = 0
        var hasContentTypes = false
        var hasWordDocument = false
        while position <= head.count - 30, head.u32(at: position) == 0x0403_4B50 {
            let flags = head.u16(at: position + 6)
            let method = head.u16(at: position + 8)
            let compressedSize = head.u32(at: position + 18)
            let nameStart = position + 30
            let nameEnd = nameStart + head.u16(at: position + 26)
            let dataStart = nameEnd + head.u16(at: position + 28)
            guard nameEnd <= head.count else { break }
            let name = String(decoding: head[nameStart..<nameEnd], as: UTF8.self)
            let dataEnd = min(dataStart + compressedSize, head.count)
            switch name {
            case "mimetype":
                guard method == 0, dataStart <= dataEnd else { return nil }
                let mediaType = String(decoding: head[dataStart..<dataEnd], as: UTF8.self).trimmingSpaces
                if mediaType == "application/epub+zip" { return .epub }
                if mediaType == "application/vnd.oasis.opendocument.text" { return .odt }
                return nil  // another ODF type (spreadsheet, drawing, ...)
            case "[Content_Types].xml":
                hasContentTypes = true
                let start = min(dataStart, head.count)
                // With a data descriptor (flag 3) the size is unknown here: inflate what the head holds.
                let end = flags & 8 != 0 ? head.count : dataEnd
                let contentTypes = String(decoding: entryPrefix(head[start..<end], method: method), as: UTF8.self)
                if contentTypes.contains(wordMainContentType) { return .docx }
            case "word/document.xml":
                hasWordDocument = true
            default:
                break
            }
            if hasContentTypes && hasWordDocument { return .docx }
            // A data descriptor follows the data, whose size is not known here: no next header to find.
            if flags & 8 != 0 { break }
            position = dataStart + compressedSize
        }
        return nil
    }

    /// Up to 8 KiB of an entry's content from the compressed bytes the head holds (maybe only its start).
    static func entryPrefix(_ data: ArraySlice<UInt8>, method: Int) -> [UInt8] {
        switch method {
        case 0: return Array(data.prefix(8192))
        case 8:
            let run = Array(data).withUnsafeBufferPointer { try? RawDeflate.inflate($0, outputLimit: 8192) }
            return run?.bytes ?? []
        default: return []
        }
    }
}

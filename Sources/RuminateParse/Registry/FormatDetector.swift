import RuminateCore

/// Decides which parser reads a file.
public enum FormatDetector {
    static let extensions: [String: DocumentFormat] = [
        "txt": .text, "text": .text,
        "md": .markdown, "markdown": .markdown,
        "htm": .html, "html": .html, "xhtml": .html,
        "xml": .xml,
        "jsonl": .jsonl, "ndjson": .jsonl,
        "man": .man,
        "eml": .mail, "mbox": .mail,
        "epub": .epub, "docx": .docx, "odt": .odt,
    ]

    /// By extension first (.txt .text .md .markdown .htm .html .xhtml .xml .jsonl .ndjson .man), then by sniffing
    /// the first bytes (`<!doctype html`, `<html`, `<?xml`, a first line that is a JSON object with "_id" → jsonl,
    /// a first line `.TH`, `.\"`, `'\"`, `.so` or mdoc's `.Dd` → man, bare `\"` comment lines before it skipped).
    /// Manual-section extensions (`.1` … `.9`, `.3pm`, `.1ssl`) mean a man page only when the file starts like
    /// roff, so rotated logs (`syslog.1`) are not taken for one.
    /// `.eml` and `.mbox` are mail, and so is a file that starts with an mbox "From " line or a block of
    /// RFC 5322 header fields (sniffed before the UTF-8 check: mail bodies may be 8-bit in any charset).
    /// BOM-less UTF-16 text (NUL on every other byte) is not taken for binary.
    /// Returns nil for binary (NUL bytes without a UTF-16 BOM; invalid UTF-8 when sniffing) or unknown types.
    /// A known extension wins over invalid UTF-8, since HTML, XML and text may legitimately declare
    /// another encoding.
    ///
    /// A zip file (magic `PK\3\4`) is `.epub`, `.docx` or `.odt` by its first entries (`ZipSniffer`: the
    /// `mimetype` entry, or `[Content_Types].xml` naming a Word document), else by extension; other zips are nil.
    ///
    /// A PDF is recognised by its `.pdf` extension or its `%PDF-` header (checked before the binary test).
    ///
    /// A gzip file (magic 1F 8B) is judged by what it holds: its head is inflated and detected under the
    /// name without `.gz` (`ls.1.gz` → `ls.1`); `ParserRegistry.parse` decompresses it before parsing.
    public static func detect(path: String, head: [UInt8]) -> DocumentFormat? {
        if ZipSniffer.startsLikeZip(head) { return ZipSniffer.containerFormat(path: path, head: head) }
        if GzipDecoder.isGzip(head) {
            guard let inner = GzipDecoder.head(of: head, count: 4096) else { return nil }
            // A gzip inside a gzip is not unwrapped twice: the NUL check or the sniff refuses it.
            return detectUncompressed(path: pathWithoutGzipSuffix(path), head: inner)
        }
        return detectUncompressed(path: path, head: head)
    }

    static func detectUncompressed(path: String, head: [UInt8]) -> DocumentFormat? {
        if fileExtension(path) == "pdf" || PDFParser.startsLikePDF(head) { return .pdf }
        let hasUTF16BOM = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !hasUTF16BOM, head.contains(0), TextDecoding.utf16ByteOrderWithoutBOM(head[...]) == nil { return nil }
        if let format = formatFromExtension(path) { return format }
        if hasManSectionExtension(path) { return RoffSniffer.startsLikeRoff(head) ? .man : nil }
        if Mailbox.startsLikeMail(head) { return .mail }
        if hasUTF16BOM || !isValidUTF8Prefix(head) { return nil }
        return sniff(head)
    }

    /// `ls.1.gz` → `ls.1`; other names are unchanged.
    static func pathWithoutGzipSuffix(_ path: String) -> String {
        guard path.lowercased().hasSuffix(".gz") else { return path }
        return String(path.dropLast(3))
    }

    /// `.1` … `.9`, optionally followed by letters (`3pm`, `1ssl`, `3perl`, `8x`).
    static func hasManSectionExtension(_ path: String) -> Bool {
        guard let suffix = fileExtension(path), let first = suffix.unicodeScalars.first, suffix.count <= 10 else {
            return false
        }
        return ("1"..."9").contains(first) && suffix.unicodeScalars.dropFirst().allSatisfy { ("a"..."z").contains($0) }
    }

    static func fileExtension(_ path: String) -> String? {
        let fileName = path.split(separator: "/").last ?? ""
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        return fileName[fileName.index(after: dot)...].lowercased()
    }

    static func formatFromExtension(_ path: String) -> DocumentFormat? {
        fileExtension(path).flatMap { extensions[$0] }
    }

    /// HTML, XML or JSONL recognised from the first bytes of a UTF-8 file.
    static func sniff(_ head: [UInt8]) -> DocumentFormat? {
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        body = body.drop(while: isASCIIWhitespace)
        let lowered = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
        if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") { return .html }
        if lowered.hasPrefix("<?xml") {
            // An XHTML page declares itself XML first; the HTML parser reads it better.
            let afterProlog = lowered.drop(while: { $0 != ">" }).dropFirst().drop(while: { $0.isWhitespace })
            if afterProlog.hasPrefix("<!doctype html") || afterProlog.hasPrefix("<html") { return .html }
            return .xml
        }
        if RoffSniffer.startsLikeManPage(body) { return .man }
        if body.first == UInt8(ascii: "{") {
            let firstLine = body.prefix(while: { $0 != 0x0A })
            if hasTopLevelIDKey(firstLine) { return .jsonl }
        }
        return nil
    }

    /// Whether the line (possibly cut short by the head) names an `"_id"` member.
    static func hasTopLevelIDKey(_ line: ArraySlice<UInt8>) -> Bool {
        let key = Array(#""_id""#.utf8)
        var start = line.startIndex
        while start + key.count <= line.endIndex {
            if line[start..<start + key.count].elementsEqual(key) {
                let rest = line[(start + key.count)...].drop(while: { $0 == 0x20 || $0 == 0x09 })
                if rest.first == UInt8(ascii: ":") { return true }
            }
            start += 1
        }
        return false
    }

    /// Valid UTF-8, allowing a sequence cut off at the very end of the head.
    static func isValidUTF8Prefix(_ head: [UInt8]) -> Bool {
        if String(validating: head, as: UTF8.self) != nil { return true }
        for cut in 1...3 where head.count > cut {
            if String(validating: head.dropLast(cut), as: UTF8.self) != nil {
                // The cut part must be the start of one multi-byte sequence: a lead byte, then fewer
                // continuation bytes than it announces.
                let tail = head.suffix(cut)
                guard let lead = tail.first, (0xC2...0xF4).contains(lead),
                    tail.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 })
                else { return false }
                return cut < (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2)
            }
        }
        return false
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

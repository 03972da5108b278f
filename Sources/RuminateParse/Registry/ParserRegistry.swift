import RuminateCore

/// One parser per format, all sharing the same limits.
public struct ParserRegistry: Sendable {
    public var limits: ParseLimits

    /// Raised whenever a parser extracts different text or structure from the same bytes (2: bold-only HTML
    /// paragraphs title sections). An index records it, and the next run re-extracts files stored by an older one.
    public static let extractionVersion = 2

    public init(limits: ParseLimits = .init()) {
        self.limits = limits
    }

    public func parser(for format: DocumentFormat) -> any DocumentParser {
        switch format {
        case .text: PlainTextParser(limits: limits)
        case .markdown: MarkdownParser(limits: limits)
        case .html: HTMLParser(limits: limits)
        case .xml: XMLParser(limits: limits)
        case .jsonl: JSONLParser(limits: limits)
        case .man: ManPageParser(limits: limits)
        case .mail: MailParser(limits: limits)
        case .epub: EPUBParser(limits: limits)
        case .docx: DOCXParser(limits: limits)
        case .odt: ODTParser(limits: limits)
        case .pdf: PDFParser(limits: limits)
        }
    }

    /// Parses `data` as `format`. A gzip file (`ls.1.gz`, `notes.txt.gz`) is decompressed first, within
    /// `limits.maxBytes`, and `format` is then the format of what it holds (as `FormatDetector` reports it).
    ///
    /// `declaredCharset` is what a web server said of the page (`Content-Type: text/html; charset=…`). As in
    /// browsers it wins over the page's own `<meta charset>` or XML declaration, though not over a byte-order
    /// mark; it applies to the text formats only (an unknown label is ignored with a warning).
    public func parse(
        _ data: [UInt8], format: DocumentFormat, sourceName: String, declaredCharset: String? = nil
    ) throws(RuminateError) -> ParseResult {
        var bytes = data
        var warnings: [String] = []
        if GzipDecoder.isGzip(data) {
            let inflated = try GzipDecoder(outputLimit: limits.maxBytes).decompress(data, sourceName: sourceName)
            bytes = inflated.bytes
            warnings = inflated.warnings
        }
        var transportCharset: String?
        if let declaredCharset, Self.transportCharsetFormats.contains(format) {
            if CharsetLabels.resolve(declaredCharset) == nil {
                warnings.append(
                    "\(sourceName): the server declared the unknown charset \"\(declaredCharset.prefix(64))\"; ignored")
            } else {
                // Decoded here and handed on as UTF-8 behind a byte-order mark, which every parser obeys first.
                let decoded = TextDecoding.decode(bytes, declared: declaredCharset)
                if let warning = decoded.warning { warnings.append("\(sourceName): \(warning)") }
                transportCharset = decoded.recordedCharset
                bytes = [0xEF, 0xBB, 0xBF] + Array(decoded.text.utf8)
            }
        }
        var result = try parser(for: format).parse(bytes, sourceName: sourceName)
        result.warnings = warnings + result.warnings
        if let transportCharset {
            for index in result.documents.indices where result.documents[index].metadata["charset"] == nil {
                result.documents[index].metadata["charset"] = transportCharset
            }
        }
        return result
    }

    /// The formats whose bytes a server's charset describes.
    static let transportCharsetFormats: Set<DocumentFormat> = [.html, .xml, .text, .markdown]
}

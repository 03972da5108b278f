import RuminateCore

/// What parsing one file gives: its documents (one, or one per member of a container such as JSONL)
/// and the problems that did not stop it (replaced bytes, skipped lines).
public struct ParseResult: Sendable {
    public var documents: [ExtractedDocument]
    public var warnings: [String]

    public init(documents: [ExtractedDocument], warnings: [String] = []) {
        self.documents = documents
        self.warnings = warnings
    }
}

/// Turns the bytes of one file into extracted documents. Every error thrown is a `RuminateError`.
public protocol DocumentParser: Sendable {
    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult
}

/// Bounds that keep hostile or accidental inputs from exhausting memory or time.
public struct ParseLimits: Sendable, Equatable {
    /// Larger inputs are refused with `.tooLarge`.
    public var maxBytes: Int = 64 << 20
    /// A JSONL line longer than this is skipped with a warning.
    public var maxJSONLLineBytes: Int = 8 << 20
    /// XML internal entities are never expanded by libxml2; their plain-text values are copied into the
    /// text by Ruminate, at most this many bytes per document (entity bombs stop here).
    public var maxEntityTextBytes: Int = 1 << 20
    /// A zip container (EPUB, DOCX, ODT) listing more entries is refused with `.hostileInput`; what its
    /// entries inflate to is bounded by `maxBytes` in all.
    public var maxArchiveEntries: Int = 10_000
    /// A PDF's text extractor (`pdftotext`, a separate process) still running after this many seconds is
    /// killed with everything it started, and the file refused with `.hostileInput`.
    public var pdfTimeoutSeconds: Double = 60
    /// A man page's own macros may run at most max(this, 4 × its size) scalars of macro body, and its
    /// strings interpolate at most max(a quarter of this, 4 × its size) scalars; past that their output is
    /// left out with a warning. Of the 21,348 pages in a Debian /usr/share/man the most any used is 61,754
    /// macro scalars (groff(7)) and 8,709 interpolated (top(1)).
    public var maxRoffExpansionScalars: Int = 256 << 10

    public init(
        maxBytes: Int = 64 << 20, maxJSONLLineBytes: Int = 8 << 20, maxEntityTextBytes: Int = 1 << 20,
        maxArchiveEntries: Int = 10_000, pdfTimeoutSeconds: Double = 60, maxRoffExpansionScalars: Int = 256 << 10
    ) {
        self.maxBytes = maxBytes
        self.maxJSONLLineBytes = maxJSONLLineBytes
        self.maxEntityTextBytes = maxEntityTextBytes
        self.maxArchiveEntries = maxArchiveEntries
        self.pdfTimeoutSeconds = pdfTimeoutSeconds
        self.maxRoffExpansionScalars = maxRoffExpansionScalars
    }

    /// Throws `.tooLarge` when `data` exceeds `maxBytes`.
    func checkSize(_ data: [UInt8], sourceName: String) throws(RuminateError) {
        guard data.count > maxBytes else { return }
        throw RuminateError(
            .tooLarge, "\(sourceName) is \(data.count) bytes, over the parse limit of \(maxBytes) bytes",
            hint: "split the file or raise ParseLimits.maxBytes")
    }
}

/// One parser per format, all sharing the same limits.
public struct ParserRegistry: Sendable {
    public var limits: ParseLimits

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
                warnings.append("\(sourceName): the server declared the unknown charset \"\(declaredCharset.prefix(64))\"; ignored")
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

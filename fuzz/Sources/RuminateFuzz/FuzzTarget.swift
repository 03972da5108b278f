import RuminateCore
import RuminateParse

/// The parsers under fuzzing. Each execution also runs `FormatDetector` on the input's head (it sees
/// the first bytes of every crawled file, so it must never trap either).
enum FuzzTarget: String, CaseIterable, Sendable {
    case html, xml, markdown, man, mail, jsonl, zip, container, gzip

    /// Small bounds keep one execution fast and put the limits themselves within the fuzzer's reach
    /// (a JSONL line, entity text, archive entries, roff expansion: a page's own macros running up to the
    /// default 256 Ki scalars took ~100 ms an execution under the sanitizers, 50 executions a second).
    static let limits = ParseLimits(
        maxBytes: 1 << 20, maxJSONLLineBytes: 4096, maxEntityTextBytes: 4096, maxArchiveEntries: 64,
        pdfTimeoutSeconds: 5, maxRoffExpansionScalars: 16 << 10)
    static let registry = ParserRegistry(limits: limits)
    static let containerFormats: [DocumentFormat] = [.epub, .docx, .odt]

    func run(_ bytes: [UInt8]) {
        let head = Array(bytes.prefix(4096))
        let sniffed = FormatDetector.detect(path: "input", head: head)
        _ = FormatDetector.detect(path: "page.3pm", head: head)
        switch self {
        case .html: Self.parse(bytes, as: .html)
        case .xml: Self.parse(bytes, as: .xml)
        case .markdown: Self.parse(bytes, as: .markdown)
        case .man: Self.parse(bytes, as: .man)
        case .mail: Self.parse(bytes, as: .mail)
        case .jsonl:
            JSONLOracle.check(bytes, result: Self.parse(bytes, as: .jsonl), limits: Self.limits)
        case .zip:
            // What the detector says it is; a zip it cannot place is tried as all three.
            if let sniffed, Self.containerFormats.contains(sniffed) {
                Self.parse(bytes, as: sniffed)
            } else {
                for format in Self.containerFormats { Self.parse(bytes, as: format) }
            }
        case .container:
            // Entries written into a valid zip: the container readers see well-formed archives.
            let archive = ContainerInput.zip(from: bytes)
            let format = FormatDetector.detect(path: "input", head: Array(archive.prefix(4096)))
            if let format, Self.containerFormats.contains(format) {
                Self.parse(archive, as: format)
            } else {
                for format in Self.containerFormats { Self.parse(archive, as: format) }
            }
        case .gzip:
            guard bytes.starts(with: [0x1F, 0x8B]) else { return }
            // The registry inflates, then the parser of what the stream holds reads it (never pdftotext:
            // a separate process per execution would measure process spawning, not parsing).
            var inner = sniffed ?? .text
            if inner == .pdf || Self.containerFormats.contains(inner) { inner = .text }
            Self.parse(bytes, as: inner)
        }
    }

    /// Parses and checks the invariants; returns the result, nil when the input was refused.
    @discardableResult
    static func parse(_ bytes: [UInt8], as format: DocumentFormat) -> ParseResult? {
        let result: ParseResult
        do {
            result = try registry.parse(bytes, format: format, sourceName: "fuzz-input")
        } catch {
            Invariants.checkError(error, format: format)
            return nil
        }
        Invariants.check(result, format: format)
        return result
    }
}

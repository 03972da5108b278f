import RuminateCore

/// PDF: the text layer as poppler's `pdftotext` reads it (package poppler-utils), run as a separate process
/// per file (`BoundedProcess`: the bytes go to its stdin, never a path; killed with its process group after
/// `ParseLimits.pdfTimeoutSeconds`; its output bounded by `ParseLimits.maxBytes`).
///
/// `pdftotext -htmlmeta` gives the document information (title, author, …) and the text in reading order
/// (its default mode: columns are read one after the other, and it already joins words hyphenated at line
/// ends), one page after another separated by form feeds. `PDFTextLayout` turns each page into paragraphs
/// (see there); every block records its page, so passages know where they start.
///
/// Title: the document information's Title (unless it is a placeholder such as a file name), else the first
/// line of the first page; when the first line stands alone and is used as the title, it becomes a level-1
/// heading, as in plain text. Scanned pages without a text layer give no text (with a warning).
public struct PDFParser: DocumentParser {
    public var limits: ParseLimits
    /// The extractor: `pdftotext`, found on PATH, or a path to it.
    public var pdftotext: String

    public init(limits: ParseLimits = .init(), pdftotext: String = "pdftotext") {
        self.limits = limits
        self.pdftotext = pdftotext
    }

    static let maxTitleLength = 120
    static let installHint = "install poppler-utils (apt-get install poppler-utils)"

    /// The `%PDF-` header at the very start. (Readers accept some junk before it, but text that merely
    /// mentions the header must stay text; such a file is a PDF by its `.pdf` extension.)
    public static func startsLikePDF(_ head: [UInt8]) -> Bool {
        head.starts(with: "%PDF-".utf8)
    }

    public func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        // An empty file is an empty document, as in every other format (pdftotext would call it broken).
        if data.isEmpty { return ParseResult(documents: [ExtractedDocument(text: "", blocks: [])]) }
        let outcome = try extract(data, sourceName: sourceName)
        let stderrLines = String(decoding: outcome.stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
        let firstProblem = stderrLines.first.map { String($0.prefix(300)) }
        guard outcome.exitStatus == 0 || outcome.stdoutTruncated else {
            let what =
                outcome.signal.map { "pdftotext was killed by signal \($0)" }
                ?? "pdftotext failed (exit \(outcome.exitStatus ?? -1))"
            let encrypted = stderrLines.contains { $0.contains("password") }
            throw RuminateError(
                .malformedInput, "\(sourceName): \(what): \(firstProblem ?? "no message")",
                hint: encrypted
                    ? "the PDF is password-protected; decrypt it first (e.g. qpdf --decrypt)"
                    : "the file is damaged or not a PDF; `pdfinfo FILE` tells more")
        }
        guard let output = PDFTextOutput(outcome.stdout) else {
            throw RuminateError(
                .malformedInput, "\(sourceName): pdftotext printed no document (\(firstProblem ?? "no message"))",
                hint: "the file is damaged or not a PDF; `pdfinfo FILE` tells more")
        }
        var warnings: [String] = []
        if outcome.stdoutTruncated {
            warnings.append(
                "\(sourceName): its text passes \(limits.maxBytes) bytes; kept the first \(output.pages.count) pages")
        } else if let firstProblem {
            warnings.append("\(sourceName): pdftotext: \(firstProblem)")
        }

        var layout = PDFTextLayout(pages: output.pages)
        let title = Self.usableTitle(output.title)
        layout.firstLineIsHeading = title == nil
        let (text, blocks, firstLine) = layout.assemble()
        if text.isEmpty { warnings.append("\(sourceName): no text layer (scanned pages?); nothing to index") }
        var metadata = output.metadata
        metadata["pages"] = String(output.pages.count)
        let document = ExtractedDocument(title: title ?? firstLine, text: text, blocks: blocks, metadata: metadata)
        return ParseResult(documents: [document], warnings: warnings)
    }

    private func extract(_ data: [UInt8], sourceName: String) throws(RuminateError) -> BoundedProcess.Outcome {
        // `-` `-`: read stdin, write stdout. Default (reading-order) mode, not -layout or -raw.
        let process = BoundedProcess(
            executable: pdftotext, arguments: ["-htmlmeta", "-enc", "UTF-8", "-eol", "unix", "-", "-"],
            timeoutSeconds: limits.pdfTimeoutSeconds, maxOutputBytes: limits.maxBytes)
        do {
            return try process.run(input: data)
        } catch {
            switch error {
            case .notFound(let name):
                throw RuminateError(
                    .unsupportedFormat, "\(sourceName): reading PDF needs `\(name)`, which is not installed",
                    hint: Self.installHint)
            case .timedOut(let seconds):
                throw RuminateError(
                    .hostileInput,
                    "\(sourceName): pdftotext did not finish within \(formatSeconds(seconds)) s and was stopped",
                    hint:
                        "the PDF may be built to stall readers; raise ParseLimits.pdfTimeoutSeconds if it is just huge")
            case .system(let call, let code):
                throw RuminateError(
                    .fileUnreadable, "\(sourceName): cannot run pdftotext: \(call) failed (errno \(code))",
                    hint: "check the system's process and file limits")
            }
        }
    }

    /// The document information title, unless empty or a placeholder producers leave behind.
    static func usableTitle(_ title: String?) -> String? {
        guard let title = title?.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), !title.isEmpty
        else { return nil }
        let lowered = title.lowercased()
        if ["untitled", "title", "document", "microsoft word"].contains(lowered) { return nil }
        let fileSuffixes = [".doc", ".docx", ".pdf", ".tex", ".dvi", ".ps", ".odt", ".rtf", ".txt", ".indd", ".qxd"]
        if fileSuffixes.contains(where: { lowered.hasSuffix($0) }) { return nil }
        return title
    }

    private func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// `pdftotext -htmlmeta` output: an XHTML head with the document information (escaped), then the text,
/// unescaped, inside `<pre>`; pages end with a form feed.
struct PDFTextOutput {
    var title: String?
    var metadata: [String: String] = [:]
    var pages: [String]

    static let metaNames = ["Author": "author", "Subject": "subject", "Keywords": "keywords"]

    /// Nil when the output is not what pdftotext writes.
    init?(_ bytes: [UInt8]) {
        let open = Array("<pre>\n".utf8)
        guard let bodyStart = Self.find(open, in: bytes[...]) else { return nil }
        let head = String(decoding: bytes[..<bodyStart], as: UTF8.self)
        var body = bytes[(bodyStart + open.count)...]
        let close = Array("</pre>\n</body>\n</html>\n".utf8)
        let complete = body.count >= close.count && body.suffix(close.count).elementsEqual(close)
        if complete { body = body.dropLast(close.count) }
        var pages = String(decoding: body, as: UTF8.self).split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .map(String.init)
        // Every page ends with a form feed, so the last piece is what follows the last one: nothing, or a
        // page cut short by the output bound (dropped, so no page is indexed half).
        pages.removeLast()
        self.pages = pages
        title = Self.element("title", in: head).map(Self.unescape)
        var rest = head[...]
        while let range = rest.firstRange(of: "<meta name=\"") {
            rest = rest[range.upperBound...]
            guard let nameEnd = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<nameEnd])
            guard let key = Self.metaNames[name], let contentStart = rest.firstRange(of: "content=\""),
                let contentEnd = rest[contentStart.upperBound...].firstIndex(of: "\"")
            else { continue }
            let value = Self.unescape(String(rest[contentStart.upperBound..<contentEnd])).split(
                whereSeparator: \.isWhitespace
            ).joined(separator: " ")
            if !value.isEmpty { metadata[key] = value }
        }
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func element(_ name: String, in head: String) -> String? {
        guard let start = head.firstRange(of: "<\(name)>"),
            let end = head[start.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return String(head[start.upperBound..<end.lowerBound])
    }

    /// XML character references and the five predefined entities.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let bytes = Array(text.utf8)
        var scalars = String.UnicodeScalarView()
        var index = 0
        var plainStart = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), let (scalar, after) = HTMLEntities.decode(bytes[...], index) {
                scalars.append(contentsOf: String(decoding: bytes[plainStart..<index], as: UTF8.self).unicodeScalars)
                scalars.append(scalar)
                index = after
                plainStart = after
            } else {
                index += 1
            }
        }
        scalars.append(contentsOf: String(decoding: bytes[plainStart...], as: UTF8.self).unicodeScalars)
        return String(scalars)
    }
}

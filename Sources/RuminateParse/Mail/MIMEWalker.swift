/// What a message's MIME tree gives its document: text in reading order, and what was left out.
struct MailContent {
    enum Piece: Equatable {
        case plain(String)
        case html(String)
        /// The subject of a message forwarded inside this one (`message/rfc822`).
        case heading(String)
    }

    var pieces: [Piece] = []
    /// File names (or media types) of the parts that are not text.
    var attachments: [String] = []
    /// Charsets of the text parts that were not UTF-8, in order, each once.
    var charsets: [String] = []

    var hasPlainText: Bool {
        pieces.contains { if case .plain(let text) = $0 { !text.trimmingSpaces.isEmpty } else { false } }
    }

    mutating func append(_ other: MailContent) {
        pieces += other.pieces
        attachments += other.attachments
        for charset in other.charsets where !charsets.contains(charset) { charsets.append(charset) }
    }
}

/// Walks a message's MIME tree (RFC 2045-2046): multipart bodies are split at their boundaries,
/// `multipart/alternative` keeps its text/plain version when it has one (else its richest), every other
/// multipart keeps all its parts in order, `message/rfc822` parts are read as nested messages, text parts
/// are transfer-decoded and charset-decoded, and other parts are counted as attachments.
/// Bounds keep hostile messages cheap: nesting depth, number of parts, and decoded bytes.
struct MIMEWalker {
    static let maxDepth = 16
    static let maxParts = 500

    /// Text subtypes read as plain text (patches and Markdown are text a reader wants; calendars are not).
    static let plainSubtypes: Set<String> = ["plain", "markdown", "x-markdown", "x-patch", "x-diff", "enriched"]
    /// Signatures and similar parts that are neither text nor attachments a person sent.
    static let silentTypes: Set<String> = [
        "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature",
        "application/pgp-keys", "message/delivery-status", "text/rfc822-headers",
    ]

    private(set) var warnings: [String] = []
    /// Decoded bytes still allowed for this walker's messages.
    private var decodedBudget: Int
    private var partsSeen = 0
    private var reported: Set<String> = []

    init(decodedBudget: Int) {
        self.decodedBudget = decodedBudget
    }

    /// Starts counting parts and reporting problems afresh (one walker reads every message of a mailbox;
    /// the decoded-bytes budget is shared by all of them).
    mutating func startMessage() {
        partsSeen = 0
        reported = []
    }

    mutating func content(
        of headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int = 0, defaultType: String = "text/plain"
    ) -> MailContent {
        partsSeen += 1
        guard partsSeen <= Self.maxParts else {
            report("parts", "more than \(Self.maxParts) MIME parts; the rest were skipped")
            return MailContent()
        }
        var contentType =
            headers["content-type"].map(MIMEHeaderValue.init(parsing:)) ?? MIMEHeaderValue(value: defaultType)
        if !contentType.value.contains("/") {
            contentType = MIMEHeaderValue(value: "text/plain", parameters: contentType.parameters)
        }
        let disposition = headers["content-disposition"].map(MIMEHeaderValue.init(parsing:))
        let (type, subtype) = contentType.mediaType

        if disposition?.value == "attachment" { return attachment(contentType, disposition) }
        switch type {
        case "multipart":
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                return text(body, headers: headers, subtype: "plain", charset: contentType.parameters["charset"])
            }
            guard depth < Self.maxDepth else {
                report("depth", "MIME parts nested deeper than \(Self.maxDepth) levels were skipped")
                return MailContent()
            }
            let childType = subtype == "digest" ? "message/rfc822" : "text/plain"
            let parts =
                MultipartBody.parts(of: body, boundary: boundary, limit: Self.maxParts + 1)
                ?? [body]  // no delimiter at all: read the body as one part
            var children: [MailContent] = []
            for part in parts {
                let (childHeaders, childBody) = MailHeaders.parse(part)
                children.append(content(of: childHeaders, body: childBody, depth: depth + 1, defaultType: childType))
            }
            if subtype == "alternative" {
                return children.first(where: \.hasPlainText) ?? children.last(where: { !$0.pieces.isEmpty })
                    ?? MailContent()
            }
            return children.reduce(into: MailContent()) { $0.append($1) }
        case "message" where subtype == "rfc822" || subtype == "global":
            guard depth < Self.maxDepth else {
                report("depth", "MIME parts nested deeper than \(Self.maxDepth) levels were skipped")
                return MailContent()
            }
            let decoded = transferDecoded(body, headers: headers)
            let (nestedHeaders, nestedBody) = MailHeaders.parse(decoded[...])
            var nested = MailContent()
            if let subject = nestedHeaders.text("subject", fallbackCharset: nil, warnings: &warnings) {
                nested.pieces.append(.heading(subject))
            }
            nested.append(content(of: nestedHeaders, body: nestedBody, depth: depth + 1))
            return nested
        case "text" where Self.plainSubtypes.contains(String(subtype)) || subtype == "html":
            return text(body, headers: headers, subtype: String(subtype), charset: contentType.parameters["charset"])
        default:
            if Self.silentTypes.contains(contentType.value) { return MailContent() }
            return attachment(contentType, disposition)
        }
    }

    private mutating func text(
        _ body: ArraySlice<UInt8>, headers: MailHeaders, subtype: String, charset: String?
    ) -> MailContent {
        let bytes = transferDecoded(body, headers: headers)
        guard bytes.count <= decodedBudget else {
            report("size", "text parts past the decoded-size limit were skipped")
            return MailContent()
        }
        decodedBudget -= bytes.count
        let isHTML = subtype == "html"
        let decoded = TextDecoding.decode(bytes, declared: charset, markup: isHTML ? .html : .none)
        if let warning = decoded.warning { warnings.append(warning) }
        var content = MailContent(pieces: [isHTML ? .html(decoded.text) : .plain(decoded.text)])
        if let recorded = decoded.recordedCharset { content.charsets = [recorded] }
        return content
    }

    /// The body without its Content-Transfer-Encoding; an unknown encoding leaves it as it is.
    private mutating func transferDecoded(_ body: ArraySlice<UInt8>, headers: MailHeaders) -> [UInt8] {
        let encoding =
            headers["content-transfer-encoding"]
            .map { String(decoding: $0, as: UTF8.self).trimmed(of: [" ", "\t", "\r", "\n", "\""]).lowercased() } ?? ""
        if let decoded = TransferDecoding.decode(body, encoding: encoding) { return decoded }
        report(
            "encoding \(encoding)", "unknown Content-Transfer-Encoding \"\(encoding.prefix(40))\"; part read as it is")
        return Array(body)
    }

    private func attachment(_ contentType: MIMEHeaderValue, _ disposition: MIMEHeaderValue?) -> MailContent {
        let name = disposition?.parameters["filename"] ?? contentType.parameters["name"]
        var ignored: [String] = []
        let label = name.map { EncodedWords.decode(Array($0.utf8), fallbackCharset: nil, warnings: &ignored) }
            .map { Lines.collapsed(Substring($0)) }
        return MailContent(attachments: [label.flatMap { $0.isEmpty ? nil : $0 } ?? contentType.value])
    }

    /// Warns once per kind of problem.
    private mutating func report(_ kind: String, _ message: String) {
        if reported.insert(kind).inserted { warnings.append(message) }
    }
}

/// The parts of a multipart body (RFC 2046 §5.1.1): what lies between `--boundary` lines, without the
/// preamble, the epilogue or the line break before each delimiter.
enum MultipartBody {
    /// Nil when no delimiter line occurs. At most `limit` parts are returned.
    static func parts(of body: ArraySlice<UInt8>, boundary: String, limit: Int) -> [ArraySlice<UInt8>]? {
        let delimiter = Array("--".utf8) + Array(boundary.utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var sawDelimiter = false
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let newline = body.lineFeedIndex(from: lineStart)
            let lineEnd = newline ?? body.endIndex
            let next = newline.map { $0 + 1 } ?? body.endIndex
            if body[lineStart] == UInt8(ascii: "-"), body[lineStart..<lineEnd].starts(with: delimiter) {
                let rest = body[(lineStart + delimiter.count)..<lineEnd]
                let isClose = rest.starts(with: "--".utf8)
                let trailer = isClose ? rest.dropFirst(2) : rest
                if trailer.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    sawDelimiter = true
                    if let start = partStart {
                        parts.append(body[start..<lineBreakStart(before: lineStart, in: body, from: start)])
                        if parts.count >= limit { return parts }
                    }
                    if isClose { return parts }
                    partStart = next
                }
            }
            lineStart = next
        }
        guard sawDelimiter else { return nil }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    /// Where the line break ending the previous line starts (the delimiter owns it).
    private static func lineBreakStart(before index: Int, in body: ArraySlice<UInt8>, from start: Int) -> Int {
        var end = index
        if end > start, body[end - 1] == 0x0A { end -= 1 }
        if end > start, body[end - 1] == 0x0D { end -= 1 }
        return end
    }
}

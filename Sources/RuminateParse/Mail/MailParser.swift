import RuminateCore

/// E-mail: one RFC 5322 message (`.eml`) or an mbox file of many. Each message becomes one document;
/// in an mbox each is a member whose id is its Message-ID (angle brackets dropped), or `message-N` (its
/// 1-based position) when it has none or repeats an earlier one.
///
/// Title: the Subject (RFC 2047 encoded words decoded), which also opens the text as a level-1 heading.
/// Body: the MIME tree read by `MIMEWalker` (text/plain preferred over text/html; HTML goes through the
/// same extractor as HTML pages); plain text becomes paragraphs, and runs of `>` lines become quotes.
/// Metadata: `subject`, `from`, `to`, `cc`, `date`, `message-id` as written (decoded), `charset` when a
/// text part was not UTF-8, `attachments` (names of the parts skipped). Attachments are never read; a
/// warning counts them.
struct MailParser: DocumentParser {
    var limits: ParseLimits

    static let metadataFields = ["subject", "from", "to", "cc", "date", "message-id"]

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        let isMailbox = Mailbox.startsWithSeparator(data)
        let messages = isMailbox ? Mailbox.messages(data) : [data]
        var walker = MIMEWalker(decodedBudget: limits.maxBytes)
        var documents: [ExtractedDocument] = []
        var warnings: [String] = []
        var usedIDs: Set<String> = []
        var attachments: [String] = []

        for (index, message) in messages.enumerated() {
            let ordinal = index + 1
            walker.startMessage()
            let before = walker.warnings.count
            var headerWarnings: [String] = []
            var (document, skipped) = Self.document(for: message, walker: &walker, headerWarnings: &headerWarnings)
            if isMailbox {
                var id = document.metadata["message-id"].map(Self.bareMessageID) ?? ""
                if id.isEmpty || usedIDs.contains(id) { id = "message-\(ordinal)" }
                if usedIDs.contains(id) { id = "message-\(ordinal)-\(usedIDs.count)" }  // a Message-ID took it
                usedIDs.insert(id)
                document.memberID = id
            }
            let problems = headerWarnings + walker.warnings[before...]
            warnings += problems.map { isMailbox ? "message \(ordinal): \($0)" : $0 }
            attachments += skipped
            documents.append(document)
        }
        if !attachments.isEmpty {
            warnings.append(
                "\(attachments.count) attachment(s) skipped, not text: \(attachments.prefix(5).joined(separator: ", "))"
                    + (attachments.count > 5 ? ", ..." : ""))
        }
        if documents.isEmpty { documents = [ExtractedDocument(text: "", blocks: [])] }
        return ParseResult(documents: documents, warnings: warnings.map { "\(sourceName): \($0)" })
    }

    /// One message as a document (member id not set), and the attachments it skipped.
    static func document(
        for message: [UInt8], walker: inout MIMEWalker, headerWarnings: inout [String]
    ) -> (ExtractedDocument, attachments: [String]) {
        let (headers, body) = MailHeaders.parse(message[...])
        let charset = headers["content-type"].flatMap { MIMEHeaderValue(parsing: $0).parameters["charset"] }
        var metadata: [String: String] = [:]
        for field in metadataFields {
            if let value = headers.text(field, fallbackCharset: charset, warnings: &headerWarnings) {
                metadata[field] = value
            }
        }
        let content = walker.content(of: headers, body: body)

        var assembler = TextAssembler()
        if let subject = metadata["subject"] { assembler.addBlock(.heading(level: 1), subject) }
        for piece in content.pieces {
            switch piece {
            case .plain(let text): appendPlainText(text, into: &assembler)
            case .html(let html): MarkdownParser.extractHTML(Array(html.utf8), into: &assembler)
            case .heading(let subject): assembler.addBlock(.heading(level: 2), subject)
            }
        }
        let (text, blocks) = assembler.finish()
        if !content.charsets.isEmpty { metadata["charset"] = content.charsets.joined(separator: ", ") }
        if !content.attachments.isEmpty { metadata["attachments"] = content.attachments.joined(separator: ", ") }
        let title = metadata["subject"]?.cleanedTitle
        return (ExtractedDocument(title: title, text: text, blocks: blocks, metadata: metadata), content.attachments)
    }

    /// Plain text as paragraphs (blank lines separate them, line breaks inside collapse); consecutive
    /// lines starting with `>` become a quote block, markers removed.
    static func appendPlainText(_ text: String, into assembler: inout TextAssembler) {
        var inQuote = false
        var open = false
        for line in Lines.split(text) {
            let isQuote = line.first == ">"
            let content = isQuote ? line.drop(while: { $0 == ">" || $0 == " " }) : line
            if Lines.isBlank(content) || isQuote != inQuote {
                assembler.flush()
                open = false
                inQuote = isQuote
                if Lines.isBlank(content) { continue }
            }
            if !open {
                assembler.startBlock(isQuote ? .quote : .paragraph)
                open = true
            }
            assembler.appendInline(String(content))
            assembler.softBreak()
        }
        assembler.flush()
    }

    /// `<id@host>` → `id@host`.
    static func bareMessageID(_ value: String) -> String {
        let trimmed = String(value.trimmingSpaces)
        guard let open = trimmed.firstIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") else {
            return trimmed
        }
        return String(trimmed[trimmed.index(after: open)..<close])
    }
}

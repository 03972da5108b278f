import RuminateCore
import RuminateParse

/// What must hold for any input, whatever the parser made of it. A violation stops the process
/// (`fatalError`), which libFuzzer records as a crash with the input that caused it.
enum Invariants {
    /// Parsers refuse input only with these codes; `.storage` means an allocation failed, which a
    /// small input must never cause.
    static let inputErrors: Set<RuminateError.Code> = [.tooLarge, .unsupportedFormat, .malformedInput, .hostileInput]

    static func checkError(_ error: RuminateError, format: DocumentFormat) {
        require(inputErrors.contains(error.code), "\(format): unexpected error code \(error.code): \(error)")
        require(!error.message.isEmpty, "\(format): error \(error.code) without a message")
    }

    static func check(_ result: ParseResult, format: DocumentFormat) {
        switch format {
        case .jsonl:
            var seen: Set<String> = []
            for document in result.documents {
                guard let id = document.memberID, !id.isEmpty else { fail("jsonl: document without a member id") }
                require(seen.insert(id).inserted, "jsonl: member id \(id) used twice")
                checkParagraphs(document)
            }
        case .mail:
            require(!result.documents.isEmpty, "mail: no document")
            let ids = result.documents.map(\.memberID)
            if ids.contains(where: { $0 == nil }) {
                // One message (.eml): one document, no member id.
                require(result.documents.count == 1 && ids == [nil], "mail: \(ids.count) documents, ids \(ids)")
            } else {
                let names = ids.compactMap { $0 }
                require(!names.contains(""), "mail: an empty member id")
                require(Set(names).count == names.count, "mail: member ids repeat: \(names)")
            }
            for document in result.documents { checkAssembled(document, format: format) }
        default:
            require(result.documents.count == 1, "\(format): \(result.documents.count) documents, expected 1")
            require(result.documents[0].memberID == nil, "\(format): member id on a single document")
            checkAssembled(result.documents[0], format: format)
        }
    }

    /// Documents built by `TextAssembler`: the blocks tile the text, joined by exactly "\n\n", each
    /// non-empty, not starting with a newline and not ending with whitespace, collapsed unless code; no
    /// control characters but tab and newline; spans count Unicode scalars (a block running past the end,
    /// or text left after the last block, means bytes and scalars were miscounted).
    static func checkAssembled(_ document: ExtractedDocument, format: DocumentFormat) {
        let scalars = Array(document.text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() where isForbiddenControl(scalar) {
            fail("\(format): control character U+\(hex(scalar)) at scalar \(offset)")
        }
        var expectedStart = 0
        for (index, block) in document.blocks.enumerated() {
            let span = block.span
            // Built only when a check fails: describing every block would dominate the execution time.
            func label() -> String {
                "\(format): block \(index) \(block.kind) \(span.start)..<\(span.end) of \(scalars.count) scalars"
            }
            require(span.start == expectedStart, "\(label()): expected to start at \(expectedStart)")
            require(span.start < span.end, "\(label()): empty")
            require(span.end <= scalars.count, "\(label()): past the end of the text")
            if index > 0 {
                require(
                    scalars[span.start - 2] == "\n" && scalars[span.start - 1] == "\n",
                    "\(label()): not preceded by a blank line")
            }
            require(scalars[span.start] != "\n", "\(label()): starts with a newline")
            let last = scalars[span.end - 1]
            require(last != " " && last != "\t" && last != "\n", "\(label()): ends with whitespace U+\(hex(last))")
            if block.kind != .code { checkCollapsed(scalars[span.start..<span.end], label: label) }
            if let level = block.headingLevel { require(level >= 1, "\(label()): heading level \(level)") }
            require(block.page == nil, "\(label()): a page number outside PDF")
            expectedStart = span.end + 2
        }
        let covered = document.blocks.last?.span.end ?? 0
        require(covered == scalars.count, "\(format): \(scalars.count - covered) scalars after the last block")
        checkTitle(document.title, format: format)
    }

    /// Text that was not appended as preformatted: whitespace collapsed to single spaces, none at the edges.
    static func checkCollapsed(_ text: ArraySlice<Unicode.Scalar>, label: () -> String) {
        require(
            !isSpace(text.first!) && !isSpace(text.last!),
            "\(label()): whitespace at an edge of \(String(String.UnicodeScalarView(text)).debugDescription)")
        var previousWasSpace = false
        for scalar in text {
            require(
                scalar != "\n" && scalar != "\t",
                "\(label()): uncollapsed \(String(String.UnicodeScalarView(text)).debugDescription)")
            require(
                !(previousWasSpace && scalar == " "),
                "\(label()): double space in \(String(String.UnicodeScalarView(text)).debugDescription)")
            previousWasSpace = scalar == " "
        }
    }

    /// JSONL: the text is the member's `text` verbatim, so only the paragraph spans are checked: in range,
    /// in order, apart, trimmed, free of blank lines, and together covering every non-space scalar.
    static func checkParagraphs(_ document: ExtractedDocument) {
        let scalars = Array(document.text.unicodeScalars)
        var previousEnd = -1
        var covered = [Bool](repeating: false, count: scalars.count)
        for (index, block) in document.blocks.enumerated() {
            let span = block.span
            func label() -> String {
                "jsonl: paragraph \(index) \(span.start)..<\(span.end) of \(scalars.count) scalars"
            }
            require(
                block.kind == .paragraph && block.page == nil,
                "\(label()): kind \(block.kind), page \(String(describing: block.page))")
            require(
                span.start > previousEnd && span.start < span.end && span.end <= scalars.count,
                "\(label()): out of order or range")
            require(!isSpace(scalars[span.start]) && !isSpace(scalars[span.end - 1]), "\(label()): not trimmed")
            var lineHasContent = true
            for offset in span.start..<span.end {
                covered[offset] = true
                let scalar = scalars[offset]
                if scalar == "\n" || scalar == "\r" {
                    let crlf = scalar == "\n" && offset > span.start && scalars[offset - 1] == "\r"
                    if !crlf {
                        require(lineHasContent, "\(label()): holds a blank line at scalar \(offset)")
                        lineHasContent = false
                    }
                } else if !isSpace(scalar) {
                    lineHasContent = true
                }
            }
            previousEnd = span.end
        }
        for (offset, scalar) in scalars.enumerated() where !covered[offset] && !isSpace(scalar) {
            fail("jsonl: scalar \(offset) U+\(hex(scalar)) is in no paragraph")
        }
        checkTitle(document.title, format: .jsonl)
    }

    /// A title, when there is one, says something: not only whitespace; and (but in JSONL, whose title
    /// is the member's value verbatim) it is one line without control characters, which would otherwise
    /// reach terminals and search results.
    static func checkTitle(_ title: String?, format: DocumentFormat) {
        guard let title else { return }
        require(title.unicodeScalars.contains { !isSpace($0) }, "\(format): blank title \(Array(title.unicodeScalars))")
        if format == .jsonl { return }
        require(
            !title.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
            "\(format): control character in title \(title.debugDescription)")
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F
    }

    /// Unicode White_Space, as the parsers' `isSpace` defines it.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func hex(_ scalar: Unicode.Scalar) -> String { String(scalar.value, radix: 16, uppercase: true) }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    static func fail(_ message: String) -> Never {
        fatalError("invariant violated: \(message)")
    }
}

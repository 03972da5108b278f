import RuminateCore

/// Builds an `ExtractedDocument`'s text and block spans the same way for every format:
/// blocks are joined with "\n\n"; inside a block, runs of whitespace collapse to one space unless the
/// text was appended as preformatted (code), which keeps its lines. Each span covers exactly its
/// block's text, counted in Unicode scalars.
///
/// Works on UTF-8 bytes; every caller must hand in valid UTF-8 (libxml2's output, or a Swift `String`).
struct TextAssembler {
    private var bytes: [UInt8] = []
    private var scalarCount = 0
    private(set) var blocks: [TextBlock] = []

    private var pending: [UInt8] = []
    private var pendingSpace = false
    private var pendingCellSeparator = false
    private var pendingIsPreformatted = false

    /// The kind the block being collected will get when it is flushed.
    var kind: TextBlock.Kind = .paragraph

    var hasPendingContent: Bool { !pending.isEmpty }

    /// Ends the block being collected (if it has any text) and starts a new one of `kind`.
    mutating func startBlock(_ kind: TextBlock.Kind) {
        flush()
        self.kind = kind
    }

    /// Adds a whole block at once: `text` collapsed, or kept line by line when `preformatted`.
    mutating func addBlock(_ kind: TextBlock.Kind, _ text: String, preformatted: Bool = false) {
        startBlock(kind)
        if preformatted { appendPreformatted(text) } else { appendInline(text) }
        flush()
    }

    /// Inline text: whitespace runs become one space; leading and trailing whitespace of the block drop.
    mutating func appendInline(_ text: String) {
        var text = text
        text.withUTF8 { appendInline(utf8: $0) }
    }

    mutating func appendInline(utf8 input: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                index += 1
                switch byte {
                case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: notePendingSpace()
                case 0x00..<0x20, 0x7F: continue  // other control characters carry no text
                default: appendContentByte(byte)
                }
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            let end = min(index + length, count)
            if Self.isUnicodeSpace(input, at: index, length: end - index) {
                notePendingSpace()
            } else {
                emitSeparatorsBeforeContent()
                for offset in index..<end { pending.append(input[offset]) }
            }
            index = end
        }
    }

    /// Preformatted text (code): kept as is, except CR/CRLF become LF and control characters drop.
    mutating func appendPreformatted(_ text: String) {
        var text = text
        text.withUTF8 { appendPreformatted(utf8: $0) }
    }

    mutating func appendPreformatted(utf8 input: UnsafeBufferPointer<UInt8>) {
        guard !input.isEmpty else { return }
        if !pending.isEmpty { emitSeparatorsBeforeContent() }
        pendingIsPreformatted = true
        var previousWasCR = false
        for byte in input {
            defer { previousWasCR = byte == 0x0D }
            switch byte {
            case 0x0D: pending.append(0x0A)
            case 0x0A where previousWasCR: continue
            case 0x09, 0x0A: pending.append(byte)
            case 0x00..<0x20, 0x7F: continue
            default: pending.append(byte)
            }
        }
    }

    /// A line break: a newline in preformatted text, otherwise a space.
    mutating func lineBreak() {
        if pendingIsPreformatted { pending.append(0x0A) } else { notePendingSpace() }
    }

    /// A soft boundary inside a block (e.g. between two paragraphs of one table cell): one space.
    mutating func softBreak() { notePendingSpace() }

    /// The next text goes into a new table cell: it is preceded by " | " unless the row is still empty.
    mutating func cellBoundary() {
        if !pending.isEmpty { pendingCellSeparator = true }
    }

    /// Ends the block being collected; the kind stays for the next one.
    mutating func flush() {
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingSpace = false
            pendingCellSeparator = false
            pendingIsPreformatted = false
        }
        guard !pending.isEmpty else { return }
        var lower = 0
        var upper = pending.count
        if pendingIsPreformatted {
            // Drop blank lines before the code and whitespace after it; keep the first line's indentation.
            var scan = 0
            while scan < upper, pending[scan] == 0x20 || pending[scan] == 0x09 || pending[scan] == 0x0A {
                if pending[scan] == 0x0A { lower = scan + 1 }
                scan += 1
            }
            if scan == upper { return }
            while upper > lower, pending[upper - 1] == 0x20 || pending[upper - 1] == 0x09 || pending[upper - 1] == 0x0A
            {
                upper -= 1
            }
        }
        guard lower < upper else { return }
        if !bytes.isEmpty {
            bytes.append(0x0A)
            bytes.append(0x0A)
            scalarCount += 2
        }
        let start = scalarCount
        for index in lower..<upper {
            let byte = pending[index]
            bytes.append(byte)
            if byte & 0xC0 != 0x80 { scalarCount += 1 }
        }
        blocks.append(TextBlock(kind: kind, span: SourceSpan(start: start, end: scalarCount)))
    }

    /// Flushes the last block and returns the text with its blocks.
    mutating func finish() -> (text: String, blocks: [TextBlock]) {
        flush()
        return (String(decoding: bytes, as: UTF8.self), blocks)
    }

    // MARK: - Helpers

    private mutating func notePendingSpace() {
        if !pending.isEmpty { pendingSpace = true }
    }

    private mutating func emitSeparatorsBeforeContent() {
        if pendingCellSeparator {
            pending.append(contentsOf: [0x20, 0x7C, 0x20])
        } else if pendingSpace {
            pending.append(0x20)
        }
        pendingCellSeparator = false
        pendingSpace = false
    }

    private mutating func appendContentByte(_ byte: UInt8) {
        emitSeparatorsBeforeContent()
        pending.append(byte)
    }

    /// Unicode White_Space scalars beyond ASCII: U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
    /// U+202F, U+205F, U+3000.
    private static func isUnicodeSpace(_ input: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let lead = input[index]
        if length == 2 { return lead == 0xC2 && (input[index + 1] == 0x85 || input[index + 1] == 0xA0) }
        guard length == 3 else { return false }
        let second = input[index + 1], third = input[index + 2]
        switch lead {
        case 0xE1: return second == 0x9A && third == 0x80
        case 0xE2:
            if second == 0x80 { return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF }
            return second == 0x81 && third == 0x9F
        case 0xE3: return second == 0x80 && third == 0x80
        default: return false
        }
    }
}

extension String {
    /// The string as a title taken from a raw field (front matter, Subject, `.TH`): control characters
    /// dropped and whitespace collapsed as `TextAssembler` treats inline text; nil when nothing is left.
    var cleanedTitle: String? {
        var assembler = TextAssembler()
        assembler.appendInline(self)
        let text = assembler.finish().text
        return text.isEmpty ? nil : text
    }
}

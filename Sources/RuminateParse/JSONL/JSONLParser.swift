import RuminateCore

/// BEIR-style JSONL: one JSON object per line with `_id`, `title` and `text` (other members ignored).
/// Each good line becomes one document whose text is the `text` member exactly; its blocks are the
/// paragraphs of that text (split on blank lines, each span trimmed of surrounding whitespace).
/// A bad line (invalid JSON, missing or duplicate `_id`, no `text`, too long) is skipped with a
/// warning "line N: ..."; the others still parse.
struct JSONLParser: DocumentParser {
    var limits: ParseLimits

    /// Past this many, bad lines are counted rather than described one by one.
    static let maxDescribedWarnings = 100

    private static let wantedKeys: Set<String> = ["_id", "title", "text"]

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        // JSON is UTF-8 (RFC 8259), read line by line below; only a file whose BOM announces UTF-16 is
        // decoded as a whole first.
        let wide = TextDecoding.hasUTF16BOM(data) ? TextDecoding.decode(data) : nil
        let bytes = wide.map { Array($0.text.utf8) } ?? data
        var documents: [ExtractedDocument] = []
        var warnings: [String] = wide?.warning.map { [$0] } ?? []
        var badLines = 0
        var firstLineOfID: [String: Int] = [:]

        func reject(_ lineNumber: Int, _ reason: String) {
            badLines += 1
            if badLines <= Self.maxDescribedWarnings { warnings.append("line \(lineNumber): \(reason)") }
        }

        bytes.withUnsafeBufferPointer { all in
            var start = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var lineNumber = 0
            while start < all.count {
                lineNumber += 1
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                var lineEnd = end
                if lineEnd > start, all[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: all[start..<lineEnd])
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if line.count > limits.maxJSONLLineBytes {
                    reject(lineNumber, "\(line.count) bytes, over the limit of \(limits.maxJSONLLineBytes); skipped")
                    continue
                }
                var scanner = JSONLineScanner(line)
                let values: [String: JSONLineScanner.Value]
                do throws(JSONLineScanner.Failure) {
                    values = try scanner.readObject(keeping: Self.wantedKeys)
                } catch {
                    reject(lineNumber, "invalid JSON (\(error.message) at byte \(error.offset + 1)); skipped")
                    continue
                }
                let id: String
                switch values["_id"] {
                case .string(let value) where !value.isEmpty: id = value
                case .number(let value): id = value
                case nil: reject(lineNumber, "no \"_id\" member; skipped"); continue
                default: reject(lineNumber, "\"_id\" must be a non-empty string or a number; skipped"); continue
                }
                if let firstLine = firstLineOfID[id] {
                    reject(lineNumber, "duplicate _id \"\(id)\" (first on line \(firstLine)); skipped")
                    continue
                }
                guard case .string(let text) = values["text"] else {
                    reject(lineNumber, "no string \"text\" member for _id \"\(id)\"; skipped")
                    continue
                }
                firstLineOfID[id] = lineNumber
                if scanner.repairedUTF8 {
                    warnings.append("line \(lineNumber): invalid UTF-8 replaced with U+FFFD")
                }
                var title: String?
                if case .string(let value) = values["title"], !value.trimmingSpaces.isEmpty { title = value }
                documents.append(
                    ExtractedDocument(
                        title: title, text: text, blocks: Self.paragraphBlocks(text), memberID: id,
                        metadata: wide?.metadata ?? [:]))
            }
        }
        if badLines > Self.maxDescribedWarnings {
            warnings.append("\(badLines - Self.maxDescribedWarnings) more bad lines skipped")
        }
        if documents.isEmpty, badLines > 0 {
            throw RuminateError(
                .malformedInput, "\(sourceName): no valid JSONL line (\(badLines) bad); first: \(warnings[0])",
                hint: "each line must be a JSON object with \"_id\" and \"text\"")
        }
        return ParseResult(documents: documents, warnings: warnings.map { "\(sourceName): \($0)" })
    }

    /// Paragraphs of `text` separated by blank lines, as spans trimmed of surrounding whitespace.
    static func paragraphBlocks(_ text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var offset = 0
        var paragraphStart: Int?
        var contentEnd = 0
        var lineHasContent = false
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { offset += 1 }
            if scalar == "\n" || scalar == "\r" {
                let endsCRLF = scalar == "\n" && previousWasCR
                previousWasCR = scalar == "\r"
                if endsCRLF { continue }
                if !lineHasContent, let start = paragraphStart {
                    blocks.append(TextBlock(kind: .paragraph, span: SourceSpan(start: start, end: contentEnd)))
                    paragraphStart = nil
                }
                lineHasContent = false
                continue
            }
            previousWasCR = false
            if !scalar.isSpace {
                if paragraphStart == nil { paragraphStart = offset }
                contentEnd = offset + 1
                lineHasContent = true
            }
        }
        if let start = paragraphStart {
            blocks.append(TextBlock(kind: .paragraph, span: SourceSpan(start: start, end: contentEnd)))
        }
        return blocks
    }
}

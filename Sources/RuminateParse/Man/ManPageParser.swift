import RuminateCore

/// Manual pages: roff with the man(7) macros (and mdoc(7), BSD's variant), read as a terminal formatter
/// would show them, without running any macro. Gzip-compressed pages reach this parser already inflated
/// (`ParserRegistry.parse` undoes the compression).
///
/// Structure: `.SH` is a level-1 heading, `.SS` level 2; `.PP`/`.LP`/`.P` paragraphs; `.TP`/`.IP`/`.HP`
/// list items (tag, then body); `.nf`/`.fi` and `.EX`/`.EE` code blocks; tbl tables become table rows.
/// `.so` includes are reported as warnings, not followed.
///
/// Title: `name(section)` from `.TH` (or mdoc's `.Dt`); an all-capitals `.TH` name takes the spelling the
/// NAME section uses (`LS` → `ls(1)`). Metadata: `section`, `date`, `source` and `manual` from `.TH`, and
/// `charset` when the page is not UTF-8.
struct ManPageParser: DocumentParser {
    var limits: ParseLimits

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        let decoded = Self.decode(data)
        // Strings and the page's own macros may expand text, but never past a small multiple of the input;
        // the limit is a floor that leaves small pages room (see `ParseLimits.maxRoffExpansionScalars`).
        // Floors of 4M/1M let a 4 KB page run 2.9M scalars of macros (0.6 s; found by fuzzing).
        let floor = limits.maxRoffExpansionScalars
        var reader = ManPageReader(
            sourceName: sourceName, interpolationBudget: max(floor / 4, data.count * 4),
            macroScalarBudget: max(floor, data.count * 4))
        var lines = RoffLineReader(decoded.text)
        while let line = lines.next() { reader.read(line) }
        let (text, blocks) = reader.finish()

        var metadata = decoded.metadata
        var title: String?
        if let header = reader.header {
            let name = Self.spelling(of: header.name, in: text, blocks: blocks)
            title = (header.section.isEmpty ? name : "\(name)(\(header.section))").cleanedTitle
            let fields = [
                ("section", header.section), ("date", header.date), ("source", header.source),
                ("manual", header.manual),
            ]
            for (key, value) in fields where !value.isEmpty {
                metadata[key] = value
            }
        }
        var warnings = reader.warnings
        if let warning = decoded.warning { warnings.insert("\(sourceName): \(warning)", at: 0) }
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: metadata)
        return ParseResult(documents: [document], warnings: warnings)
    }

    /// `.TH LS 1` is written in capitals by convention; the NAME section (the block after the first
    /// heading) usually starts with the real spelling (`ls \- list directory contents`).
    static func spelling(of name: String, in text: String, blocks: [TextBlock]) -> String {
        guard name == name.uppercased(), name != name.lowercased(),
            let heading = blocks.firstIndex(where: { $0.headingLevel != nil }), heading + 1 < blocks.count
        else { return name }
        let firstLine = text.slice(blocks[heading + 1].span)
        let firstWord = firstLine.prefix(while: { !$0.isWhitespace && $0 != "," })
        return firstWord.uppercased() == name.uppercased() ? String(firstWord) : name
    }

    /// The bytes as text through `TextDecoding` (BOM, then the charset the page declares in its first lines
    /// — preconv's `.\" -*- coding: latin-1 -*-` — then UTF-8, then ICU's detection, e.g. GB18030 for old
    /// Chinese pages).
    static func decode(_ data: [UInt8]) -> TextDecoding.Decoded {
        TextDecoding.decode(data, declared: declaredCoding(data))
    }

    /// The `coding:` a roff comment in the first two lines names (Emacs/preconv convention).
    static func declaredCoding(_ data: [UInt8]) -> String? {
        var lines = data.prefix(1024).split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false).prefix(2)
        while let line = lines.popFirst() {
            guard line.starts(with: Array(#".\""#.utf8)) || line.starts(with: Array(#"'\""#.utf8)) else { continue }
            let text = String(decoding: line, as: UTF8.self).lowercased()
            var rest = Substring(text)
            while !rest.isEmpty, !rest.hasPrefix("coding:") { rest = rest.dropFirst() }
            guard !rest.isEmpty else { continue }
            let name = rest.dropFirst(7).drop(while: { $0 == " " }).prefix(while: { !$0.isWhitespace && $0 != ";" })
            if !name.isEmpty { return String(name) }
        }
        return nil
    }
}

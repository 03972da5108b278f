/// Reading roff source: sniffing it, turning physical lines into input lines (comments removed, escaped
/// newlines joined), and splitting request lines into a name and arguments.
///
/// Everything works on arrays of Unicode scalars and checks every index, since the parser gets fuzzed.
typealias Scalars = [Unicode.Scalar]

enum RoffSniffer {
    /// The first non-blank line opens like a man page: `.TH`, a comment (`.\"`, `'\"`), `.so` or mdoc's `.Dd`.
    /// Lines that are bare comments (`\"` or `\#` opening the line, as some translated pages start: groff
    /// reads them as comments too) are skipped first, and the line after them decides.
    static func startsLikeManPage(_ body: ArraySlice<UInt8>) -> Bool {
        let body = withoutLeadingBareComments(body)
        let line = Array(body.prefix(while: { $0 != 0x0A && $0 != 0x0D }).prefix(8))
        for opener in [".TH", ".so", ".Dd"] {
            let bytes = Array(opener.utf8)
            if line.starts(with: bytes), line.count > bytes.count,
                line[bytes.count] == 0x20 || line[bytes.count] == 0x09
            {
                return true
            }
        }
        return line.starts(with: Array(#".\""#.utf8)) || line.starts(with: Array(#"'\""#.utf8))
    }

    /// For files whose extension already says "manual section": the first non-blank line is any control
    /// line (`.` or `'` followed by a request name or an escape).
    static func startsLikeRoff(_ head: [UInt8]) -> Bool {
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        body = withoutLeadingBareComments(body.drop(while: isBlank))
        if startsLikeManPage(body) { return true }
        guard let control = body.first, control == UInt8(ascii: "."), body.count > 1 else { return false }
        let next = body[body.startIndex + 1]
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(next)
            || next == UInt8(ascii: "\\")
    }

    /// `body` after any lines that open with a comment escape (`\"`, `\#`) and the blank lines between them.
    static func withoutLeadingBareComments(_ body: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var body = body
        while body.count >= 2, body.first == UInt8(ascii: "\\"),
            body[body.startIndex + 1] == UInt8(ascii: "\"") || body[body.startIndex + 1] == UInt8(ascii: "#")
        {
            body = body.drop(while: { $0 != 0x0A && $0 != 0x0D }).drop(while: isBlank)
        }
        return body
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// Physical lines to input lines: `\"` starts a comment that runs to the end of the line, `\#` does the
/// same and also joins the next line, and a line ending in an unescaped `\` continues on the next one.
struct RoffLineReader {
    private let lines: [Substring]
    private var index = 0

    init(_ text: String) {
        lines = Lines.split(text)
    }

    var isAtEnd: Bool { index >= lines.count }

    /// The next input line; a line that held nothing but a comment is skipped (it would otherwise read
    /// as a blank line, which breaks the paragraph).
    mutating func next() -> Scalars? {
        while index < lines.count {
            var joined: Scalars = []
            var onlyComment = true
            while index < lines.count {
                let physical = Array(lines[index].unicodeScalars)
                index += 1
                let (kept, continues, hadComment) = Self.stripComment(physical)
                joined.append(contentsOf: kept)
                onlyComment = onlyComment && hadComment && kept.allSatisfy { $0 == " " || $0 == "\t" }
                if !continues { break }
            }
            if !(onlyComment && joined.allSatisfy({ $0 == " " || $0 == "\t" })) { return joined }
        }
        return nil
    }

    /// The line without its comment, whether it continues on the next physical line, and whether it had a
    /// comment.
    static func stripComment(_ line: Scalars) -> (ArraySlice<Unicode.Scalar>, continues: Bool, hadComment: Bool) {
        var index = 0
        while index < line.count {
            guard line[index] == "\\" else {
                index += 1
                continue
            }
            guard index + 1 < line.count else { return (line[..<index], true, false) }
            switch line[index + 1] {
            case "\"": return (line[..<index], false, true)
            case "#": return (line[..<index], true, true)
            default: index += 2
            }
        }
        return (line[...], false, false)
    }
}

/// A control line: `.name args` or `'name args` (the `'` form asks for no break).
struct RoffRequest {
    var name: String
    /// Everything after the name, unparsed (conditions, string definitions and tables read it raw).
    var rest: ArraySlice<Unicode.Scalar>
    var breaks: Bool

    /// nil for a text line.
    init?(_ line: ArraySlice<Unicode.Scalar>) {
        guard let control = line.first, control == "." || control == "'" else { return nil }
        breaks = control == "."
        var index = line.index(after: line.startIndex)
        while index < line.endIndex, line[index] == " " || line[index] == "\t" { index += 1 }
        let nameStart = index
        // A name ends at a blank or an escape (`.el\{`); `..` ends a macro definition, so "." is a name too.
        while index < line.endIndex, line[index] != " ", line[index] != "\t", line[index] != "\\" { index += 1 }
        var name = String(String.UnicodeScalarView(line[nameStart..<index]))
        if name.unicodeScalars.count > 64 { name = "" }
        self.name = name
        rest = line[index...]
    }

    /// The arguments: separated by blanks; a `"` opens a quoted argument in which `""` is a quote;
    /// escapes stay attached (`\ ` does not split). At most `limit` arguments; the rest is dropped.
    var arguments: [ArraySlice<Unicode.Scalar>] { Self.arguments(rest) }

    static func arguments(_ text: ArraySlice<Unicode.Scalar>, limit: Int = 256) -> [ArraySlice<Unicode.Scalar>] {
        var result: [ArraySlice<Unicode.Scalar>] = []
        var index = text.startIndex
        let end = text.endIndex
        while index < end, result.count < limit {
            while index < end, text[index] == " " || text[index] == "\t" { index += 1 }
            guard index < end else { break }
            if text[index] == "\"" {
                index += 1
                var argument: Scalars = []
                while index < end {
                    let scalar = text[index]
                    if scalar == "\"" {
                        if index + 1 < end, text[index + 1] == "\"" {
                            argument.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if scalar == "\\", index + 1 < end {
                        argument.append(contentsOf: text[index...index + 1])
                        index += 2
                        continue
                    }
                    argument.append(scalar)
                    index += 1
                }
                result.append(argument[...])
            } else {
                let start = index
                while index < end, text[index] != " ", text[index] != "\t" {
                    index += text[index] == "\\" && index + 1 < end ? 2 : 1
                }
                result.append(text[start..<index])
            }
        }
        return result
    }
}

extension ArraySlice where Element == Unicode.Scalar {
    /// Without leading blanks and tabs.
    var droppingLeadingBlanks: ArraySlice<Unicode.Scalar> { drop(while: { $0 == " " || $0 == "\t" }) }

    var isBlank: Bool { allSatisfy { $0 == " " || $0 == "\t" } }

    /// The first `count` scalars equal `text`.
    func starts(with text: String) -> Bool { starts(with: text.unicodeScalars) }
}

extension String {
    init<S: Sequence<Unicode.Scalar>>(scalars: S) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}

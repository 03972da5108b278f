/// Line-level recognisers for the Markdown block parser. Lines are UTF-8 bytes whose leading tabs
/// were already expanded to spaces (tab stop 4), so columns are byte counts.
enum MarkdownSyntax {
    typealias Line = [UInt8]

    static let space: UInt8 = 0x20

    static func isBlank(_ line: Line) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    static func indentation(_ line: Line) -> Int {
        line.prefix(while: { $0 == space }).count
    }

    /// `line` without its first `count` columns of indentation (or all of it when there is less).
    static func dedent(_ line: Line, by count: Int) -> ArraySlice<UInt8> {
        line.dropFirst(min(count, indentation(line)))
    }

    /// Leading tabs and spaces expanded to spaces, so indentation is counted in bytes.
    static func expandLeadingTabs(_ line: ArraySlice<UInt8>) -> Line {
        guard line.prefix(while: { $0 == 0x20 || $0 == 0x09 }).contains(0x09) else { return Array(line) }
        var result: Line = []
        var column = 0
        var index = line.startIndex
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 {
            let width = line[index] == 0x09 ? 4 - column % 4 : 1
            result.append(contentsOf: repeatElement(space, count: width))
            column += width
            index += 1
        }
        result.append(contentsOf: line[index...])
        return result
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
        return slice
    }

    /// An ATX heading (`## Title ##`): its level and text.
    static func atxHeading(_ content: ArraySlice<UInt8>) -> (level: Int, text: ArraySlice<UInt8>)? {
        let hashes = content.prefix(while: { $0 == 0x23 }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = content.dropFirst(hashes)
        guard rest.isEmpty || rest.first == space || rest.first == 0x09 else { return nil }
        var text = trimmed(rest)
        // An optional closing run of '#' preceded by a space.
        let closing = text.reversed().prefix(while: { $0 == 0x23 }).count
        if closing == text.count {
            text = text.prefix(0)
        } else if closing > 0, text[text.endIndex - closing - 1] == space || text[text.endIndex - closing - 1] == 0x09 {
            text = trimmed(text.dropLast(closing))
        }
        return (hashes, text)
    }

    /// The opening of a fenced code block: its character, length and indentation.
    static func fenceOpening(_ content: ArraySlice<UInt8>) -> (character: UInt8, length: Int)? {
        guard let first = content.first, first == 0x60 || first == 0x7E else { return nil }
        let length = content.prefix(while: { $0 == first }).count
        guard length >= 3 else { return nil }
        if first == 0x60, content.dropFirst(length).contains(0x60) { return nil }  // backticks in info string
        return (first, length)
    }

    static func isFenceClosing(_ content: ArraySlice<UInt8>, character: UInt8, length: Int) -> Bool {
        let run = content.prefix(while: { $0 == character }).count
        return run >= length && isBlank(Array(content.dropFirst(run)))
    }

    /// `***`, `---` or `___` (three or more, spaces allowed between).
    static func isThematicBreak(_ content: ArraySlice<UInt8>) -> Bool {
        guard let first = content.first, first == 0x2A || first == 0x2D || first == 0x5F else { return false }
        var count = 0
        for byte in content {
            if byte == first { count += 1 } else if byte != space && byte != 0x09 { return false }
        }
        return count >= 3
    }

    /// A setext underline: its heading level (1 for `===`, 2 for `---`).
    static func setextLevel(_ content: ArraySlice<UInt8>) -> Int? {
        guard let first = content.first, first == 0x3D || first == 0x2D else { return nil }
        let run = content.prefix(while: { $0 == first }).count
        guard isBlank(Array(content.dropFirst(run))) else { return nil }
        return first == 0x3D ? 1 : 2
    }

    struct ListMarker {
        /// Bytes taken by the marker and the spaces after it (the item's content starts there).
        var width: Int
        var isOrdered: Bool
        /// `-`, `*`, `+`, `.` or `)`: items of one list share it.
        var delimiter: UInt8
        var startNumber: Int
        var contentIsEmpty: Bool
    }

    /// A list item marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space or the end of the line.
    static func listMarker(_ content: ArraySlice<UInt8>) -> ListMarker? {
        guard let first = content.first else { return nil }
        var markerLength = 0
        var ordered = false
        var number = 0
        var delimiter = first
        if first == 0x2D || first == 0x2A || first == 0x2B {
            markerLength = 1
        } else {
            let digits = content.prefix(while: { (0x30...0x39).contains($0) })
            guard (1...9).contains(digits.count), digits.endIndex < content.endIndex,
                content[digits.endIndex] == 0x2E || content[digits.endIndex] == 0x29
            else { return nil }
            markerLength = digits.count + 1
            delimiter = content[digits.endIndex]
            ordered = true
            number = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let rest = content.dropFirst(markerLength)
        if rest.isEmpty || isBlank(Array(rest)) {
            return ListMarker(
                width: markerLength + 1, isOrdered: ordered, delimiter: delimiter, startNumber: number,
                contentIsEmpty: true)
        }
        guard rest.first == space || rest.first == 0x09 else { return nil }
        let spaces = rest.prefix(while: { $0 == space || $0 == 0x09 }).count
        return ListMarker(
            width: markerLength + (spaces > 4 ? 1 : spaces), isOrdered: ordered, delimiter: delimiter,
            startNumber: number, contentIsEmpty: false)
    }

    /// A GFM table delimiter row (`| --- | :---: |`): its number of columns.
    static func tableDelimiterColumns(_ content: ArraySlice<UInt8>) -> Int? {
        let cells = tableCells(content)
        guard !cells.isEmpty, content.contains(0x7C) || cells.count == 1 else { return nil }
        for cell in cells {
            var body = trimmed(cell)
            if body.first == 0x3A { body.removeFirst() }
            if body.last == 0x3A { body.removeLast() }
            guard !body.isEmpty, body.allSatisfy({ $0 == 0x2D }) else { return nil }
        }
        return cells.count
    }

    /// The cells of a table row, split on unescaped '|', without the optional outer pipes.
    static func tableCells(_ content: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var row = trimmed(content)
        if row.first == 0x7C { row.removeFirst() }
        if row.last == 0x7C, row.count < 2 || row[row.endIndex - 2] != 0x5C { row.removeLast() }
        var cells: [ArraySlice<UInt8>] = []
        var start = row.startIndex
        var index = row.startIndex
        while index < row.endIndex {
            if row[index] == 0x5C {
                index += 2
                continue
            }
            if row[index] == 0x7C {
                cells.append(row[start..<index])
                start = index + 1
            }
            index += 1
        }
        cells.append(row[start...])
        return cells
    }

    /// A link reference definition line: `[label]: destination`. Returns the normalised label.
    static func linkDefinitionLabel(_ content: ArraySlice<UInt8>) -> String? {
        guard content.first == 0x5B, let close = content.firstIndex(of: 0x5D), close > content.startIndex + 1,
            close + 1 < content.endIndex, content[close + 1] == 0x3A
        else { return nil }
        let label = content[(content.startIndex + 1)..<close]
        guard label.first != 0x5E, !label.contains(0x5B) else { return nil }  // footnotes, nested brackets
        let destination = trimmed(content[(close + 2)...])
        guard !destination.isEmpty else { return nil }
        return normalizedLabel(label)
    }

    static func normalizedLabel(_ label: ArraySlice<UInt8>) -> String {
        String(decoding: label, as: UTF8.self).lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// tbl(1) tables between `.TS` and `.TE`: an optional options line ending in `;` (its `tab(x)` names the
/// cell separator), format lines up to one ending in `.`, then data rows. `T{` … `T}` spans a cell over
/// several lines; `_` and `=` rows are rules; `.T&` starts new format lines. Returns each row's raw cells.
enum RoffTable {
    static func rows(_ lines: [ArraySlice<Unicode.Scalar>]) -> [[ArraySlice<Unicode.Scalar>]] {
        var index = 0
        var tab: Unicode.Scalar = "\t"
        if let options = lines.first, trimmed(options).last == ";" {
            tab = separator(in: options) ?? tab
            index = 1
        }
        index = skipFormat(lines, from: index)

        var rows: [[ArraySlice<Unicode.Scalar>]] = []
        var current: Scalars = []
        var inTextBlock = false
        while index < lines.count {
            let line = lines[index]
            index += 1
            let isControl = line.first == "." || line.first == "'"
            if inTextBlock {
                if line.starts(with: "T}") {
                    inTextBlock = false
                    current.append(contentsOf: line.dropFirst(2))
                } else {
                    current.append(" ")
                    current.append(contentsOf: isControl ? fontMacroText(line) : Array(line))
                    continue
                }
            } else {
                if line.starts(with: ".T&") {
                    index = skipFormat(lines, from: index)
                    continue
                }
                let content = trimmed(line)
                if isControl || content.elementsEqual("_".unicodeScalars) || content.elementsEqual("=".unicodeScalars) {
                    continue
                }
                current = Array(line)
            }
            // A row ending in `T{` goes on to the following lines.
            let rowSoFar = trimmed(current[...])
            if rowSoFar.count >= 2, rowSoFar.suffix(2).elementsEqual("T{".unicodeScalars) {
                current.removeSubrange((rowSoFar.endIndex - 2)..<current.count)
                inTextBlock = true
                continue
            }
            rows.append(cells(current, tab: tab))
            current = []
        }
        if !current.isEmpty { rows.append(cells(current, tab: tab)) }
        return rows
    }

    /// Inside a `T{` block, a font macro line (`.IR namespaces (7).`) still prints its arguments; other
    /// requests print nothing.
    static func fontMacroText(_ line: ArraySlice<Unicode.Scalar>) -> Scalars {
        guard let request = RoffRequest(line) else { return [] }
        let arguments = request.arguments
        switch request.name {
        case "B", "I", "SM", "SB": return Array(arguments.joined(separator: [" "]))
        case "BI", "BR", "IB", "IR", "RB", "RI": return Array(arguments.joined())
        default: return []
        }
    }

    private static func cells(_ row: Scalars, tab: Unicode.Scalar) -> [ArraySlice<Unicode.Scalar>] {
        row.split(separator: tab, omittingEmptySubsequences: false).map { cell in
            let content = trimmed(cell)
            // A cell holding only a rule character draws a line: no text.
            if content.elementsEqual("_".unicodeScalars) || content.elementsEqual("=".unicodeScalars)
                || content.elementsEqual("\\_".unicodeScalars)
            {
                return []
            }
            return cell
        }
    }

    /// The index after the format lines (the first one ending in `.`).
    private static func skipFormat(_ lines: [ArraySlice<Unicode.Scalar>], from start: Int) -> Int {
        var index = start
        while index < lines.count {
            defer { index += 1 }
            if trimmed(lines[index]).last == "." { return index + 1 }
        }
        return lines.count
    }

    /// The character in `tab(x)` of an options line.
    private static func separator(in options: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
        let lowered = options.map { $0.properties.lowercaseMapping.unicodeScalars.first ?? $0 }
        let key = Array("tab(".unicodeScalars)
        guard lowered.count > key.count else { return nil }
        for start in 0..<(lowered.count - key.count) where lowered[start..<start + key.count].elementsEqual(key) {
            return options[options.startIndex + start + key.count]
        }
        return nil
    }

    private static func trimmed(_ text: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? text.endIndex
        let end = text.lastIndex(where: { $0 != " " && $0 != "\t" }).map { $0 + 1 } ?? start
        return text[start..<max(start, end)]
    }
}

/// Text after roff's escapes are applied.
struct RoffText {
    var scalars: Scalars
    /// The line ended in `\c`: the next output line joins it without a space.
    var continues = false

    var isBlank: Bool { scalars.allSatisfy { $0.isSpace } }
    var string: String { String(scalars: scalars) }
}

/// Applies escapes to roff text: fonts and sizes vanish, glyphs become characters, strings (`\*`) and
/// number registers (`\n`) are interpolated, motions and drawing commands are dropped, and unknown
/// escapes are dropped rather than printed raw. Interpolation is bounded in depth and in total size,
/// so self-referencing or exploding string definitions end quickly.
struct RoffInterpreter {
    var strings: [String: Scalars] = RoffGlyphs.predefinedStrings.mapValues { Array($0.unicodeScalars) }
    var registers: [String: Int] = [".g": 1]
    /// Macros the page defined with `.de` (for the `d` condition; their bodies are never run).
    var definedMacros: Set<String> = []
    /// `.tr` translations, applied to every output character.
    var translations: [Unicode.Scalar: Unicode.Scalar] = [:]
    /// Scalars that string interpolation may still produce.
    var interpolationBudget: Int
    private(set) var budgetExhausted = false

    static let maxInterpolationDepth = 16

    init(interpolationBudget: Int) {
        self.interpolationBudget = interpolationBudget
    }

    mutating func interpret(_ text: ArraySlice<Unicode.Scalar>) -> RoffText {
        var output = RoffText(scalars: [])
        interpret(text, depth: 0, into: &output)
        if !translations.isEmpty {
            output.scalars = output.scalars.map { translations[$0] ?? $0 }
        }
        return output
    }

    mutating func interpret(_ text: ArraySlice<Unicode.Scalar>, depth: Int, into output: inout RoffText) {
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            let scalar = text[index]
            index += 1
            guard scalar == "\\" else {
                output.scalars.append(scalar)
                continue
            }
            guard index < end else { break }
            let escape = text[index]
            index += 1
            switch escape {
            case "\\", "e", "E": output.scalars.append("\\")
            case "-", "_", ".", "`": output.scalars.append(escape)
            case "'": output.scalars.append("'")
            case " ", "0", "~", "t": output.scalars.append(" ")
            case "c": output.continues = true
            case "(":
                let name = Self.fixedName(text, &index, length: 2)
                appendGlyph(name, to: &output)
            case "[":
                let name = Self.bracketedName(text, &index)
                appendGlyph(name, to: &output)
            case "C":
                appendGlyph(String(scalars: Self.delimited(text, &index)), to: &output)
            case "N":
                let number = String(scalars: Self.delimited(text, &index))
                if let value = UInt32(number), let glyph = RoffGlyphs.printable(value) { output.scalars.append(glyph) }
            case "*":
                let name = Self.name(text, &index)
                interpolateString(name, depth: depth, into: &output)
            case "n":
                if index < end, text[index] == "+" || text[index] == "-" { index += 1 }
                let name = Self.name(text, &index)
                output.scalars.append(contentsOf: String(registers[name] ?? 0).unicodeScalars)
            case "f", "F", "m", "M", "g", "k", "V", "Y", "O", "$", "j":
                _ = Self.name(text, &index)
            case "s":
                Self.skipSize(text, &index)
            case "h", "v", "w", "l", "L", "o", "b", "D", "X", "Z", "x", "A", "B", "R", "S", "H", "T", "U", "W":
                _ = Self.delimited(text, &index)
            case "\"", "#", "!", "?":
                // A comment (already removed by the line reader) or transparent output: the rest goes.
                index = end
            default:
                // \& \| \^ \) \% \: \, \/ \{ \} \a \p \r \u \d \z and anything unknown: no text.
                break
            }
        }
    }

    private mutating func appendGlyph(_ name: String, to output: inout RoffText) {
        guard let glyph = RoffGlyphs.glyph(name) else { return }
        output.scalars.append(contentsOf: glyph.unicodeScalars)
    }

    private mutating func interpolateString(_ name: String, depth: Int, into output: inout RoffText) {
        guard let value = strings[name] else { return }
        guard depth < Self.maxInterpolationDepth, value.count <= interpolationBudget else {
            budgetExhausted = true
            return
        }
        interpolationBudget -= value.count
        let continues = output.continues
        interpret(value[...], depth: depth + 1, into: &output)
        output.continues = continues
    }

    /// Text with every escape removed and glyphs kept, for `.TH` fields, string comparisons and headings.
    mutating func plainText(_ text: ArraySlice<Unicode.Scalar>) -> String {
        Lines.collapsed(Substring(interpret(text).string))
    }

    // MARK: - Escape arguments

    /// A name after `\*`, `\n`, `\f`: one character, `(xx`, or `[long name]`.
    static func name(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> String {
        guard index < text.endIndex else { return "" }
        let first = text[index]
        index += 1
        switch first {
        case "(": return fixedName(text, &index, length: 2)
        case "[": return bracketedName(text, &index)
        default: return String(Character(first))
        }
    }

    static func fixedName(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int, length: Int) -> String {
        let end = min(index + length, text.endIndex)
        defer { index = end }
        return String(scalars: text[index..<end])
    }

    /// Up to the closing `]` (groff allows arguments after a space, as in `\*[name arg]`: dropped).
    static func bracketedName(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> String {
        let start = index
        while index < text.endIndex, text[index] != "]" { index += 1 }
        let inside = text[start..<index]
        if index < text.endIndex { index += 1 }
        let name = inside.prefix(while: { $0 != " " })
        return name.count > 64 ? "" : String(scalars: name)
    }

    /// The argument of `\h'…'`-style escapes: from the delimiter to its next unescaped occurrence.
    static func delimited(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> ArraySlice<Unicode.Scalar> {
        guard index < text.endIndex else { return [] }
        let delimiter = text[index]
        index += 1
        let start = index
        while index < text.endIndex {
            if text[index] == delimiter {
                defer { index += 1 }
                return text[start..<index]
            }
            index += text[index] == "\\" ? 2 : 1
        }
        index = text.endIndex
        return text[start...]
    }

    /// `\sN`, `\s±N`, `\s(NN`, `\s±(NN`, `\s[N]`, `\s'N'` (and the old two-digit `\s10` … `\s39`).
    static func skipSize(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) {
        guard index < text.endIndex else { return }
        if text[index] == "+" || text[index] == "-" { index += 1 }
        guard index < text.endIndex else { return }
        switch text[index] {
        case "(":
            index = min(index + 3, text.endIndex)
        case "[":
            index += 1
            _ = bracketedName(text, &index)
        case "'":
            _ = delimited(text, &index)
        case "1", "2", "3":
            index += 1
            if index < text.endIndex, text[index].properties.numericType == .decimal, text[index].isASCII { index += 1 }
        case "0"..."9":
            index += 1
        default:
            break
        }
    }
}

extension Unicode.Scalar {
    /// Ideographs, kana, CJK punctuation and full-width forms: scripts written without spaces, so two
    /// source lines meeting between such characters join without one.
    var isWrittenWithoutSpaces: Bool {
        switch value {
        case 0x2E80...0x2FDF, 0x3001...0x303F, 0x3040...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF01...0xFF60, 0xFF61...0xFF9F, 0x20000...0x3FFFF:
            true
        default:
            false
        }
    }
}

/// The conditions of `.if`, `.ie` and `.el`, evaluated as a terminal (nroff) formatter would: `n` is true,
/// `t` false, `\n(.g` is 1 (groff), and registers are what `.nr` set. Numeric expressions are read left to
/// right as roff does (no precedence), with parentheses nested at most `maxDepth` deep.
extension RoffInterpreter {
    static let maxExpressionDepth = 32

    /// Reads the condition at the start of `text`; returns its value and the body after it.
    mutating func condition(_ text: ArraySlice<Unicode.Scalar>) -> (Bool, body: ArraySlice<Unicode.Scalar>) {
        var index = text.droppingLeadingBlanks.startIndex
        let end = text.endIndex
        var negated = false
        while index < end, text[index] == "!" {
            negated.toggle()
            index += 1
        }
        guard index < end else { return (false, text[end...]) }
        let value: Bool
        switch text[index] {
        case "n", "o":
            value = true
            index += 1
        case "t", "e", "v", "h":
            value = false
            index += 1
        case "d", "r", "c", "m", "F", "S":
            let kind = text[index]
            index += 1
            while index < end, text[index] == " " { index += 1 }
            let start = index
            while index < end, text[index] != " ", text[index] != "\t" { index += text[index] == "\\" ? 2 : 1 }
            index = min(index, end)
            let name = String(scalars: text[start..<index])
            switch kind {
            case "d": value = strings[name] != nil || definedMacros.contains(name)
            case "r": value = registers[name] != nil
            case "c": value = RoffGlyphs.glyph(name) != nil || name.unicodeScalars.count == 1
            default: value = false
            }
        case "0"..."9", "(", "+", "-", "\\", ".":
            value = expression(text, &index, depth: 0) > 0
        default:
            value = compareStrings(text, &index)
        }
        return (value != negated, text[min(index, end)...].droppingLeadingBlanks)
    }

    /// `'a'b'`: both sides formatted, then compared.
    private mutating func compareStrings(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> Bool {
        let delimiter = text[index]
        let left = Self.delimited(text, &index)
        index -= 1  // the closing delimiter of the left side opens the right side
        guard index < text.endIndex, text[index] == delimiter else { return false }
        let right = Self.delimited(text, &index)
        return interpret(left).scalars == interpret(right).scalars
    }

    /// A numeric expression: operands, `+ - * / % < > <= >= = == & : <? >?` left to right.
    mutating func expression(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int, depth: Int) -> Int {
        var value = operand(text, &index, depth: depth)
        while index < text.endIndex {
            guard let op = Self.binaryOperator(text, &index) else { break }
            let right = operand(text, &index, depth: depth)
            switch op {
            case "+": value = value &+ right
            case "-": value = value &- right
            case "*": value = value &* right
            case "/": value = right == 0 ? 0 : value.dividedReportingOverflow(by: right).partialValue
            case "%": value = right == 0 ? 0 : value.remainderReportingOverflow(dividingBy: right).partialValue
            case "<": value = value < right ? 1 : 0
            case ">": value = value > right ? 1 : 0
            case "<=": value = value <= right ? 1 : 0
            case ">=": value = value >= right ? 1 : 0
            case "=", "==": value = value == right ? 1 : 0
            case "&": value = value > 0 && right > 0 ? 1 : 0
            case ":": value = value > 0 || right > 0 ? 1 : 0
            case "<?": value = min(value, right)
            case ">?": value = max(value, right)
            default: break
            }
        }
        return value
    }

    private static func binaryOperator(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> String? {
        guard index < text.endIndex else { return nil }
        let first = text[index]
        guard "+-*/%<>=&:".unicodeScalars.contains(first) else { return nil }
        index += 1
        if index < text.endIndex {
            let pair = String(scalars: [first, text[index]])
            if ["<=", ">=", "==", "<?", ">?"].contains(pair) {
                index += 1
                return pair
            }
        }
        return String(Character(first))
    }

    private mutating func operand(_ text: ArraySlice<Unicode.Scalar>, _ index: inout Int, depth: Int) -> Int {
        guard index < text.endIndex else { return 0 }
        switch text[index] {
        case "(":
            index += 1
            let value = depth < Self.maxExpressionDepth ? expression(text, &index, depth: depth + 1) : 0
            if depth >= Self.maxExpressionDepth {
                // Too deep to be a real page: give up on the rest of the expression.
                index = text.endIndex
            }
            if index < text.endIndex, text[index] == ")" { index += 1 }
            return value
        case "-", "+":
            var negative = false
            while index < text.endIndex, text[index] == "-" || text[index] == "+" {
                if text[index] == "-" { negative.toggle() }
                index += 1
            }
            let value = operand(text, &index, depth: depth)
            return negative ? 0 &- value : value
        case "\\":
            guard index + 1 < text.endIndex else {
                index += 1
                return 0
            }
            let escape = text[index + 1]
            index += 2
            switch escape {
            case "n":
                if index < text.endIndex, text[index] == "+" || text[index] == "-" { index += 1 }
                return registers[Self.name(text, &index)] ?? 0
            case "w":
                return interpret(Self.delimited(text, &index)).scalars.count * 24
            case "*":
                let value = strings[Self.name(text, &index)] ?? []
                return Int(
                    String(scalars: value.prefix(while: { $0.properties.numericType == .decimal && $0.isASCII }))) ?? 0
            default:
                return 0
            }
        default:
            var digits = ""
            while index < text.endIndex, text[index].isASCII, text[index].properties.numericType == .decimal {
                if digits.count < 18 { digits.unicodeScalars.append(text[index]) }
                index += 1
            }
            if index < text.endIndex, text[index] == "." {
                index += 1
                while index < text.endIndex, text[index].isASCII, text[index].properties.numericType == .decimal {
                    index += 1
                }
            }
            // A scale unit (i c p P m n v u M s f z) does not change the comparisons pages make.
            if index < text.endIndex, "icpPmnvuMsfz".unicodeScalars.contains(text[index]) { index += 1 }
            return Int(digits) ?? 0
        }
    }
}

/// Counts `\{` and `\}` in a line, for skipping the body of a false condition.
enum RoffBraces {
    static func balance(_ text: ArraySlice<Unicode.Scalar>) -> Int {
        var balance = 0
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\", index + 1 < text.endIndex {
                if text[index + 1] == "{" { balance += 1 }
                if text[index + 1] == "}" { balance -= 1 }
                index += 2
            } else {
                index += 1
            }
        }
        return balance
    }
}

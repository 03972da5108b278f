/// The macros a page defines with `.de` (or extends with `.am`): bodies stored in copy mode (`\\` read as
/// `\`), run when the page calls them with `\$1` … `\$9`, `\$*` and `\$@` replaced by the arguments.
/// Calls nest at most `maxDepth` deep and all calls together run at most `scalarBudget` scalars of body
/// lines, so macros that call themselves or each other end quickly.
struct RoffMacroTable {
    static let maxDepth = 8
    /// Longest line a substitution may build.
    static let maxLineLength = 1 << 16

    private var bodies: [String: [Scalars]] = [:]
    private var definition: (name: String, terminator: String, lines: [Scalars])?
    /// The arguments of the calls being run, innermost last.
    private var calls: [(name: String, arguments: [Scalars])] = []
    private var scalarsLeft: Int
    private(set) var budgetExhausted = false
    /// `.return` was seen: the innermost call stops.
    var returnRequested = false

    init(scalarBudget: Int) {
        scalarsLeft = scalarBudget
    }

    var definitionTerminator: String? { definition?.terminator }

    func isDefined(_ name: String) -> Bool { bodies[name] != nil }

    mutating func beginDefinition(_ name: String, terminator: String, appending: Bool) {
        definition = (name, terminator, appending ? bodies[name] ?? [] : [])
    }

    mutating func collect(_ line: ArraySlice<Unicode.Scalar>) {
        definition?.lines.append(Self.copyMode(line))
    }

    mutating func endDefinition() {
        guard let finished = definition else { return }
        bodies[finished.name] = finished.lines
        definition = nil
    }

    /// The body to run, or nil when calls are nested too deep or the budget is spent.
    mutating func enter(_ name: String, arguments: [ArraySlice<Unicode.Scalar>]) -> [Scalars]? {
        guard let body = bodies[name], calls.count < Self.maxDepth, scalarsLeft > 0 else {
            if bodies[name] != nil { budgetExhausted = true }
            return nil
        }
        calls.append((name, arguments.map { Array($0) }))
        returnRequested = false
        return body
    }

    mutating func leave() {
        _ = calls.popLast()
        returnRequested = false
    }

    /// `.shift n`: the arguments move down by n.
    mutating func shift(_ count: Int) {
        guard let last = calls.indices.last, count > 0 else { return }
        calls[last].arguments.removeFirst(min(count, calls[last].arguments.count))
    }

    /// The body line with the innermost call's arguments put in, or nil when the budget is spent.
    mutating func nextLine(_ line: Scalars) -> Scalars? {
        guard scalarsLeft > 0 else {
            budgetExhausted = true
            return nil
        }
        let expanded = calls.last.map { Self.substitute(line, arguments: $0.arguments, name: $0.name) } ?? line
        scalarsLeft -= max(1, expanded.count)
        return expanded
    }

    /// `\\` becomes `\`, as roff reads a macro body.
    static func copyMode(_ line: ArraySlice<Unicode.Scalar>) -> Scalars {
        var result: Scalars = []
        result.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "\\", index + 1 < line.endIndex, line[index + 1] == "\\" {
                result.append("\\")
                index += 2
            } else {
                result.append(line[index])
                index += 1
            }
        }
        return result
    }

    static func substitute(_ line: Scalars, arguments: [Scalars], name: String) -> Scalars {
        var result: Scalars = []
        var index = 0
        while index < line.count, result.count <= maxLineLength {
            guard line[index] == "\\", index + 1 < line.count else {
                result.append(line[index])
                index += 1
                continue
            }
            guard line[index + 1] == "$", index + 2 < line.count else {
                result.append(contentsOf: line[index...index + 1])
                index += 2
                continue
            }
            index += 2
            let selector = line[index]
            index += 1
            switch selector {
            case "*", "@", "^":
                let quoted = selector != "*"
                for (offset, argument) in arguments.enumerated() {
                    if offset > 0 { result.append(" ") }
                    if quoted { result.append("\"") }
                    result.append(contentsOf: argument)
                    if quoted { result.append("\"") }
                }
            case "0":
                result.append(contentsOf: name.unicodeScalars)
            case "(", "[":
                let closing: Unicode.Scalar? = selector == "[" ? "]" : nil
                var digits = ""
                while index < line.count, digits.count < 4, line[index] != closing {
                    if selector == "(", digits.count == 2 { break }
                    digits.unicodeScalars.append(line[index])
                    index += 1
                }
                if closing != nil, index < line.count { index += 1 }
                if let number = Int(digits), number >= 1, number <= arguments.count {
                    result.append(contentsOf: arguments[number - 1])
                }
            default:
                if let number = Int(String(Character(selector))), number >= 1, number <= arguments.count {
                    result.append(contentsOf: arguments[number - 1])
                }
            }
        }
        return Array(result.prefix(maxLineLength))
    }
}

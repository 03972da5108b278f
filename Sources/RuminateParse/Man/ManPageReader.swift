import RuminateCore

/// The `.TH` line: name, section and the header/footer fields.
struct ManPageHeader {
    var name: String
    var section: String
    var date: String
    var source: String
    var manual: String
}

/// Reads a man page input line by line: the man(7) macros (mdoc(7) through `MdocMacros`), the roff
/// requests pages use (strings, registers, conditions, translations, macro definitions, whose bodies are
/// stored and run only when the page calls them, within budgets), tbl tables, and hands output lines to
/// `ManPageText`. Loops (`.while`) are never run, and nesting, interpolation and macro calls are bounded,
/// so any input ends in time linear in its size.
struct ManPageReader {
    let sourceName: String
    var interpreter: RoffInterpreter
    var text = ManPageText()
    var warnings: [String] = []
    var header: ManPageHeader?
    /// mdoc(7) pages (`.Dd`/`.Sh`) are read by `MdocMacros`.
    var mdoc = MdocState()
    /// The page's own macros (`.de`), run when called.
    var macros: RoffMacroTable

    /// Results of `.ie` waiting for their `.el`.
    private var pendingElse: [Bool] = []
    /// Inside the body of a false condition: how many `\{` are still open.
    private var skippedBraces = 0
    /// Inside `.ig`/`.EQ`/`.PS`: the request that ends it.
    private var skipUntil: String?
    private var skipStartedBy = ""
    /// Lines of a `.TS` table being collected.
    private var table: [ArraySlice<Unicode.Scalar>]?
    /// An open `.UR`/`.MT` link: its target and the output line count when it opened.
    private var link: (target: String, lineCount: Int)?

    static let maxPendingElse = 1024
    static let maxConditionsPerLine = 64
    static let maxStrings = 10_000
    /// `.IP` tags that only draw a bullet: the item keeps its text, not the mark.
    static let bullets: Set<String> = [
        "\u{2022}", "\u{00B7}", "*", "-", "o", "+", "\u{2013}", "\u{2014}", "\u{25CB}", "\u{25A1}", "",
    ]

    init(sourceName: String, interpolationBudget: Int, macroScalarBudget: Int) {
        self.sourceName = sourceName
        interpreter = RoffInterpreter(interpolationBudget: interpolationBudget)
        macros = RoffMacroTable(scalarBudget: macroScalarBudget)
    }

    mutating func read(_ line: Scalars) {
        let line = line[...]
        if skippedBraces > 0 {
            skippedBraces = max(0, skippedBraces + RoffBraces.balance(line))
            return
        }
        if let terminator = skipUntil {
            if let request = RoffRequest(line), request.name == terminator { skipUntil = nil }
            return
        }
        if let terminator = macros.definitionTerminator {
            if let request = RoffRequest(line), request.name == terminator {
                macros.endDefinition()
            } else {
                macros.collect(line)
            }
            return
        }
        if table != nil {
            if let request = RoffRequest(line), request.name == "TE" { finishTable() } else { table?.append(line) }
            return
        }
        execute(line)
    }

    mutating func finish() -> (text: String, blocks: [TextBlock]) {
        finishTable()
        if skipUntil != nil {
            warnings.append(
                "\(sourceName): `.\(skipStartedBy)` is never closed by `.\(skipUntil ?? "")`; the text after it was skipped"
            )
        }
        if let terminator = macros.definitionTerminator {
            warnings.append(
                "\(sourceName): a macro definition is never closed by `.\(terminator)`; the text after it was skipped")
        }
        if macros.budgetExhausted {
            warnings.append(
                "\(sourceName): the page's own macros ran past their budget; some of their output was left out")
        }
        if interpreter.budgetExhausted {
            warnings.append("\(sourceName): string interpolation went past its budget; some strings were left out")
        }
        return text.finish()
    }

    // MARK: - Lines

    /// One input line; conditions strip themselves off in a loop (never by recursion).
    private mutating func execute(_ line: ArraySlice<Unicode.Scalar>) {
        var line = line
        // Real pages nest a few conditions per line; a line nesting more is garbage and is dropped.
        for _ in 0..<Self.maxConditionsPerLine {
            guard let request = RoffRequest(line) else { return textLine(line) }
            switch request.name {
            case "if", "ie":
                let (value, body) = interpreter.condition(request.rest)
                if request.name == "ie", pendingElse.count < Self.maxPendingElse { pendingElse.append(value) }
                guard let next = enterBody(body, if: value) else { return }
                line = next
            case "el":
                let value = !(pendingElse.popLast() ?? true)
                guard let next = enterBody(request.rest.droppingLeadingBlanks, if: value) else { return }
                line = next
            case "while":
                // Loops are never run: skip the body like a false condition.
                let (_, body) = interpreter.condition(request.rest)
                _ = enterBody(body, if: false)
                return
            case "nop":
                return textLine(request.rest.droppingLeadingBlanks)
            case "do":
                line = ["."] + request.rest.droppingLeadingBlanks
                if line.count < 2 { return }
            default:
                return perform(request)
            }
        }
    }

    /// The body to run when `value` holds (without its `\{`), or nil after arranging to skip it.
    private mutating func enterBody(_ body: ArraySlice<Unicode.Scalar>, if value: Bool) -> ArraySlice<Unicode.Scalar>? {
        guard value else {
            skippedBraces = max(0, RoffBraces.balance(body))
            return nil
        }
        var body = body
        if body.starts(with: "\\{") { body = body.dropFirst(2).droppingLeadingBlanks }
        return body.isEmpty ? nil : body
    }

    private mutating func textLine(_ line: ArraySlice<Unicode.Scalar>) {
        if line.isBlank { return text.blankLine() }
        if line.first == " " || line.first == "\t" { text.lineBreak() }
        text.line(interpreter.interpret(line))
    }

    // MARK: - Requests and macros

    private mutating func perform(_ request: RoffRequest) {
        let name = request.name
        switch name {
        case "TH": titleHeading(request)
        case "SH": sectionHeading(request, level: 1)
        case "SS": sectionHeading(request, level: 2)
        case "PP", "LP", "P", "RS", "RE", "YS": text.start(.paragraph)
        case "HP": text.start(.listItem)
        case "TP": text.startTaggedItem()
        case "TQ": text.additionalTag()
        case "IP": indentedParagraph(request)
        case "br": if request.breaks { text.lineBreak() }
        case "sp", "Sp": if request.breaks { text.blankLine() }
        case "in", "ti", "ce", "rj", "bp": if request.breaks { text.lineBreak() }
        case "nf", "Vb", "EX": text.setFill(false)
        case "fi", "Ve", "EE": text.setFill(true)
        case "B", "I", "SM", "SB": fontLine(request, separator: " ")
        case "BI", "BR", "IB", "IR", "RB", "RI": fontLine(request, separator: "")
        case "SY":
            text.start(.paragraph)
            fontLine(request, separator: " ")
        case "OP":
            let inside = request.arguments.map { interpreter.interpret($0).string }.joined(separator: " ")
            text.line(RoffText(scalars: Array("[\(inside)]".unicodeScalars)))
        case "MR":
            let parts = request.arguments.map { interpreter.plainText($0) }
            guard let page = parts.first else { return }
            let section = parts.count > 1 ? "(\(parts[1]))" : ""
            text.line(RoffText(scalars: Array((page + section + (parts.count > 2 ? parts[2] : "")).unicodeScalars)))
        case "UR", "MT":
            link = (request.arguments.first.map { interpreter.plainText($0) } ?? "", text.lineCount)
        case "UE", "ME":
            endLink(request)
        case "URL", "MTO":
            // Asciidoctor's link macros (defined by its preamble): target, text, trailing punctuation.
            let parts = request.arguments.map { interpreter.plainText($0) }
            guard let target = parts.first, !target.isEmpty else { return }
            let label = parts.count > 1 && !parts[1].isEmpty ? "\(parts[1]) <\(target)>" : target
            text.line(RoffText(scalars: Array((label + (parts.count > 2 ? parts[2] : "")).unicodeScalars)))
        case "ds", "ds1", "as", "as1": defineString(request, appending: name.hasPrefix("as"))
        case "nr": setRegister(request)
        case "tr": translate(request)
        case "de", "de1", "dei", "dei1", "am", "am1", "ami", "ami1", "ig": skipDefinition(request)
        case "so", "mso":
            let target = request.arguments.first.map { String(scalars: $0) } ?? ""
            warnings.append("\(sourceName): `.\(name) \(target)` includes another file, which is not followed")
        case "TS": table = []
        case "EQ": skip(until: "EN", startedBy: name)
        case "PS": skip(until: "PE", startedBy: name)
        case "shift": macros.shift(request.arguments.first.flatMap { Int(String(scalars: $0)) } ?? 1)
        case "return": macros.returnRequested = true
        case "IX", "PD", "UC", "AT", "DT":
            break  // index entries (pod2man) and layout: no text, even when the page defines them
        default:
            if mdoc.active, MdocMacros.names.contains(name) {
                MdocMacros.perform(request, in: &self)
            } else if macros.isDefined(name) {
                runMacro(name, request)
            } else if MdocMacros.names.contains(name) {
                MdocMacros.perform(request, in: &self)
            }
        // Everything else (.ad .na .hy .nh .ne .ft .ll .ta, unknown macros) changes layout only, or is
        // undefined in a terminal formatter: no text.
        }
    }

    private mutating func titleHeading(_ request: RoffRequest) {
        let fields = request.arguments.map { interpreter.plainText($0) }
        if header == nil, let name = fields.first, !name.isEmpty {
            func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
            header = ManPageHeader(name: name, section: field(1), date: field(2), source: field(3), manual: field(4))
        }
        text.setFill(true)
        text.start(.paragraph)
    }

    mutating func sectionHeading(_ request: RoffRequest, level: Int) {
        let arguments = request.arguments
        if arguments.isEmpty {
            text.awaitHeading(level: level)
        } else {
            text.heading(level: level, arguments.map { interpreter.plainText($0) }.joined(separator: " "))
        }
    }

    private mutating func indentedParagraph(_ request: RoffRequest) {
        guard let tagSource = request.arguments.first else { return text.start(.listItem) }
        let tag = interpreter.interpret(tagSource)
        if Self.bullets.contains(Lines.collapsed(Substring(tag.string))) { return text.start(.listItem) }
        text.startTaggedItem()
        text.line(tag)
    }

    /// `.B`, `.BR` …: the arguments joined by `separator` ("" for the alternating forms). Without
    /// arguments the font applies to the next line, which then prints as usual.
    mutating func fontLine(_ request: RoffRequest, separator: String) {
        let arguments = request.arguments
        guard !arguments.isEmpty else { return }
        var joined = RoffText(scalars: [])
        for (offset, argument) in arguments.enumerated() {
            if offset > 0 { joined.scalars.append(contentsOf: separator.unicodeScalars) }
            let part = interpreter.interpret(argument)
            joined.scalars.append(contentsOf: part.scalars)
            joined.continues = part.continues
        }
        text.line(joined)
    }

    private mutating func endLink(_ request: RoffRequest) {
        let trailing = request.arguments.first.map { interpreter.plainText($0) } ?? ""
        guard let open = link else {
            if !trailing.isEmpty { text.line(RoffText(scalars: Array(trailing.unicodeScalars))) }
            return
        }
        link = nil
        guard !open.target.isEmpty else { return }
        let shown = text.lineCount == open.lineCount ? open.target : "<\(open.target)>"
        text.line(RoffText(scalars: Array((shown + trailing).unicodeScalars)))
    }

    // MARK: - Definitions

    private mutating func defineString(_ request: RoffRequest, appending: Bool) {
        let rest = request.rest.droppingLeadingBlanks
        let name = String(scalars: rest.prefix(while: { $0 != " " && $0 != "\t" }))
        guard !name.isEmpty, name.unicodeScalars.count <= 64 else { return }
        var value = rest.dropFirst(name.unicodeScalars.count).droppingLeadingBlanks
        if value.first == "\"" { value = value.dropFirst() }
        if appending, let old = interpreter.strings[name] {
            interpreter.strings[name] = old + value
        } else if interpreter.strings.count < Self.maxStrings || interpreter.strings[name] != nil {
            interpreter.strings[name] = Array(value)
        }
    }

    private mutating func setRegister(_ request: RoffRequest) {
        let arguments = request.arguments
        guard arguments.count >= 2, interpreter.registers.count < Self.maxStrings else { return }
        var index = arguments[1].startIndex
        interpreter.registers[String(scalars: arguments[0])] = interpreter.expression(arguments[1], &index, depth: 0)
    }

    /// `.tr abcd`: a becomes b and c becomes d (pod2man maps its dash helper this way).
    private mutating func translate(_ request: RoffRequest) {
        let pairs = interpreter.interpret(request.rest.droppingLeadingBlanks).scalars
        var index = 0
        while index < pairs.count {
            interpreter.translations[pairs[index]] = index + 1 < pairs.count ? pairs[index + 1] : " "
            index += 2
        }
    }

    /// `.ig` skips to its end; `.de`/`.am` collect a macro body (run only when the page calls it).
    private mutating func skipDefinition(_ request: RoffRequest) {
        let arguments = request.arguments
        if request.name == "ig" {
            return skip(until: arguments.first.map { String(scalars: $0) } ?? ".", startedBy: "ig")
        }
        let indirect = request.name.hasPrefix("dei") || request.name.hasPrefix("ami")
        let end = arguments.count > 1 && !indirect ? String(scalars: arguments[1]) : "."
        guard let nameArgument = arguments.first, !indirect else { return skip(until: end, startedBy: request.name) }
        let name = String(scalars: nameArgument)
        interpreter.definedMacros.insert(name)
        macros.beginDefinition(name, terminator: end, appending: request.name.hasPrefix("am"))
    }

    /// Runs a macro the page defined, with its arguments, line by line as if they were input.
    private mutating func runMacro(_ name: String, _ request: RoffRequest) {
        guard let body = macros.enter(name, arguments: request.arguments) else { return }
        let savedCount = interpreter.registers[".$"]
        interpreter.registers[".$"] = request.arguments.count
        defer {
            macros.leave()
            interpreter.registers[".$"] = savedCount
        }
        for line in body {
            guard !macros.returnRequested, let expanded = macros.nextLine(line) else { break }
            read(expanded)
        }
    }

    private mutating func skip(until terminator: String, startedBy name: String) {
        skipUntil = terminator
        skipStartedBy = name
    }

    // MARK: - Tables

    private mutating func finishTable() {
        guard let lines = table else { return }
        table = nil
        for row in RoffTable.rows(lines) {
            text.tableRow(row.map { interpreter.plainText($0) })
        }
    }
}

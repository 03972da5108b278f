/// What an mdoc(7) page has told the reader so far.
struct MdocState {
    /// Set by `.Dd`, `.Dt`, `.Os` or `.Sh`: mdoc macros are recognised from then on.
    var active = false
    /// The page's name, from its first `.Nm` (a bare `.Nm` prints it).
    var name = ""
    /// Open `.Bl` lists: their type (`-tag`, `-bullet`, `-column` …).
    var lists: [String] = []
    /// Inside `.Bd -literal`/`-unfilled`, one flag per open display.
    var displays: [Bool] = []
    /// An `.It … Xo` tag continued on the following lines until `Xc`.
    var extendedTag: String?
    /// `.Sm off` joins words (and macro lines) without spaces until `.Sm on`.
    var spacing = true
    /// The parts of an `.Rs` … `.Re` reference: authors, then the other fields.
    var referenceAuthors: [String] = []
    var referenceFields: [String] = []
}

/// One argument of an mdoc macro line, formatted. A literal one (written with `\&`, as in `\&Fl` or `:\&`)
/// is never taken for a macro name or for punctuation.
struct MdocWord: Equatable {
    var text: String
    var literal = false
}

/// BSD's mdoc(7) macros, the usual alternative to man(7) (OpenSSH, BSD tools): sections, lists, displays,
/// and the semantic inline macros (`Fl`, `Ar`, `Op`, `Xr` …), rendered as a terminal shows them.
enum MdocMacros {
    static let structural: Set<String> = [
        "Dd", "Dt", "Os", "Sh", "Ss", "Pp", "Lp", "Bl", "El", "It", "Bd", "Ed", "D1", "Dl", "Nd", "In", "Fd", "Bf",
        "Ef",
        "Bk", "Ek", "Db", "Ex", "Rv", "Rs", "Re", "Cd", "Lb", "%A", "%B", "%C", "%D", "%I", "%J", "%N", "%O", "%P",
        "%Q", "%R", "%T", "%U", "%V",
    ]
    static let callable: Set<String> = [
        "Ac", "Ad", "An", "Ao", "Ap", "Aq", "Ar", "At", "Bc", "Bo", "Bq", "Brc", "Bro", "Brq", "Bsx", "Bx", "Cm", "Dc",
        "Do", "Dq", "Dv", "Dx", "Ec", "Em", "En", "Eo", "Er", "Es", "Ev", "Fa", "Fc", "Fl", "Fn", "Fo", "Fr", "Ft",
        "Fx",
        "Ic", "Li", "Lk", "Ms", "Mt", "Nm", "No", "Ns", "Nx", "Oc", "Oo", "Op", "Ot", "Ox", "Pa", "Pc", "Pf", "Po",
        "Pq",
        "Qc", "Ql", "Qo", "Qq", "Sc", "Sm", "So", "Sq", "St", "Sx", "Sy", "Ta", "Tn", "Ux", "Va", "Vt", "Xc", "Xo",
        "Xr",
    ]
    static let names = structural.union(callable)

    static func perform(_ request: RoffRequest, in reader: inout ManPageReader) {
        let name = request.name
        if ["Dd", "Dt", "Os", "Sh"].contains(name) { reader.mdoc.active = true }
        guard reader.mdoc.active else { return }
        let words = request.arguments.map { argument in
            MdocWord(text: reader.interpreter.interpret(argument).string, literal: containsZeroWidth(argument))
        }
        let texts = words.map(\.text)
        switch name {
        case "Dd", "Os", "Db", "Bf", "Ef", "Bk", "Ek":
            break
        case "Rs":
            reader.mdoc.referenceAuthors = []
            reader.mdoc.referenceFields = []
        case "%A":
            reader.mdoc.referenceAuthors.append(texts.joined(separator: " "))
        case "%B", "%C", "%D", "%I", "%J", "%N", "%O", "%P", "%Q", "%R", "%T", "%U", "%V":
            reader.mdoc.referenceFields.append(texts.joined(separator: " "))
        case "Re":
            // As mandoc prints it: "A and B, Title, RFC 4250, January 2006."
            let authors = reader.mdoc.referenceAuthors.joined(separator: " and ")
            let parts = (authors.isEmpty ? [] : [authors]) + reader.mdoc.referenceFields
            reader.mdoc.referenceAuthors = []
            reader.mdoc.referenceFields = []
            reader.text.start(reader.mdoc.lists.isEmpty ? .paragraph : .listItem)
            if !parts.isEmpty { output(parts.joined(separator: ", ") + ".", in: &reader) }
        case "Sm":
            let on = texts.first.map { $0 == "on" } ?? !reader.mdoc.spacing
            if on, !reader.mdoc.spacing { reader.text.lineBreak() }
            reader.mdoc.spacing = on
        case "Dt":
            guard let title = texts.first, reader.header == nil else { break }
            let section = texts.count > 1 ? texts[1] : ""
            reader.header = ManPageHeader(name: title, section: section, date: "", source: "", manual: "")
        case "Sh", "Ss":
            reader.text.heading(level: name == "Sh" ? 1 : 2, render(words, state: &reader.mdoc))
        case "Pp", "Lp":
            reader.text.start(reader.mdoc.lists.isEmpty ? .paragraph : .listItem)
        case "Bl":
            reader.mdoc.lists.append(texts.first ?? "-item")
            reader.text.start(.listItem)
        case "El":
            _ = reader.mdoc.lists.popLast()
            reader.text.start(reader.mdoc.lists.isEmpty ? .paragraph : .listItem)
        case "It":
            item(words, in: &reader)
        case "Bd":
            let literal = texts.contains("-literal") || texts.contains("-unfilled")
            reader.mdoc.displays.append(literal)
            if literal { reader.text.setFill(false) } else { reader.text.start(.paragraph) }
        case "Ed":
            if reader.mdoc.displays.popLast() == true { reader.text.setFill(true) }
            reader.text.start(.paragraph)
        case "D1", "Dl":
            reader.text.start(.paragraph)
            output(render(words, state: &reader.mdoc), in: &reader)
            reader.text.start(.paragraph)
        case "Nd":
            output("- " + render(words, state: &reader.mdoc), in: &reader)
        case "In":
            output("#include <\(texts.first ?? "")>", in: &reader)
        case "Lb":
            guard let library = texts.first else { break }
            let link = library.hasPrefix("lib") ? " (-l\(library.dropFirst(3)))" : ""
            output("library \(library)\(link)", in: &reader)
        case "Ex":
            let utility = texts.first(where: { $0 != "-std" }) ?? reader.mdoc.name
            output("The \(utility) utility exits 0 on success, and >0 if an error occurs.", in: &reader)
        case "Rv":
            let function = texts.first(where: { $0 != "-std" }) ?? reader.mdoc.name
            output(
                "The \(function)() function returns the value 0 if successful; otherwise the value -1 is returned "
                    + "and the global variable errno is set to indicate the error.", in: &reader)
        default:
            let line = render([MdocWord(text: name)] + words, state: &reader.mdoc)
            if name == "Xc" || texts.contains("Xc"), let tag = reader.mdoc.extendedTag {
                reader.mdoc.extendedTag = nil
                reader.text.line(RoffText(scalars: Array((tag + " " + line).unicodeScalars)))
            } else if let tag = reader.mdoc.extendedTag {
                reader.mdoc.extendedTag = tag.isEmpty ? line : tag + " " + line
            } else {
                output(line, in: &reader)
            }
        }
    }

    private static func containsZeroWidth(_ argument: ArraySlice<Unicode.Scalar>) -> Bool {
        var index = argument.startIndex
        while index + 1 < argument.endIndex {
            if argument[index] == "\\" {
                if argument[index + 1] == "&" { return true }
                index += 2
            } else {
                index += 1
            }
        }
        return false
    }

    private static func output(_ line: String, in reader: inout ManPageReader) {
        guard !line.isEmpty else { return }
        reader.text.line(RoffText(scalars: Array(line.unicodeScalars), continues: !reader.mdoc.spacing))
    }

    private static func item(_ words: [MdocWord], in reader: inout ManPageReader) {
        let type = reader.mdoc.lists.last ?? "-item"
        if type == "-column" {
            let cells = words.split(separator: MdocWord(text: "Ta")).map { render(Array($0), state: &reader.mdoc) }
            reader.text.tableRow(cells.flatMap { $0.split(separator: "\t").map(String.init) })
            return
        }
        guard ["-tag", "-hang", "-ohang", "-inset", "-diag"].contains(type), !words.isEmpty else {
            return reader.text.start(.listItem)
        }
        reader.text.startTaggedItem()
        if words.last?.text == "Xo" {
            reader.mdoc.extendedTag = render(Array(words.dropLast()), state: &reader.mdoc)
        } else {
            output(render(words, state: &reader.mdoc), in: &reader)
        }
    }

    // MARK: - Inline macros

    static let closing: Set<String> = [".", ",", ":", ";", ")", "]", "?", "!"]
    static let opening: Set<String> = ["(", "["]
    static let enclosures: [String: (String, String)] = [
        "Op": ("[", "]"), "Dq": ("\u{201C}", "\u{201D}"), "Pq": ("(", ")"), "Sq": ("\u{2018}", "\u{2019}"),
        "Bq": ("[", "]"), "Aq": ("<", ">"), "Qq": ("\"", "\""), "Brq": ("{", "}"), "Ql": ("\u{2018}", "\u{2019}"),
    ]
    static let delimiters: [String: String] = [
        "Oo": "[", "Oc": "]", "Do": "\u{201C}", "Dc": "\u{201D}", "Po": "(", "Pc": ")", "Bo": "[", "Bc": "]",
        "So": "\u{2018}", "Sc": "\u{2019}", "Qo": "\"", "Qc": "\"", "Ao": "<", "Ac": ">", "Bro": "{", "Brc": "}",
    ]
    static let systems: [String: String] = [
        "At": "AT&T UNIX", "Bx": "BSD", "Bsx": "BSD/OS", "Fx": "FreeBSD", "Nx": "NetBSD", "Ox": "OpenBSD",
        "Dx": "DragonFly", "Ux": "UNIX",
    ]

    /// One macro line's words as text: macro names vanish, flags get their dash, enclosures their brackets,
    /// and punctuation attaches to its neighbour.
    static func render(_ words: [MdocWord], state: inout MdocState, depth: Int = 0) -> String {
        var out = ""
        var glueNext = true
        let spacing = state.spacing
        func emit(_ piece: String, attach: Bool = false) {
            guard !piece.isEmpty else { return }
            if !out.isEmpty, !attach, !glueNext, spacing { out += " " }
            out += piece
            glueNext = false
        }
        func isPlain(_ index: Int) -> Bool {
            index < words.count
                && (words[index].literal
                    || (!callable.contains(words[index].text) && !closing.contains(words[index].text)))
        }
        func isMacro(_ index: Int) -> Bool {
            index < words.count && !words[index].literal && callable.contains(words[index].text)
        }
        var index = 0
        while index < words.count {
            let current = words[index]
            let word = current.literal ? "" : current.text
            index += 1
            if current.literal {
                emit(current.text)
                continue
            }
            if let (open, close) = enclosures[word], depth < 16 {
                // Encloses the rest of the line, except trailing punctuation.
                var end = words.count
                while end > index, !words[end - 1].literal, closing.contains(words[end - 1].text) { end -= 1 }
                emit(open + render(Array(words[index..<end]), state: &state, depth: depth + 1) + close)
                index = end
                continue
            }
            switch word {
            case "Fl":
                if !isPlain(index) {
                    emit("-")
                    if isMacro(index) { glueNext = true }
                }
                while isPlain(index) {
                    emit("-" + words[index].text)
                    index += 1
                }
            case "Nm":
                if isPlain(index) {
                    if state.name.isEmpty { state.name = words[index].text }
                    emit(words[index].text)
                    index += 1
                } else {
                    emit(state.name)
                }
            case "Xr":
                guard isPlain(index) else { continue }
                let page = words[index].text
                index += 1
                if isPlain(index) {
                    emit("\(page)(\(words[index].text))")
                    index += 1
                } else {
                    emit(page)
                }
            case "Fn":
                guard isPlain(index) else { continue }
                let function = words[index].text
                index += 1
                var arguments: [String] = []
                while isPlain(index) {
                    arguments.append(words[index].text)
                    index += 1
                }
                emit("\(function)(\(arguments.joined(separator: ", ")))")
            case "Fo":
                if isPlain(index) {
                    emit(words[index].text + "(")
                    index += 1
                    glueNext = true
                }
            case "Fc": emit(")", attach: true)
            case "Ar":
                if !isPlain(index) { emit("file ...") }
            case "Ns", "Pf", "Ap":
                if word == "Ap" { emit("'", attach: true) }
                if word == "Pf", isPlain(index) {
                    emit(words[index].text)
                    index += 1
                }
                glueNext = true
            case "St":
                if index < words.count {
                    emit(standards[words[index].text] ?? "")
                    index += 1
                }
            case "An", "Sm":
                if index < words.count, ["-split", "-nosplit", "on", "off"].contains(words[index].text) {
                    index += 1
                }
            case "Ta": emit("\t")
            default:
                if let delimiter = delimiters[word] {
                    let isOpening = ["Oo", "Do", "Po", "Bo", "So", "Qo", "Ao", "Bro"].contains(word)
                    emit(delimiter, attach: !isOpening)
                    if isOpening { glueNext = true }
                } else if let system = systems[word] {
                    emit(system)
                } else if callable.contains(word) || word == "Xc" || word == "Xo" {
                    break  // a font or semantic macro: its arguments print as they are
                } else if closing.contains(word) {
                    emit(word, attach: true)
                } else if opening.contains(word) {
                    emit(word)
                    glueNext = true
                } else {
                    emit(word)
                }
            }
        }
        return out
    }

    /// `.St` standards, as mandoc names them.
    static let standards: [String: String] = [
        "-p1003.1": "IEEE Std 1003.1 (\u{201C}POSIX.1\u{201D})",
        "-p1003.1-2001": "IEEE Std 1003.1-2001 (\u{201C}POSIX.1\u{201D})",
        "-p1003.1-2008": "IEEE Std 1003.1-2008 (\u{201C}POSIX.1\u{201D})",
        "-p1003.2": "IEEE Std 1003.2 (\u{201C}POSIX.2\u{201D})",
        "-ansiC": "ANSI X3.159-1989 (\u{201C}ANSI C89\u{201D})",
        "-isoC": "ISO/IEC 9899:1990 (\u{201C}ISO C90\u{201D})",
        "-isoC-99": "ISO/IEC 9899:1999 (\u{201C}ISO C99\u{201D})",
        "-isoC-2011": "ISO/IEC 9899:2011 (\u{201C}ISO C11\u{201D})",
        "-xpg4": "X/Open Portability Guide Issue 4 (\u{201C}XPG4\u{201D})",
        "-susv2": "Version 2 of the Single UNIX Specification",
        "-susv3": "Version 3 of the Single UNIX Specification",
        "-susv4": "Version 4 of the Single UNIX Specification",
    ]
}

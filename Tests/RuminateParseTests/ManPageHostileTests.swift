import RuminateCore
import Testing

@testable import RuminateParse

/// Inputs built to make a roff reader loop, recurse, explode or crash. Each must end with text (and the
/// span invariants) or a `RuminateError`; nothing here measures time, the tests simply have to finish.
@Suite struct ManPageHostileTests {
    func parse(_ source: String) throws -> ParseResult {
        let result = try ManPageParser(limits: ParseLimits()).parse(Array(source.utf8), sourceName: "evil.1")
        for document in result.documents { expectBlockInvariants(document) }
        return result
    }

    @Test func selfReferencingStringsStopAtTheirBudget() throws {
        let result = try parse(".ds a \\*a\\*a\\*a\\*a\n.ds b x\\*b\nstart \\*a \\*b end\n")
        #expect(result.documents[0].text.hasPrefix("start"))
        #expect(result.documents[0].text.hasSuffix("end"))
    }

    @Test func macrosThatCallThemselvesStop() throws {
        let result = try parse(".de a\nword\n.a\n.a\n..\n.a\nafter\n")
        #expect(result.documents[0].text.hasSuffix("after"))
        #expect(result.documents[0].text.split(separator: " ").count < 1_000)
    }

    @Test func macrosThatDoubleEachOtherStopAtTheBudget() throws {
        var source = ".de m0\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n..\n"
        for level in 1...7 {
            source += ".de m\(level)\n.m\(level - 1)\n.m\(level - 1)\n.m\(level - 1)\n.m\(level - 1)\n..\n"
        }
        source += String(repeating: ".m7\n", count: 2_000) + "tail\n"
        let result = try parse(source)
        #expect(result.documents[0].text.hasSuffix("tail"))
        #expect(result.warnings.contains { $0.contains("budget") })
    }

    @Test func deeplyNestedConditionsAndExpressions() throws {
        let chain = String(repeating: ".if n ", count: 50_000) + "deep\n"
        let parens = ".if " + String(repeating: "(", count: 100_000) + "1 text\n"
        let signs = ".if " + String(repeating: "-", count: 100_000) + "1 signs\n"
        let elses = String(repeating: ".ie n a\n", count: 5_000) + String(repeating: ".el b\n", count: 6_000)
        let dos = "." + String(repeating: "do ", count: 50_000) + "br\n"
        for source in [chain, parens, signs, elses, dos] { _ = try parse(source + "end\n") }
    }

    @Test func unterminatedConstructsReportOrEndCleanly() throws {
        #expect(try parse(".if t \\{\\\nhidden\nstill hidden\n").documents[0].text.isEmpty)
        let definition = try parse("before\n.de x\nbody\n")
        #expect(definition.documents[0].text == "before")
        #expect(definition.warnings.contains { $0.contains("never closed") })
        #expect(try parse(".TS\ntab(:);\nl l.\na:T{\nnever closed\n").documents[0].text == "a | never closed")
        #expect(try parse(".ig\nnothing\n").warnings.contains { $0.contains("never closed") })
        #expect(try parse(".nf\ncode\n").documents[0].blocks.map(\.kind) == [.code])
    }

    @Test func brokenEscapesAtEveryPosition() throws {
        let fragments = [
            "\\", "\\(", "\\(a", "\\[", "\\[unterminated", "\\*", "\\*(", "\\*[x", "\\f", "\\f(", "\\f[", "\\s", "\\s+",
            "\\s(1", "\\s[", "\\s'", "\\h", "\\h'", "\\w'\\w'\\w'", "\\N'", "\\N'99999999999'", "\\N'-1'", "\\C'",
            "\\n", "\\n(", "\\n[", "\\$", "\\{", "\\}", "\\[u]", "\\[uD800]", "\\[u110000]", "\\[char]", "\\[char0]",
            "\\\"", "\\#", "\\c", "\"", "\"\"", "\u{0}", "\u{1B}[31m", "\u{FFFD}", "\u{200B}",
        ]
        for fragment in fragments {
            for template in [
                "\(fragment)", "a\(fragment)b", ".B \(fragment)", ".BR \(fragment) x", ".TP\n\(fragment)\nbody",
                ".if \(fragment) x", ".ds s \(fragment)\n\\*s", ".TS\n\(fragment)\n.TE", ".Dd\n.Op \(fragment)",
            ] {
                _ = try parse(template + "\n")
            }
        }
    }

    @Test func longLinesOfEscapesStayLinear() throws {
        let lines = [
            String(repeating: "\\s-1", count: 100_000), String(repeating: "\\", count: 200_001),
            String(repeating: "\\(em", count: 50_000), String(repeating: "\\{", count: 100_000),
            ".tr " + String(repeating: "ab", count: 50_000) + "c", ".BR " + String(repeating: "x ", count: 100_000),
            ".Op " + String(repeating: "Op ", count: 10_000), String(repeating: "\\*(lq", count: 50_000),
        ]
        for line in lines { _ = try parse(line + "\nend\n") }
    }

    /// Random token soup from the vocabulary real pages use, many seeds: invariants hold, nothing crashes.
    @Test(arguments: 0..<40)
    func randomRoffNeverBreaksTheReader(seed: UInt64) throws {
        let vocabulary = [
            ".TH", ".SH", ".SS", ".PP", ".TP", ".IP", ".HP", ".RS", ".RE", ".B", ".BR", ".IR", ".nf", ".fi", ".EX",
            ".EE", ".br", ".sp", ".if", ".ie", ".el", ".de", "..", ".ds", ".nr", ".tr", ".TS", ".TE", "T{", "T}",
            ".UR", ".UE", ".Dd", ".Sh", ".Bl", ".It", ".El", ".Op", ".Fl", ".Sm", ".so", ".ig", ".TQ", ".MR", ".do",
            "\\fB", "\\fR", "\\(em", "\\[lq]", "\\*(lq", "\\*a", "\\n(.g", "\\{", "\\}", "\\c", "\\\"", "\\", "\"",
            "n", "t", "!", "'", "1", "(", ")", "word", "词语", "tab\t", "-", "=", ":", ";", ".", " ",
        ]
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        var source = ""
        for _ in 0..<400 {
            for _ in 0..<(1 + next(6)) { source += vocabulary[next(vocabulary.count)] + (next(3) == 0 ? "" : " ") }
            source += "\n"
        }
        _ = try parse(source)
    }

    @Test func randomBytesNeverBreakTheReader() throws {
        var state: UInt64 = 0xDEAD_BEEF
        for _ in 0..<20 {
            let bytes: [UInt8] = (0..<4_000).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Mostly roff's own characters, so the reader gets deep into its state machine.
                let pick = Int(truncatingIfNeeded: state >> 59)
                return pick < 20
                    ? Array(".\\'\"(){}[]*fsnTPB \n".utf8)[pick % 19] : UInt8(truncatingIfNeeded: state >> 40)
            }
            let result = try ManPageParser(limits: ParseLimits()).parse(bytes, sourceName: "noise.1")
            for document in result.documents { expectBlockInvariants(document) }
        }
    }
}

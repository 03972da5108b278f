import Foundation
import Testing

@testable import RuminateText

/// The ASCII fast path must give exactly ICU's words.
@Suite struct ASCIIWordSegmenterTests {
    func icuWords(_ text: String) -> [[Int]] {
        var out: [[Int]] = []
        var copy = text
        copy.withUTF8 { utf8 in
            ICUSegments.forEachWithICU(.words, in: utf8, windowBytes: ICUSegments.windowBytes) {
                out.append([$0, $1, Int($2 >= 200 ? 200 : $2 >= 100 ? 100 : 0)])
            }
        }
        return out.filter { $0[2] >= 100 }
    }

    func fastWords(_ text: String) -> [[Int]] {
        var out: [[Int]] = []
        var copy = text
        copy.withUTF8 { utf8 in
            ICUSegments.forEach(.words, in: utf8) { out.append([$0, $1, Int($2 >= 200 ? 200 : $2 >= 100 ? 100 : 0)]) }
        }
        return out
    }

    @Test func agreesWithICUOnTrickyASCII() {
        let cases = [
            "don't e.g. U.S.A. 3.14 1,000,000 a,b 1;2 a;b x_y _x x_ __ 1_a a1 3d 3.d d.3 'quoted' end.",
            "title:foo NEAR(\"x\" OR (bar)) col:val http://example.com/a-b_c?d=1&e=2 user@mail.org",
            "rock'n'roll can't won't ''' ... ,,, ;;; a'b'c 1'2 1.2.3 v1.2.3-beta+exp.sha.5114f85",
            "CamelCase snake_case kebab-case SCREAMING_CASE __init__ #hashtag $100 50% C++ C# F#",
            "tab\there\nnewline\r\nwindows\u{0B}vt\u{0C}ff",
        ]
        for text in cases { #expect(fastWords(text) == icuWords(text), "\(text)") }
    }

    @Test func agreesWithICUOnMixedScripts() {
        for text in [
            "Café au lait, naïve déjà-vu", "深度研究 deep research 中文 mixed", "a \u{0301}b e\u{0301}tude",
            "emoji 👩‍💻 x👍y 🇫🇷 ok", "Ωmega ΣΦ Привет мир",
        ] {
            #expect(fastWords(text) == icuWords(text), "\(text)")
        }
    }

    @Test func agreesWithICUOnRandomStrings() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("ab1 2._',;:-Zé\t@")
        for _ in 0..<20_000 {
            let length = Int(next() % 16) + 1
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            #expect(fastWords(text) == icuWords(text), "\(text.debugDescription)")
        }
    }

    /// Real English prose from the bundled corpus (corpora/sqlite-docs, SQLite's documentation, public domain):
    /// every page, markup and all, in slices of 2,000 characters (numbers, identifiers, punctuation runs).
    @Test func agreesWithICUOnRealDocumentation() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = repository.appendingPathComponent("corpora/sqlite-docs")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }
            .sorted()
        #expect(pages.count >= 100)
        var slices = 0
        for page in pages {
            let text = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
            var rest = Substring(text)
            while !rest.isEmpty {
                let slice = String(rest.prefix(2_000))
                rest = rest.dropFirst(2_000)
                slices += 1
                #expect(fastWords(slice) == icuWords(slice), "\(page)")
            }
        }
        #expect(slices > 1_000)
    }
}

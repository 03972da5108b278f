import Foundation
import Testing
@testable import RuminateText

/// The ASCII fast path must give exactly ICU's words.
@Suite struct ASCIIWordSegmenterTests {
    func icuWords(_ text: String) -> [[Int]] {
        var out: [[Int]] = []
        var copy = text
        copy.withUTF8 { utf8 in
            ICUSegments.forEachWithICU(.words, in: utf8, windowBytes: ICUSegments.windowBytes) { out.append([$0, $1, Int($2 >= 200 ? 200 : $2 >= 100 ? 100 : 0)]) }
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
        for text in ["Café au lait, naïve déjà-vu", "深度研究 deep research 中文 mixed", "a \u{0301}b e\u{0301}tude", "emoji 👩‍💻 x👍y 🇫🇷 ok", "Ωmega ΣΦ Привет мир"] {
            #expect(fastWords(text) == icuWords(text), "\(text)")
        }
    }

    @Test func agreesWithICUOnRandomStrings() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("ab1 2._',;:-Zé\t@")
        for _ in 0..<20_000 {
            let length = Int(next() % 16) + 1
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            #expect(fastWords(text) == icuWords(text), "\(text.debugDescription)")
        }
    }

    /// 100 SciFact abstracts vendored in Fixtures (provenance and licence in Fixtures/README.md).
    @Test func agreesWithICUOnRealAbstracts() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scifact-abstracts.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 100)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = try #require(object["text"] as? String)
            #expect(fastWords(text) == icuWords(text), "\(object["_id"] ?? "")")
        }
    }
}

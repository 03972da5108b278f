import Foundation
import Testing

@testable import RuminateEmbed

@Suite("BertNormalizer")
struct BertNormalizerTests {
    /// The words `BertNormalizer` makes of `text`, as strings.
    static func words(_ text: String, _ normalizer: BertNormalizer = BertNormalizer()) -> [String] {
        var words: [String] = []
        normalizer.forEachWord(in: Substring(text).unicodeScalars) { word in
            var view = String.UnicodeScalarView()
            for value in word { view.append(Unicode.Scalar(value)!) }
            words.append(String(view))
            return true
        }
        return words
    }

    /// Expected output of the reference normaliser for every scalar, from Fixtures/bert_normalization.txt.
    static func referenceTable() throws -> [UInt32: [UInt32]] {
        let text = try String(
            contentsOf: EmbedTestSupport.fixtures.appendingPathComponent("bert_normalization.txt"), encoding: .utf8)
        var table: [UInt32: [UInt32]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            let numbers = fields.dropFirst().map { UInt32($0, radix: 16) ?? 0 }
            switch fields[0] {
            case "R": for x in numbers[0]...numbers[1] { table[x] = [] }
            case "S": for x in numbers[0]...numbers[1] { table[x] = [0x20] }
            case "C": for x in numbers[0]...numbers[1] { table[x] = [0x20, x, 0x20] }
            case "H":
                for x in numbers[0]...numbers[1] {  // Hangul syllable → leading, vowel, optional trailing jamo
                    let s = x - 0xAC00
                    table[x] = [0x1100 + s / 588, 0x1161 + (s % 588) / 28] + (s % 28 == 0 ? [] : [0x11A7 + s % 28])
                }
            case "D":
                let delta = Int64(fields[3])!
                for x in numbers[0]...numbers[1] { table[x] = [UInt32(Int64(x) + delta)] }
            case "M": table[numbers[0]] = Array(numbers.dropFirst())
            default: Issue.record("unknown line \(line)")
            }
        }
        return table
    }

    @Test("every Unicode scalar normalises as in Hugging Face's BertNormalizer")
    func exhaustiveScalarTable() throws {
        let table = try Self.referenceTable()
        #expect(table.count > 200_000)
        let normalizer = BertNormalizer()
        var mismatches = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            // Between two letters, so that whitespace and punctuation show as word breaks.
            var produced: [UInt32] = []
            normalizer.forEachWord(in: Substring("a" + String(Character(scalar)) + "a").unicodeScalars) { word in
                produced += [0x7C] + word  // "|" marks a word start
                return true
            }
            var expected: [UInt32] = [0x7C]
            let middle = table[value] ?? [value]
            var wordOpen = true
            func breakWord() { wordOpen = false }
            expected.append(0x61)
            for out in middle {
                if BertNormalizer.isWhitespace(out) {
                    breakWord()
                } else if BertNormalizer.isPunctuation(out) {
                    expected += [0x7C, out]
                    breakWord()
                } else {
                    if !wordOpen { expected.append(0x7C); wordOpen = true }
                    expected.append(out)
                }
            }
            if !wordOpen { expected.append(0x7C) }
            expected.append(0x61)
            if produced != expected {
                mismatches += 1
                if mismatches <= 10 {
                    Issue.record(
                        "U+\(String(value, radix: 16, uppercase: true)): got \(produced), expected \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("cleans, spaces ideographs, strips accents, lowercases and splits punctuation")
    func pipeline() {
        #expect(Self.words("Héllo, WORLD!") == ["hello", ",", "world", "!"])
        #expect(Self.words("我们在Linux上") == ["我", "们", "在", "linux", "上"])
        #expect(Self.words("tab\tand\u{00A0}nbsp\u{200B}zw\u{0000}nul") == ["tab", "and", "nbspzwnul"])
        #expect(Self.words("İstanbul Ǆ ﬁ") == ["istanbul", "ǆ", "ﬁ"])
        #expect(Self.words("e-mail (x)") == ["e", "-", "mail", "(", "x", ")"])
        #expect(Self.words("한") == ["\u{1112}\u{1161}\u{11AB}"])
    }

    @Test("options: a cased model keeps case and accents")
    func casedOptions() {
        let cased = BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: false)
        #expect(Self.words("Héllo WORLD", cased) == ["Héllo", "WORLD"])
        let noChinese = BertNormalizer(cleanText: true, handleChineseChars: false, stripAccents: true, lowercase: true)
        #expect(Self.words("我们", noChinese) == ["我们"])
    }

    @Test("stops as soon as the consumer has enough words")
    func earlyStop() {
        var seen = 0
        BertNormalizer().forEachWord(in: Substring(String(repeating: "word ", count: 10_000)).unicodeScalars) { _ in
            seen += 1
            return seen < 3
        }
        #expect(seen == 3)
    }
}

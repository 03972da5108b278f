import Foundation
import Testing

@testable import RuminateText

@Suite struct EnglishStemmerTests {
    /// Word -> stem pairs: the official Snowball vocabulary/output lists plus rule-targeted words.
    static func fixturePairs() throws -> [(word: String, stem: String)] {
        let path = String(#filePath).split(separator: "/").dropLast().joined(separator: "/")
        let text = try String(contentsOfFile: "/" + path + "/Fixtures/snowball-english.tsv", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t")
            return fields.count == 2 ? (String(fields[0]), String(fields[1])) : nil
        }
    }

    @Test func matchesTheSnowballFixture() throws {
        let pairs = try Self.fixturePairs()
        #expect(pairs.count >= 400)
        let mismatches = pairs.filter { EnglishStemmer.stem($0.word) != $0.stem }
            .map { "\($0.word): expected \($0.stem), got \(EnglishStemmer.stem($0.word))" }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test(arguments: [
        ("running", "run"), ("runs", "run"), ("generously", "generous"), ("connection", "connect"),
        ("connected", "connect"), ("studies", "studi"), ("dying", "die"), ("inning", "inning"),
        ("proceed", "proceed"), ("skies", "sky"), ("communism", "communism"), ("geologist", "geolog"),
    ])
    func stemsKnownWords(word: String, stem: String) {
        #expect(EnglishStemmer.stem(word) == stem)
    }

    @Test func leavesShortWordsAlone() {
        #expect(EnglishStemmer.stem("") == "")
        #expect(EnglishStemmer.stem("a") == "a")
        #expect(EnglishStemmer.stem("is") == "is")
    }

    @Test func leavesAnythingButLowercaseASCIILettersAlone() {
        for word in ["Running", "covid19", "don't", "café", "über", "running!"] {
            #expect(EnglishStemmer.stem(word) == word)
        }
    }

    @Test func restoresYAfterMarkingIt() {
        // Prelude turns a vowel-following or initial `y` into `Y`; the postlude must turn it back.
        #expect(EnglishStemmer.stem("playing") == "play")
        #expect(EnglishStemmer.stem("yelled") == "yell")
        #expect(EnglishStemmer.stem("sayings") == "say")
    }
}

import Foundation
import Testing

@testable import RuminateEmbed

@Suite("VocabularyTable")
struct VocabularyTableTests {
    static func id(_ table: VocabularyTable, _ key: String) -> Int32? {
        Array(key.utf8).withUnsafeBufferPointer { table.id(of: $0) }
    }

    @Test("finds keys by their UTF-8 bytes; a later duplicate wins; longest key counts scalars")
    func lookups() {
        let keys: [Substring] = ["the", "##s", "über", "日本", "the", "a"]
        let table = VocabularyTable(keys.enumerated().map { ($0.element.utf8, Int32($0.offset)) })
        #expect(Self.id(table, "the") == 4)
        #expect(Self.id(table, "über") == 2)
        #expect(Self.id(table, "日本") == 3)
        #expect(Self.id(table, "##s") == 1)
        #expect(Self.id(table, "th") == nil)
        #expect(Self.id(table, "") == nil)
        #expect(Self.id(table, "theme") == nil)
        #expect(table.longestKey == 4)
    }

    @Test("holds a real vocabulary: every line of vocab.txt maps back to its line number")
    func realVocabulary() throws {
        let text = try String(contentsOfFile: EmbedTestSupport.modelDirectory + "/vocab.txt", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let table = VocabularyTable(lines.enumerated().map { ($0.element.utf8, Int32($0.offset)) })
        #expect(lines.count == 30522)
        for (index, line) in lines.enumerated() {
            #expect(Self.id(table, String(line)) == Int32(index))
        }
    }
}

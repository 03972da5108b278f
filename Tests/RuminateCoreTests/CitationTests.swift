import Foundation
import RuminateCore
import Testing

@Suite struct CitationTests {
    func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func aSentenceKeepsItsKeysAndWritesAMissingPageAsNull() throws {
        let sentence = CitedSentence(
            text: "WAL works.", citation: 2, passage: 7, document: "/a.md", documentID: 3, path: "/a.md",
            page: nil, start: 10, end: 20, score: 0.5)
        #expect(
            try json(sentence)
                == #"{"citation":2,"document":"\/a.md","document_id":3,"end":20,"page":null,"passage":7,"path":"\/a.md","score":0.5,"start":10,"text":"WAL works."}"#
        )
        #expect(sentence.citationMark == "[2]")
        var paged = sentence
        paged.page = 12
        #expect(paged.citationMark == "[2, p. 12]")
        #expect(try JSONDecoder().decode(CitedSentence.self, from: Data(try json(paged).utf8)) == paged)
    }

    @Test func anAnswersSourceSaysWhereItWasQuotedAndAReportsReferenceDoesNot() throws {
        let source = CitedSource(
            number: 1, document: "/a.md", documentID: 3, title: "A", path: "/a.md", memberID: nil,
            headingPath: ["H"], page: nil, quoted: [SourceSpan(start: 1, end: 4)])
        #expect(
            try json(source)
                == #"{"document":"\/a.md","document_id":3,"heading_path":["H"],"number":1,"page":null,"path":"\/a.md","quoted":[{"end":4,"start":1}],"title":"A"}"#
        )
        let reference = CitedSource(
            number: 1, document: "/a.md#m", documentID: 3, title: "A", path: "/a.md", memberID: "m", headingPath: [])
        #expect(
            try json(reference)
                == #"{"document":"\/a.md#m","document_id":3,"heading_path":[],"member_id":"m","number":1,"path":"\/a.md","title":"A"}"#
        )
        for value in [source, reference] {
            #expect(try JSONDecoder().decode(CitedSource.self, from: Data(try json(value).utf8)) == value)
        }
    }
}

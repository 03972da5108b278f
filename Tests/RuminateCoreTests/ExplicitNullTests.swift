import Foundation
import RuminateCore
import Testing

@Suite struct ExplicitNullTests {
    struct Located: Codable, Equatable {
        var name: String
        @ExplicitNull var page: Int?
        var note: String?
    }

    func json(_ value: Located) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func absentIsWrittenAsNullWhileOrdinaryOptionalsAreLeftOut() throws {
        #expect(try json(Located(name: "a", page: nil, note: nil)) == #"{"name":"a","page":null}"#)
        #expect(try json(Located(name: "a", page: 3, note: "n")) == #"{"name":"a","note":"n","page":3}"#)
    }

    @Test(arguments: [#"{"name":"a","page":null}"#, #"{"name":"a"}"#, #"{"name":"a","page":7}"#])
    func nullAndMissingReadAsNil(_ text: String) throws {
        let value = try JSONDecoder().decode(Located.self, from: Data(text.utf8))
        #expect(value.page == (text.contains("7") ? 7 : nil))
        #expect(value.name == "a")
    }

    @Test func aWrongTypeIsStillAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Located.self, from: Data(#"{"name":"a","page":"x"}"#.utf8))
        }
    }
}

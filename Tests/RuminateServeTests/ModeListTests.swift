import Foundation
import RuminateCore
import RuminateRetrieve
import Testing

/// The modes and engines the OpenAPI document and the web UI list are the engine's own enums.
@Suite struct ModeListTests {
    static let serveSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/RuminateServe").standardizedFileURL

    /// Every `enum` of a property or a parameter named `name`, anywhere in the document.
    static func enums(named name: String, in value: Any) -> [[String]] {
        var found: [[String]] = []
        if let object = value as? [String: Any] {
            if object["name"] as? String == name, let schema = object["schema"] as? [String: Any],
                let values = schema["enum"] as? [String]
            {
                found.append(values)
            }
            for (key, child) in object {
                if key == name, let schema = child as? [String: Any], let values = schema["enum"] as? [String] {
                    found.append(values)
                }
                found += enums(named: name, in: child)
            }
        } else if let array = value as? [Any] {
            for child in array { found += enums(named: name, in: child) }
        }
        return found
    }

    @Test func openAPIModesAndEnginesAreTheEnums() throws {
        let data = try Data(contentsOf: Self.serveSources.appendingPathComponent("openapi.json"))
        let document = try JSONSerialization.jsonObject(with: data)
        let modes = Self.enums(named: "mode", in: document)
        #expect(modes.count == 3)  // search's query parameter, ask's body, research's query parameter
        for values in modes { #expect(values == SearchMode.allCases.map(\.rawValue)) }
        let engines = Self.enums(named: "engine", in: document)
        #expect(engines == [Engine.allCases.map(\.rawValue)])
    }

    @Test func theWebUIOffersEveryMode() throws {
        let html = try String(contentsOf: Self.serveSources.appendingPathComponent("WebUI/index.html"), encoding: .utf8)
        let select = try #require(
            html.range(of: #"<select id="mode"[^>]*>[\s\S]*?</select>"#, options: .regularExpression))
        let options = html[select].matches(of: /<option value="([^"]*)">/).map { String($0.output.1) }
        #expect(options.first == "")  // automatic
        #expect(Set(options.dropFirst()) == Set(SearchMode.allCases.map(\.rawValue)))
        #expect(options.count == SearchMode.allCases.count + 1)
    }

    /// The schema's enums are the truth: exactly their spellings parse (as the CLI's `--mode` does), others are
    /// refused by name.
    @Test func modesParseAsTheSchemaSpellsThemAndRefuseOthersByName() throws {
        for mode in SearchMode.allCases {
            #expect(try SearchMode(parsing: mode.rawValue) == mode)
            for spelling in [mode.rawValue.uppercased(), mode.rawValue.capitalized, " \(mode.rawValue)"] {
                let error = #expect(throws: RuminateError.self, "\(spelling)") { try SearchMode(parsing: spelling) }
                #expect(error?.message == "mode must be lexical, vector or hybrid (got \"\(spelling)\")")
            }
        }
        let error = #expect(throws: RuminateError.self) { try SearchMode(parsing: "psychic") }
        #expect(error?.message == "mode must be lexical, vector or hybrid (got \"psychic\")")
        #expect(error?.hint == "modes are spelt in lower case, as the API's schema lists them")
    }
}

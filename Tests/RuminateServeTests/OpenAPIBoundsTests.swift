import Foundation
import RuminateService
import Testing

@testable import RuminateServe

/// The request limits `openapi.json` states are the constants the service checks (and the CLI and the MCP
/// tool schemas use), so the document cannot drift from them.
@Suite struct OpenAPIBoundsTests {
    /// Every bounded integer input of the API, by "METHOD path name".
    static let constants: [String: ArgumentBound] = [
        "GET /api/search k": SearchRequest.limitBound,
        "POST /api/ask sentences": AskRequest.sentencesBound,
        "POST /api/ask passages": AskRequest.passagesBound,
        "GET /api/passages/{id} context": KnowledgeService.contextBound,
        "GET /api/research rounds": ResearchRequest.roundsBound,
        "GET /api/research aspects": ResearchRequest.aspectsBound,
    ]
    /// Document offsets: never negative, no upper bound (past the end is clamped to the passage).
    static let offsets = ["GET /api/passages/{id} highlight_start", "GET /api/passages/{id} highlight_end"]

    /// (minimum, maximum) of every integer parameter and request-body field that states a bound.
    static func documentedBounds() throws -> [String: (minimum: Int?, maximum: Int?)] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(PackageResources.openapi_json)) as? [String: Any])
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        func resolved(_ schema: [String: Any]) -> [String: Any] {
            guard let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last else {
                return schema
            }
            return schemas[String(name)] as? [String: Any] ?? [:]
        }
        var found: [String: (minimum: Int?, maximum: Int?)] = [:]
        func record(_ key: String, _ schema: [String: Any]) {
            let minimum = schema["minimum"] as? Int, maximum = schema["maximum"] as? Int
            if minimum != nil || maximum != nil { found[key] = (minimum, maximum) }
        }
        for (path, item) in try #require(document["paths"] as? [String: [String: Any]]) {
            for (method, operation) in item {
                guard let operation = operation as? [String: Any] else { continue }
                let prefix = method.uppercased() + " " + path + " "
                for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                    record(
                        prefix + (parameter["name"] as? String ?? "?"),
                        resolved(parameter["schema"] as? [String: Any] ?? [:]))
                }
                let body =
                    ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                    as? [String: Any]
                let properties =
                    resolved(body?["schema"] as? [String: Any] ?? [:])["properties"] as? [String: [String: Any]] ?? [:]
                for (name, schema) in properties { record(prefix + name, resolved(schema)) }
            }
        }
        return found
    }

    @Test func everyBoundInTheDocumentIsTheConstantTheServiceChecks() throws {
        let documented = try Self.documentedBounds()
        #expect(Set(documented.keys) == Set(Self.constants.keys).union(Self.offsets))
        for (key, bound) in Self.constants {
            #expect(documented[key]?.minimum == bound.range.lowerBound, "\(key)")
            #expect(documented[key]?.maximum == bound.range.upperBound, "\(key)")
            #expect(key.hasSuffix(" " + bound.name), "\(key) is checked as \(bound.name)")
        }
        for key in Self.offsets {
            #expect(documented[key]?.minimum == 0 && documented[key]?.maximum == nil, "\(key)")
        }
    }
}

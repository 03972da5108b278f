import Foundation

/// A parsed JSON value that keeps booleans, numbers and null apart (JSONSerialization blurs them on Linux).
enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(_ key: String) -> JSONValue? { if case .object(let members) = self { members[key] } else { nil } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    var int: Int? { if case .number(let value) = self { Int(exactly: value) } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var object: [String: JSONValue]? { if case .object(let members) = self { members } else { nil } }
}

/// Checks JSON values against the subset of JSON Schema our OpenAPI document uses: `$ref`, `type` (one or
/// several), `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`.
/// Returns the problems found, each with the path of the offending value.
struct SchemaValidator {
    let document: JSONValue

    init(openAPI document: JSONValue) {
        self.document = document
    }

    /// The schema of a named component.
    func component(_ name: String) -> JSONValue? { document["components"]?["schemas"]?[name] }

    func validate(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = component(name) else { return ["\(path): unknown $ref \(reference)"] }
            return validate(value, against: target, at: path)
        }
        var problems: [String] = []
        if let type = schema["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            guard types.contains(where: { Self.matches(value, type: $0) }) else {
                return ["\(path): expected \(types.joined(separator: " or ")), got \(value)"]
            }
        }
        if let allowed = schema["enum"]?.array?.compactMap(\.string), let text = value.string, !allowed.contains(text) {
            problems.append("\(path): \"\(text)\" is not one of \(allowed)")
        }
        if let object = value.object {
            let properties = schema["properties"]?.object ?? [:]
            for key in schema["required"]?.array?.compactMap(\.string) ?? [] where object[key] == nil {
                problems.append("\(path): missing required \"\(key)\"")
            }
            for (key, member) in object {
                if let propertySchema = properties[key] {
                    problems += validate(member, against: propertySchema, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"], additional.object != nil {
                    problems += validate(member, against: additional, at: "\(path).\(key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path): undocumented property \"\(key)\"")
                }
            }
        }
        if let array = value.array, let items = schema["items"] {
            for (i, element) in array.enumerated() {
                problems += validate(element, against: items, at: "\(path)[\(i)]")
            }
        }
        return problems
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool),
            ("number", .number):
            true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }
}

import Foundation
internal import MCP
import RuminateCore
import RuminateRetrieve

/// One tool call's arguments, read strictly: a misspelt name or a wrong type is an `invalidArgument` error
/// the agent sees (as an `isError` result) and can correct, never a silent default.
struct ToolArguments {
    let tool: String
    private let values: [String: Value]

    init(tool: String, values: [String: Value]?, allowed: [String]) throws(RuminateError) {
        self.tool = tool
        self.values = (values ?? [:]).filter { !$0.value.isNull }  // null means "not given"
        if let unknown = self.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RuminateError(
                .invalidArgument, "\(tool) has no argument \"\(unknown)\"",
                hint: "its arguments are: " + allowed.joined(separator: ", "))
        }
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    func string(_ name: String) throws(RuminateError) -> String? {
        switch values[name] {
        case nil: return nil
        case .string(let text)?: return text
        // The SDK turns any string shaped like a data URL ("data: what, and why") into bytes; spell it back.
        case .data(let mimeType, let bytes)?: return "data:\(mimeType ?? ""),\(String(decoding: bytes, as: UTF8.self))"
        case let other?: throw wrongType(name, expected: "a string", got: other)
        }
    }

    func requiredString(_ name: String) throws(RuminateError) -> String {
        guard let text = try string(name) else {
            throw RuminateError(.invalidArgument, "\(tool) needs the argument \"\(name)\"")
        }
        return text
    }

    /// Integers may arrive as JSON integers, as whole doubles (`10.0`) or as digit strings (`"10"`).
    func integer(_ name: String) throws(RuminateError) -> Int? {
        switch values[name] {
        case nil: return nil
        case .int(let number)?: return number
        case .double(let number)? where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .string(let text)? where Int(text.trimmingCharacters(in: .whitespaces)) != nil:
            return Int(text.trimmingCharacters(in: .whitespaces))
        case let other?: throw wrongType(name, expected: "an integer", got: other)
        }
    }

    func integer(_ name: String, default fallback: Int) throws(RuminateError) -> Int {
        try integer(name) ?? fallback
    }

    func boolean(_ name: String) throws(RuminateError) -> Bool? {
        switch values[name] {
        case nil: return nil
        case .bool(let value)?: return value
        case let other?: throw wrongType(name, expected: "true or false", got: other)
        }
    }

    /// `mode`: lexical, vector or hybrid; absent means the CLI's default (hybrid when vectors can be used).
    func mode() throws(RuminateError) -> SearchMode? {
        guard let text = try string("mode") else { return nil }
        return try SearchMode(parsing: text)
    }

    private func wrongType(_ name: String, expected: String, got value: Value) -> RuminateError {
        RuminateError(.invalidArgument, "\(tool): \"\(name)\" must be \(expected) (got \(value))")
    }
}

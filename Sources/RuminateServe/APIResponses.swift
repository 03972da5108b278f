import Foundation
internal import Hummingbird
import RuminateCore
import RuminateService

/// JSON responses and the one mapping from errors to HTTP statuses.
enum APIResponse {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try WireEncoding.data(value, pretty: false)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, code: String, message: String, hint: String? = nil) -> Response {
        let body =
            (try? WireEncoding.data(ErrorJSON(code: code, message: message, hint: hint), pretty: false))
            ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"ruminate\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Any error thrown while answering, as a JSON error with a fitting status.
    static func error(_ error: any Error) -> Response {
        if let error = error as? RuminateError {
            return Self.error(
                status(for: error.code), code: error.code.rawValue, message: error.message, hint: error.hint)
        }
        if let error = error as? any HTTPResponseError {  // Hummingbird's own, e.g. a body over the size limit
            let code =
                error.status == .contentTooLarge ? RuminateError.Code.tooLarge.rawValue : "http\(error.status.code)"
            let message =
                error.status == .contentTooLarge
                ? "the request body is too large" : ((error as? HTTPError)?.body ?? error.status.reasonPhrase)
            return Self.error(error.status, code: code, message: message)
        }
        return Self.error(.internalServerError, code: "internal", message: "the server failed: \(error)")
    }

    static func status(for code: RuminateError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidQuery, .invalidArgument, .malformedInput, .hostileInput, .unsupportedFormat: .badRequest
        case .notFound, .fileUnreadable: .notFound
        case .tooLarge: .contentTooLarge
        case .interrupted, .indexUnavailable: .serviceUnavailable
        case .indexFormat, .storage: .internalServerError
        }
    }
}

/// Query parameters as HTML forms send them (`+` is a space), read from the raw query string.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// The whole number `key` names, nil when absent; below `minimum` (the schema's) it is refused.
    func integer(_ key: String, minimum: Int? = nil) throws(RuminateError) -> Int? {
        guard let text = values[key], !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw RuminateError(.invalidArgument, "\(key) must be a whole number (got \"\(text)\")")
        }
        if let minimum, value < minimum {
            throw RuminateError(.invalidArgument, "\(key) must be \(minimum) or more (got \(value))")
        }
        return value
    }

    /// A switch as the schema declares it: "1" or "0" (false when absent); anything else is refused.
    func flag(_ key: String) throws(RuminateError) -> Bool {
        switch values[key] {
        case nil, "0": return false
        case "1": return true
        case let text?: throw RuminateError(.invalidArgument, "\(key) must be 0 or 1 (got \"\(text)\")")
        }
    }
}

/// A JSON request body read as strictly as `openapi.json` declares it (`additionalProperties: false`): a field
/// the schema does not list is refused, not ignored, and so is a value of the wrong type.
protocol StrictBody: Decodable {
    /// The fields the schema lists.
    static var fields: Set<String> { get }
    /// A minimal valid body, for messages.
    static var example: String { get }
}

extension StrictBody {
    static func decode(_ data: Data) throws(RuminateError) -> Self {
        let body: Self
        do {
            body = try JSONDecoder().decode(Self.self, from: data)
        } catch {
            throw RuminateError(
                .invalidArgument, "the body must be JSON like \(example)",
                hint: "send Content-Type: application/json; the fields are in /api/openapi.json", cause: error)
        }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let unknown = Set(object.keys).subtracting(fields).sorted()
            guard unknown.isEmpty else {
                throw RuminateError(
                    .invalidArgument,
                    "unknown field\(unknown.count == 1 ? "" : "s") in the body: \(unknown.joined(separator: ", "))",
                    hint: "the fields are \(fields.sorted().joined(separator: ", ")) (see /api/openapi.json)")
            }
        }
        return body
    }
}

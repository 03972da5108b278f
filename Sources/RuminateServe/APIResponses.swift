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

    func integer(_ key: String) throws(RuminateError) -> Int? {
        guard let text = values[key], !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw RuminateError(.invalidArgument, "\(key) must be a whole number (got \"\(text)\")")
        }
        return value
    }

    func flag(_ key: String) -> Bool {
        guard let text = values[key]?.lowercased() else { return false }
        return ["", "1", "true", "yes", "on"].contains(text)
    }
}

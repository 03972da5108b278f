/// The one error type every stage throws: a code to branch on, a message that says what happened,
/// a hint that says what to do, and the underlying cause when there is one.
public struct RuminateError: Error, Sendable, CustomStringConvertible, Hashable {
    public enum Code: String, Sendable, Codable {
        case fileUnreadable
        case tooLarge
        case unsupportedFormat
        case malformedInput
        case hostileInput
        case indexUnavailable
        case indexFormat
        case storage
        case invalidQuery
        case invalidArgument
        case notFound
        case interrupted
    }

    public var code: Code
    public var message: String
    public var hint: String?
    /// A description of the underlying error (kept as text so the error stays `Sendable`).
    public var cause: String?

    public init(_ code: Code, _ message: String, hint: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String {
        var out = message
        if let hint { out += " (\(hint))" }
        if let cause { out += " [cause: \(cause)]" }
        return out
    }
}

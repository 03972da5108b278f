import Foundation

/// Answers, before the SDK sees them, the messages it would answer with an invented id or not at all: text that is
/// not JSON (-32700), JSON that is not a JSON-RPC message, a request whose id is neither a string nor an integer,
/// an empty batch (-32600), a message past the size limit, and `initialize` with params of the wrong shape (-32602). JSON-RPC 2.0 answers them with id null, since no id
/// can be read (a message whose only fault is elsewhere keeps its id).
enum MessageScreen {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let invalidParams = -32602

    /// The error response to send instead of handing `data` to the SDK, nil when the SDK can take it.
    static func refusal(of data: Data) -> Data? {
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return response(id: nil, code: parseError, message: "Parse error: the message is not valid JSON")
        }
        if let batch = json as? [Any] {
            guard !batch.isEmpty else {
                return response(id: nil, code: invalidRequest, message: "Invalid Request: an empty batch")
            }
            let members = JSONRPCEnvelope.messages(in: data)
            guard members.count == batch.count, members.allSatisfy({ $0.problem == nil }) else {
                let problem = members.compactMap(\.problem).first ?? "every member must be a JSON-RPC message object"
                return response(id: nil, code: invalidRequest, message: "Invalid Request: in the batch, \(problem)")
            }
            return nil
        }
        guard json is [String: Any], let envelope = JSONRPCEnvelope.messages(in: data).first else {
            return response(
                id: nil, code: invalidRequest, message: "Invalid Request: a JSON-RPC message is a JSON object")
        }
        if let problem = envelope.problem {
            return response(id: envelope.id, code: invalidRequest, message: "Invalid Request: \(problem)")
        }
        if envelope.method == "initialize", let problem = initializeProblem((json as? [String: Any])?["params"]) {
            return response(id: envelope.id, code: invalidParams, message: "Invalid params: \(problem)")
        }
        return nil
    }

    /// What is wrong with `initialize`'s params, if anything: the SDK decodes them in its own handler and answers a
    /// wrong type as an internal error (-32603) rather than invalid params.
    static func initializeProblem(_ params: Any?) -> String? {
        guard let params = params as? [String: Any] else { return "initialize needs a params object" }
        guard params["protocolVersion"] is String else { return "\"protocolVersion\" must be a string" }
        guard params["capabilities"] is [String: Any] else { return "\"capabilities\" must be an object" }
        guard let client = params["clientInfo"] as? [String: Any], client["name"] is String,
            client["version"] is String
        else { return "\"clientInfo\" must be an object with a string \"name\" and \"version\"" }
        return nil
    }

    /// The answer to a message longer than `limit` bytes (skipped up to its newline, its id unread).
    static func oversized(limit: Int) -> Data {
        response(
            id: nil, code: invalidRequest,
            message:
                "Invalid Request: the message is longer than \(limit) bytes, the most this server reads; it was skipped"
        )
    }

    static func response(id: JSONRPCEnvelope.RequestID?, code: Int, message: String) -> Data {
        let idValue: Any
        switch id {
        case .string(let text)?: idValue = text
        case .integer(let number)?: idValue = number
        case nil: idValue = NSNull()
        }
        let object: [String: Any] = [
            "jsonrpc": "2.0", "id": idValue, "error": ["code": code, "message": message] as [String: Any],
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}

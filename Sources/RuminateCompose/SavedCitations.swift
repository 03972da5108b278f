import Foundation
import RuminateCore

/// Reads the quotes out of a saved JSON file (an answer from `ask --json`, later a report): every object,
/// at any depth, with a string `document`, integer `start` and `end`, and a string `text`.
public enum SavedCitations {
    public struct Contents: Sendable {
        /// The `index` member of the top-level object, when present.
        public var indexPath: String?
        public var spans: [CitedSpan]
    }

    public static func read(_ data: Data, name: String) throws -> Contents {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw RuminateError(
                .malformedInput, "\(name) is not valid JSON", hint: "pass a file written by `ruminate ask --json`",
                cause: error)
        }
        var spans: [CitedSpan] = []
        collect(root, label: "", into: &spans)
        let indexPath = (root as? [String: Any])?["index"] as? String
        return Contents(indexPath: indexPath, spans: spans)
    }

    private static func collect(_ value: Any, label: String, into spans: inout [CitedSpan]) {
        if let object = value as? [String: Any] {
            if let document = object["document"] as? String, let text = object["text"] as? String,
                let start = integer(object["start"]), let end = integer(object["end"])
            {
                spans.append(
                    CitedSpan(
                        label: label.isEmpty ? "quote" : label, document: document, start: start, end: end, text: text))
            }
            for key in object.keys.sorted() {
                collect(object[key]!, label: label.isEmpty ? key : label + "." + key, into: &spans)
            }
        } else if let array = value as? [Any] {
            for (i, element) in array.enumerated() { collect(element, label: "\(label)[\(i)]", into: &spans) }
        }
    }

    private static func integer(_ value: Any?) -> Int? {
        value as? Int
    }
}

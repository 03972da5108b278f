import Foundation
internal import MCP
import RuminateCompose
import RuminateCore
import RuminateService

/// A document as `ruminate show --json` prints it, with its text cut to one window so a long document does
/// not flood the agent's context: `text` is document[text_start..<text_end] (Unicode scalars), and
/// `next_offset` says where the next window starts (null at the end). When the text is cut, `passages`
/// lists only the passages overlapping the window and `note` says so.
struct DocumentWindow: Encodable, Sendable {
    static let defaultLength = 20_000
    static let maximumLength = 200_000

    var document: DocumentJSON
    var textStart: Int
    var textEnd: Int
    var textLength: Int
    var note: String?

    init(_ document: DocumentJSON, offset: Int, length: Int) throws(RuminateError) {
        guard offset >= 0 else { throw RuminateError(.invalidArgument, "offset must be 0 or more (got \(offset))") }
        guard (1...Self.maximumLength).contains(length) else {
            throw RuminateError(
                .invalidArgument, "length must be between 1 and \(Self.maximumLength) characters (got \(length))")
        }
        let scalars = ScalarText(document.text)
        let total = scalars.count
        guard offset <= total else {
            throw RuminateError(
                .invalidArgument, "offset \(offset) is past the end of the text (\(total) characters)",
                hint: "use an offset below text_length")
        }
        let start = offset, end = min(total, offset + length)
        var window = document
        var note: String?
        if start > 0 || end < total {
            window.text = scalars.slice(SourceSpan(start: start, end: end))
            window.passages = document.passages.filter { $0.start < end && $0.end > start }
            note =
                "text holds characters \(start)–\(end) of \(total) (Unicode scalars; citation offsets are "
                + "document offsets, so text[i] is offset \(start) + i); passages lists those overlapping this window"
                + (end < total ? "; call open again with offset \(end) for more" : "")
        }
        self.document = window
        self.textStart = start
        self.textEnd = end
        self.textLength = total
        self.note = note
    }

    var nextOffset: Int? { textEnd < textLength ? textEnd : nil }

    private enum Keys: String, CodingKey { case text_start, text_end, text_length, next_offset, truncated, note }

    func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)  // the same keys as `show --json`, then the window's
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(textStart, forKey: .text_start)
        try container.encode(textEnd, forKey: .text_end)
        try container.encode(textLength, forKey: .text_length)
        try container.encode(nextOffset, forKey: .next_offset)
        try container.encode(note != nil, forKey: .truncated)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// JSON bytes as the SDK's `Value`, for structured content. The SDK's own `Value(_:)` would turn any string
/// shaped like a data URL ("data:…,…") into bytes and re-encode it differently; quoted text must stay as is.
enum JSONValue {
    static func decode(_ data: Data) throws -> Value {
        try JSONDecoder().decode(Node.self, from: data).value
    }

    private struct Node: Decodable {
        var value: Value

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let bool = try? container.decode(Bool.self) {
                value = .bool(bool)
            } else if let int = try? container.decode(Int.self) {
                value = .int(int)
            } else if let double = try? container.decode(Double.self) {
                value = .double(double)
            } else if let string = try? container.decode(String.self) {
                value = .string(string)
            } else if let array = try? container.decode([Node].self) {
                value = .array(array.map(\.value))
            } else {
                value = .object(try container.decode([String: Node].self).mapValues(\.value))
            }
        }
    }
}

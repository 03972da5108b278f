/// A half-open range of Unicode scalar offsets into a document's stored (extracted) text.
///
/// Offsets count Unicode scalars (code points), never UTF-16 units or bytes, so anyone can
/// re-check a citation with `text.unicodeScalars[start..<end]` in any language.
public struct SourceSpan: Hashable, Codable, Sendable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "SourceSpan start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func contains(_ other: SourceSpan) -> Bool { start <= other.start && other.end <= end }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// A text addressed by Unicode-scalar offset (the unit of every `SourceSpan`): the one place where offsets
/// become string indices, so every module slices a document the same way.
///
/// Counting from the start on every slice would make chunking a long document, or checking many quotes in
/// it, quadratic. This keeps a `String.Index` for every 64th scalar (1/8 byte of memory per scalar), so any
/// offset is at most 63 steps from a checkpoint and k spans of an n-scalar text cost O(n + k), in any order.
public struct ScalarText: Sendable {
    public let text: String
    /// The number of Unicode scalars in `text`.
    public let count: Int
    @usableFromInline let checkpoints: [String.Index]
    @usableFromInline static let strideShift = 6
    @usableFromInline static let strideMask = (1 << strideShift) - 1

    public init(_ text: String) {
        self.text = text
        let scalars = text.unicodeScalars
        var checkpoints: [String.Index] = []
        checkpoints.reserveCapacity(text.utf8.count >> ScalarText.strideShift + 1)
        var index = scalars.startIndex
        var count = 0
        while index != scalars.endIndex {
            if count & ScalarText.strideMask == 0 { checkpoints.append(index) }
            scalars.formIndex(after: &index)
            count += 1
        }
        self.count = count
        self.checkpoints = checkpoints
    }

    /// The index of the scalar at `offset` (clamped to 0...count).
    @inlinable public func index(at offset: Int) -> String.Index {
        let offset = Swift.min(Swift.max(0, offset), count)
        if offset == count { return text.unicodeScalars.endIndex }
        let checkpoint = checkpoints[offset >> ScalarText.strideShift]
        return text.unicodeScalars.index(checkpoint, offsetBy: offset & ScalarText.strideMask)
    }

    /// Exactly the scalars of `range`, even when it starts or ends inside a grapheme cluster
    /// (a Character-based subscript would round such bounds down).
    @inlinable public func substring(_ range: Range<Int>) -> Substring {
        Substring(text.unicodeScalars[index(at: range.lowerBound)..<index(at: range.upperBound)])
    }

    public func string(_ range: Range<Int>) -> String { String(substring(range)) }

    public func scalar(at offset: Int) -> Unicode.Scalar { text.unicodeScalars[index(at: offset)] }

    /// The text of `span`; a span reaching past the end is clamped to it.
    public func slice(_ span: SourceSpan) -> String {
        let lower = Swift.min(Swift.max(0, span.start), count)
        return string(lower..<Swift.min(Swift.max(lower, span.end), count))
    }
}

extension String {
    /// The characters of `span`, counted in Unicode scalars. Out-of-range spans are clamped. To cut several
    /// spans out of one text, make one `ScalarText` and slice that.
    public func slice(_ span: SourceSpan) -> String {
        ScalarText(self).slice(span)
    }
}

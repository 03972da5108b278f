/// A document's text addressed by Unicode scalar offset without walking from the start each time.
///
/// `String.slice` counts from the beginning on every call, which makes chunking a long document
/// quadratic. This keeps a `String.Index` for every 64th scalar (1/4 byte of memory per scalar),
/// so any offset is at most 63 steps from a checkpoint.
struct ScalarText {
    let text: String
    /// The number of Unicode scalars in `text`.
    let count: Int
    private let checkpoints: [String.Index]
    private static let strideShift = 6
    private static let strideMask = (1 << strideShift) - 1

    init(_ text: String) {
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
    func index(at offset: Int) -> String.Index {
        let offset = Swift.min(Swift.max(0, offset), count)
        if offset == count { return text.unicodeScalars.endIndex }
        let checkpoint = checkpoints[offset >> ScalarText.strideShift]
        return text.unicodeScalars.index(checkpoint, offsetBy: offset & ScalarText.strideMask)
    }

    /// Exactly the scalars of `range`, even when it starts or ends inside a grapheme cluster
    /// (a Character-based subscript would round such bounds down).
    func substring(_ range: Range<Int>) -> Substring {
        Substring(text.unicodeScalars[index(at: range.lowerBound)..<index(at: range.upperBound)])
    }

    func string(_ range: Range<Int>) -> String { String(substring(range)) }

    func scalar(at offset: Int) -> Unicode.Scalar { text.unicodeScalars[index(at: offset)] }

    /// `range` without leading and trailing white space; empty (at its start) when it is all white space.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        let scalars = text.unicodeScalars
        var lower = range.lowerBound
        var index = self.index(at: lower)
        while lower < range.upperBound, scalars[index].properties.isWhitespace {
            scalars.formIndex(after: &index)
            lower += 1
        }
        if lower == range.upperBound { return lower..<lower }
        var upper = range.upperBound
        index = self.index(at: upper)
        while upper > lower {
            let previous = scalars.index(before: index)
            guard scalars[previous].properties.isWhitespace else { break }
            index = previous
            upper -= 1
        }
        return lower..<upper
    }

    /// The runs of non-white-space scalars inside `range`, in order.
    func words(in range: Range<Int>) -> [Range<Int>] {
        let scalars = text.unicodeScalars
        var words: [Range<Int>] = []
        var index = self.index(at: range.lowerBound)
        var offset = range.lowerBound
        var wordStart: Int?
        while offset < range.upperBound {
            let isSpace = scalars[index].properties.isWhitespace
            if isSpace, let start = wordStart {
                words.append(start..<offset)
                wordStart = nil
            } else if !isSpace && wordStart == nil {
                wordStart = offset
            }
            scalars.formIndex(after: &index)
            offset += 1
        }
        if let start = wordStart { words.append(start..<range.upperBound) }
        return words
    }

    /// Whether a cut just before `offset` would split a user-perceived character: the scalar there
    /// extends the previous one (a combining mark, a variation selector, an emoji modifier) or the
    /// previous one is a zero-width joiner.
    func continuesCharacter(at offset: Int) -> Bool {
        guard offset > 0, offset < count else { return false }
        let scalar = scalar(at: offset)
        let properties = scalar.properties
        if properties.isGraphemeExtend || properties.isEmojiModifier || properties.generalCategory == .spacingMark {
            return true
        }
        return scalar.value == 0x200D || self.scalar(at: offset - 1).value == 0x200D
    }
}

import RuminateCore

/// What the chunker asks of a document's text beyond slicing it: trimming, words, and whether a cut would
/// split a user-perceived character.
extension ScalarText {
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

/// Whitespace and trimming helpers shared by the parsers (no Foundation in this module).

extension Unicode.Scalar {
    /// Unicode White_Space, answered without the (slow) general property lookup.
    var isSpace: Bool {
        switch value {
        case 0x20, 0x09...0x0D: true
        case 0..<0x80: false
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension String {
    /// The string without leading and trailing Unicode whitespace.
    var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpace })!
        return Substring(scalars[first...last])
    }
}

extension String {
    /// The string without leading and trailing members of `characters`.
    func trimmed(of characters: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

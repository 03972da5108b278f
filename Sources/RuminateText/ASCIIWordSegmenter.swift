/// Word segmentation of pure-ASCII text by the rules ICU applies to ASCII (Unicode UAX #29 as tailored
/// by ICU's root word rules), several times faster than a break iterator. `ICUSegments` uses it for the
/// whitespace-delimited pieces of a text that are pure ASCII and hands every other piece to ICU, which
/// gives identical results because no word boundary rule reaches across whitespace. Equality with ICU
/// is tested on real text and on random strings of the characters the rules care about.
enum ASCIIWordSegmenter {
    enum Class: UInt8 {
        case letter, digit, extendNumLet, midNumLet, singleQuote, midNum, other
    }

    static let classes: [Class] = (0..<128).map { value -> Class in
        switch UInt8(value) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "_"): .extendNumLet
        case UInt8(ascii: "."): .midNumLet
        case UInt8(ascii: "@"): .letter  // ICU's root rules count `@` as a letter (`user@example.org` is one word)
        case UInt8(ascii: "'"): .singleQuote
        case UInt8(ascii: ","), UInt8(ascii: ";"): .midNum
        default: .other
        }
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Calls `body(start, end, status)` for each word in `utf8[range]` (pure ASCII, no whitespace), with
    /// ICU's rule status: 100 for numbers, 200 for words with letters; punctuation is not reported.
    @inline(__always)
    static func segment(
        _ utf8: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        _ body: (_ start: Int, _ end: Int, _ status: Int32) -> Void
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        @inline(__always) func cls(_ index: Int) -> Class { index < end ? classes[Int(utf8[index])] : .other }
        while i < end {
            let first = cls(i)
            switch first {
            case .letter, .digit, .extendNumLet:
                let start = i
                // ICU's status follows the last letter or digit of the word (100 when it is a digit);
                // a word of underscores only counts as letters.
                var lastAlnum: Class = first == .extendNumLet ? .letter : first
                var trailingUnderscores = first == .extendNumLet ? 1 : 0
                var previous = first
                i += 1
                while i < end {
                    let current = cls(i)
                    switch current {
                    case .letter, .digit:
                        // WB5, WB8, WB9, WB10, WB13b (after ExtendNumLet).
                        lastAlnum = current
                        trailingUnderscores = 0
                        previous = current
                        i += 1
                        continue
                    case .extendNumLet:
                        // WB13a.
                        trailingUnderscores += 1
                        previous = current
                        i += 1
                        continue
                    case .midNumLet, .singleQuote, .midNum:
                        // WB6/7 (letter mid letter) and WB11/12 (digit mid digit).
                        let next = cls(i + 1)
                        if previous == .letter && next == .letter && current != .midNum {
                            lastAlnum = .letter
                            trailingUnderscores = 0
                            i += 2
                            continue
                        }
                        if previous == .digit && next == .digit {
                            lastAlnum = .digit
                            trailingUnderscores = 0
                            i += 2
                            continue
                        }
                    case .other:
                        break
                    }
                    break
                }
                if first == .extendNumLet && i - start == 1 {
                    body(start, i, 0)  // a lone underscore is not a word for ICU
                } else {
                    // Two or more trailing underscores end on ICU's letter rule.
                    body(start, i, lastAlnum == .digit && trailingUnderscores < 2 ? 100 : 200)
                }
            default:
                i += 1
            }
        }
    }
}

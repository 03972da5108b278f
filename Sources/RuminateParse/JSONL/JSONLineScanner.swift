/// A strict, non-recursive JSON reader for one JSONL line that keeps only the top-level string or
/// number members it is asked for and validates (but skips) everything else. Hand-written because it
/// is several times faster than decoding whole objects, and nesting depth cannot overflow the stack.
struct JSONLineScanner {
    enum Value {
        case string(String)
        /// A number, as its literal text.
        case number(String)
        case other
    }

    struct Failure: Error {
        var message: String
        var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Set when a string held invalid UTF-8 that was replaced with U+FFFD.
    private(set) var repairedUTF8 = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the line as one JSON object; returns the values of `wanted` keys that it has.
    mutating func readObject(keeping wanted: Set<String>) throws(Failure) -> [String: Value] {
        var found: [String: Value] = [:]
        skipWhitespace()
        try expect(0x7B, "expected '{' at the start of the line")
        skipWhitespace()
        if peek() == 0x7D {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard peek() == 0x22 else { throw fail("expected a member name in quotes") }
                let key = try readString()
                skipWhitespace()
                try expect(0x3A, "expected ':' after member name")
                skipWhitespace()
                if wanted.contains(key) {
                    switch peek() {
                    case 0x22: found[key] = .string(try readString())
                    case 0x2D, 0x30...0x39:
                        let start = index
                        try skipNumber()
                        found[key] = .number(String(decoding: bytes[start..<index], as: UTF8.self))
                    default:
                        try skipValue()
                        found[key] = .other
                    }
                } else {
                    try skipValue()
                }
                skipWhitespace()
                if peek() == 0x2C { index += 1; continue }
                try expect(0x7D, "expected ',' or '}' after a member")
                break
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the object") }
        return found
    }

    // MARK: - Values

    /// Skips one value of any kind, validating it, with an explicit stack instead of recursion.
    private mutating func skipValue() throws(Failure) {
        var containers: [UInt8] = []
        while true {
            // One value starts here.
            switch peek() {
            case 0x22: _ = try readString(keep: false)
            case 0x2D, 0x30...0x39: try skipNumber()
            case 0x74: try expectLiteral("true")
            case 0x66: try expectLiteral("false")
            case 0x6E: try expectLiteral("null")
            case 0x7B, 0x5B:
                let open = bytes[index]
                index += 1
                skipWhitespace()
                let close: UInt8 = open == 0x7B ? 0x7D : 0x5D
                if peek() == close {
                    index += 1
                } else {
                    containers.append(open)
                    if open == 0x7B { try readMemberName() }
                    continue
                }
            default:
                throw fail("expected a value")
            }
            // After a value: close containers or move to the next element.
            while let open = containers.last {
                skipWhitespace()
                let close: UInt8 = open == 0x7B ? 0x7D : 0x5D
                if peek() == 0x2C {
                    index += 1
                    skipWhitespace()
                    if open == 0x7B { try readMemberName() }
                    break
                }
                guard peek() == close else { throw fail("expected ',' or a closing bracket") }
                index += 1
                containers.removeLast()
            }
            if containers.isEmpty { return }
        }
    }

    private mutating func readMemberName() throws(Failure) {
        skipWhitespace()
        guard peek() == 0x22 else { throw fail("expected a member name in quotes") }
        _ = try readString(keep: false)
        skipWhitespace()
        try expect(0x3A, "expected ':' after member name")
        skipWhitespace()
    }

    private mutating func skipNumber() throws(Failure) {
        if peek() == 0x2D { index += 1 }
        let first = peek()
        guard (0x30...0x39).contains(first) else { throw fail("invalid number") }
        index += 1
        if first != 0x30 { skipDigits() }
        if peek() == 0x2E {
            index += 1
            guard (0x30...0x39).contains(peek()) else { throw fail("invalid number") }
            skipDigits()
        }
        if peek() == 0x65 || peek() == 0x45 {
            index += 1
            if peek() == 0x2B || peek() == 0x2D { index += 1 }
            guard (0x30...0x39).contains(peek()) else { throw fail("invalid number") }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while (0x30...0x39).contains(peek()) { index += 1 }
    }

    /// Reads a string starting at its opening quote; decodes it when `keep` is true.
    private mutating func readString(keep: Bool = true) throws(Failure) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                defer { index += 1 }
                return keep ? makeString(bytes[start..<index]) : ""
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw fail("control character inside a string") }
            index += 1
        }
        guard index < bytes.count else { throw fail("unterminated string") }
        var decoded: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22:
                return keep ? makeString(decoded[...]) : ""
            case 0x5C:
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: decoded.append(escape)
                case 0x62: decoded.append(0x08)
                case 0x66: decoded.append(0x0C)
                case 0x6E: decoded.append(0x0A)
                case 0x72: decoded.append(0x0D)
                case 0x74: decoded.append(0x09)
                case 0x75: appendScalar(try readUnicodeEscape(), to: &decoded)
                default: throw fail("invalid escape")
                }
            case 0x00..<0x20:
                throw fail("control character inside a string")
            default:
                decoded.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    /// Reads the XXXX of a `\uXXXX` escape (and a following low surrogate); lone surrogates become U+FFFD.
    private mutating func readUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let unit = try readHex4()
        if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
            let saved = index
            index += 2
            let low = try readHex4()
            if (0xDC00...0xDFFF).contains(low) {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}"
    }

    private mutating func readHex4() throws(Failure) -> UInt16 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private func appendScalar(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }

    private mutating func makeString<C: Collection<UInt8>>(_ utf8: C) -> String {
        if let valid = String(validating: utf8, as: UTF8.self) { return valid }
        repairedUTF8 = true
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: - Bytes

    /// The current byte, or 0 at the end (a NUL byte is never valid JSON outside strings).
    private func peek() -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(Failure) {
        guard peek() == byte else { throw fail(message) }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("invalid literal") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw fail("invalid literal")
        }
        index += count
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: index) }
}

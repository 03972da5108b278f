/// Content-Transfer-Encoding (RFC 2045 §6): base64 and quoted-printable back to bytes. Both are lenient
/// (stray characters are skipped or kept, never fatal) and never produce more bytes than they read.
enum TransferDecoding {
    /// Decodes a part body per its `Content-Transfer-Encoding` value; nil for an encoding not known
    /// (the body is then used as it is).
    static func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8]? {
        switch encoding {
        case "base64": base64(body)
        case "quoted-printable": quotedPrintable(body, underscoreIsSpace: false)
        case "", "7bit", "8bit", "binary": Array(body)
        default: nil
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        // The URL-safe alphabet, which some mailers use in encoded words.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Base64, skipping line breaks and any character outside the alphabet; stops at the first `=`.
    static func base64(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            if byte == UInt8(ascii: "=") { break }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return output
    }

    /// Quoted-printable: `=XX` becomes a byte, `=` before a line end joins lines (soft break), spaces
    /// and tabs before a line end go (transport padding). A malformed `=` is kept. In encoded words
    /// (`underscoreIsSpace`), `_` means a space.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = input.startIndex
        while index < input.endIndex {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "="):
                if index + 2 < input.endIndex, let high = hexValue(input[index + 1]),
                    let low = hexValue(input[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                // A soft line break: "=" then optional padding, then CRLF or LF (or the end).
                var after = index + 1
                while after < input.endIndex, input[after] == 0x20 || input[after] == 0x09 { after += 1 }
                if after < input.endIndex, input[after] == 0x0D { after += 1 }
                if after == input.endIndex || input[after] == 0x0A {
                    index = min(after + 1, input.endIndex)
                    continue
                }
                output.append(byte)
                index += 1
            case 0x20, 0x09:
                var after = index
                while after < input.endIndex, input[after] == 0x20 || input[after] == 0x09 { after += 1 }
                let atLineEnd =
                    after == input.endIndex || input[after] == 0x0A
                    || (input[after] == 0x0D && (after + 1 == input.endIndex || input[after + 1] == 0x0A))
                if !atLineEnd { output.append(contentsOf: input[index..<after]) }
                index = after
            case UInt8(ascii: "_") where underscoreIsSpace:
                output.append(0x20)
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

internal import CICU

/// Swift face of CICU's charset functions: ICU's statistical detector and its converters.
public enum ICUCharsets {
    public struct Match: Equatable, Sendable {
        public var name: String
        /// 0-100, as ICU reports it.
        public var confidence: Int
    }

    /// ICU's guesses for `bytes`, best first. `stripMarkup` ignores text between '<' and '>'.
    public static func detect(_ bytes: ArraySlice<UInt8>, stripMarkup: Bool, maxMatches: Int = 8) -> [Match] {
        let sample = bytes.prefix(Int(Int32.max))
        var names = [CChar](repeating: 0, count: maxMatches * Int(CICU_CHARSET_NAME_CAPACITY))
        var confidences = [Int32](repeating: 0, count: maxMatches)
        let found = sample.withUnsafeBufferPointer { buffer in
            cicu_detect_charsets(
                buffer.baseAddress, Int32(buffer.count), stripMarkup ? 1 : 0, &names, &confidences, Int32(maxMatches))
        }
        guard found > 0 else { return [] }
        return (0..<Int(found)).map { index in
            let slot = names[(index * Int(CICU_CHARSET_NAME_CAPACITY))...].prefix(while: { $0 != 0 })
            return Match(
                name: String(decoding: slot.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                confidence: Int(confidences[index]))
        }
    }

    /// The MIME or IANA name of the charset `label` names, or nil when ICU has no converter for it.
    public static func standardName(_ label: String) -> String? {
        guard !label.isEmpty, label.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var out = [CChar](repeating: 0, count: Int(CICU_CHARSET_NAME_CAPACITY) * 2)
        let length = cicu_charset_standard_name(label, &out, Int32(out.count))
        guard length > 0 else { return nil }
        return String(decoding: out.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `bytes` in the charset ICU's converter `converter` reads, as text; `replaced` counts the byte sequences
    /// that were ill-formed or unmapped there (each became U+FFFD). Nil when ICU does not know the converter.
    public static func convert(_ bytes: ArraySlice<UInt8>, from converter: String) -> (text: String, replaced: Int)? {
        guard !bytes.isEmpty else { return standardName(converter) == nil ? nil : ("", 0) }
        var replaced: Int64 = 0
        // Three UTF-8 bytes per input byte covers every charset but a few that map one code to several
        // characters; those take a second call with the exact length.
        var capacity = bytes.count * 3 + 16
        var output = [UInt8](repeating: 0, count: capacity)
        var length = convert(bytes, converter, into: &output, replaced: &replaced)
        if length > capacity {
            capacity = Int(length)
            output = [UInt8](repeating: 0, count: capacity)
            length = convert(bytes, converter, into: &output, replaced: &replaced)
        }
        guard length >= 0, length <= capacity else { return nil }
        return (String(decoding: output[..<Int(length)], as: UTF8.self), Int(replaced))
    }

    private static func convert(
        _ bytes: ArraySlice<UInt8>, _ converter: String, into output: inout [UInt8], replaced: inout Int64
    ) -> Int64 {
        guard converter.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return -1 }
        return bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                cicu_convert_to_utf8(
                    converter, input.baseAddress, Int64(input.count), out.baseAddress, Int64(out.count), &replaced)
            }
        }
    }
}

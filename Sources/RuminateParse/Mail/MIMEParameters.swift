/// A `Content-Type` or `Content-Disposition` value: the leading token (lowercased) and its parameters
/// (names lowercased), including RFC 2231 extended and continued parameters (`name*0*=utf-8''%E4...`).
struct MIMEHeaderValue: Equatable {
    var value: String
    var parameters: [String: String]

    /// `type/subtype` split, for a Content-Type.
    var mediaType: (type: Substring, subtype: Substring) {
        guard let slash = value.firstIndex(of: "/") else { return (Substring(value), "") }
        return (value[..<slash], value[value.index(after: slash)...])
    }

    init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    /// Parses a raw field value; encoded words inside parameter values (a common violation) are decoded.
    init(parsing raw: [UInt8]) {
        let text = String(decoding: raw, as: UTF8.self)
        var scanner = Substring(text)
        value = String(String(Self.readUntilSemicolon(&scanner)).trimmingSpaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, encoded: Bool, value: String)]] = [:]
        while !scanner.isEmpty {
            scanner = scanner.drop(while: { $0 == ";" || $0.isWhitespace })
            guard let equals = scanner.firstIndex(where: { $0 == "=" || $0 == ";" }) else { break }
            if scanner[equals] == ";" {
                scanner = scanner[equals...]  // a parameter without a value
                continue
            }
            var name = String(scanner[..<equals]).trimmed(of: [" ", "\t"]).lowercased()
            scanner = scanner[scanner.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            let parameterValue =
                scanner.first == "\""
                ? Self.readQuoted(&scanner) : String(String(Self.readUntilSemicolon(&scanner)).trimmingSpaces)
            guard !name.isEmpty else { continue }
            // RFC 2231: name*=charset'lang'%XX, name*0=..., name*1*=...
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                extended[String(name[..<star]), default: []].append((index, encoded, parameterValue))
            } else if encoded {
                extended[name, default: []].append((0, true, parameterValue))
            } else if plain[name] == nil {
                plain[name] = parameterValue
            }
        }
        for (name, pieces) in extended {
            plain[name] = Self.joinExtended(pieces.sorted { $0.index < $1.index })
        }
        parameters = plain
    }

    /// RFC 2231 pieces joined: the first encoded piece names the charset (`utf-8'en'`), every encoded
    /// piece is percent-decoded, and the bytes are read in that charset.
    private static func joinExtended(_ pieces: [(index: Int, encoded: Bool, value: String)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, piece) in pieces.prefix(100).enumerated() {
            var value = Substring(piece.value)
            if piece.encoded, position == 0 {
                let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3 {
                    charset = parts[0].isEmpty ? nil : String(parts[0])
                    value = parts[2]
                }
            }
            bytes += piece.encoded ? percentDecoded(value) : Array(value.utf8)
        }
        return TextDecoding.decode(bytes, declared: charset).text
    }

    private static func percentDecoded(_ value: Substring) -> [UInt8] {
        var output: [UInt8] = []
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                output.append(byte)
                index += 3
            } else {
                output.append(utf8[index])
                index += 1
            }
        }
        return output
    }

    private static func readUntilSemicolon(_ scanner: inout Substring) -> Substring {
        let end = scanner.firstIndex(of: ";") ?? scanner.endIndex
        defer { scanner = scanner[end...] }
        return scanner[..<end]
    }

    /// A quoted string with backslash escapes; the scanner moves past the closing quote.
    private static func readQuoted(_ scanner: inout Substring) -> String {
        var result = ""
        var index = scanner.index(after: scanner.startIndex)
        while index < scanner.endIndex {
            let character = scanner[index]
            if character == "\"" {
                index = scanner.index(after: index)
                break
            }
            if character == "\\", scanner.index(after: index) < scanner.endIndex {
                index = scanner.index(after: index)
            }
            result.append(scanner[index])
            index = scanner.index(after: index)
        }
        scanner = scanner[index...]
        return result
    }
}

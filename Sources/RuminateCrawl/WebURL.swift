/// An absolute http or https URL in normal form, the identity of a crawled page.
///
/// Normal form: scheme and host lowercased, the scheme's default port dropped, user info dropped, `.` and
/// `..` segments resolved, percent-escapes of unreserved characters decoded and the others uppercased,
/// spaces and non-ASCII characters percent-encoded as UTF-8, `\` read as `/`, an empty path made `/`, an
/// empty query dropped, the query otherwise kept as written, the fragment always dropped. Two links that
/// reach the same page through such differences therefore compare equal.
public struct WebURL: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// "http" or "https".
    public let scheme: String
    /// Lowercased; an IPv6 address keeps its brackets.
    public let host: String
    /// nil when it is the scheme's default (80, 443).
    public let port: Int?
    /// Starts with "/".
    public let path: String
    public let query: String?

    /// Parses an absolute http(s) URL; nil for other schemes, relative references and malformed authorities.
    public init?(_ text: String) {
        let cleaned = Self.strippingFragment(Self.cleaned(text))
        guard let (scheme, rest) = Self.splitScheme(cleaned), scheme == "http" || scheme == "https",
            rest.hasPrefix("//") || rest.hasPrefix("\\\\")
        else { return nil }
        self.init(scheme: scheme, afterScheme: String(rest.dropFirst(2)))
    }

    private init?(scheme: String, afterScheme: String) {
        let end = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "\\" } ?? afterScheme.endIndex
        guard let (host, port) = Self.parseAuthority(afterScheme[..<end], scheme: scheme) else { return nil }
        let (rawPath, query) = Self.splitQuery(String(afterScheme[end...]))
        self.init(scheme: scheme, host: host, port: port, rawPath: rawPath, rawQuery: query)
    }

    private init(scheme: String, host: String, port: Int?, rawPath: String, rawQuery: String?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = Self.removingDotSegments(PercentEncoding.normalised(rawPath.replacingBackslashes, keeping: "/"))
        let query = rawQuery.map { PercentEncoding.normalised($0, keeping: "/?") }
        self.query = query?.isEmpty == true ? nil : query
    }

    /// Resolves a link found in a page at this URL (RFC 3986 §5.2). nil for links to other schemes
    /// (`mailto:`, `javascript:`, `ftp:`) and for malformed ones.
    public func resolving(_ reference: String) -> WebURL? {
        let link = Self.strippingFragment(Self.cleaned(reference))
        if let (scheme, rest) = Self.splitScheme(link) {
            guard scheme == "http" || scheme == "https" else { return nil }
            // "http:page.html" (no "//") is a relative reference in the same scheme, as browsers read it.
            if rest.hasPrefix("//") || rest.hasPrefix("\\\\") {
                return WebURL(scheme: scheme, afterScheme: String(rest.dropFirst(2)))
            }
            guard scheme == self.scheme else { return nil }
            return resolving(String(rest))
        }
        if link.hasPrefix("//") || link.hasPrefix("\\\\") {
            return WebURL(scheme: scheme, afterScheme: String(link.dropFirst(2)))
        }
        let (rawPath, rawQuery) = Self.splitQuery(link)
        if rawPath.isEmpty {
            return WebURL(scheme: scheme, host: host, port: port, rawPath: path, rawQuery: rawQuery ?? query)
        }
        let normalisedPath = rawPath.replacingBackslashes
        let merged =
            normalisedPath.hasPrefix("/")
            ? normalisedPath : String(path[...(path.lastIndex(of: "/") ?? path.startIndex)]) + normalisedPath
        return WebURL(scheme: scheme, host: host, port: port, rawPath: merged, rawQuery: rawQuery)
    }

    public var description: String { string }

    public var string: String {
        var out = origin + path
        if let query { out += "?" + query }
        return out
    }

    /// scheme://host[:port], the unit of robots.txt and of the request rate limit.
    public var origin: String {
        scheme + "://" + host + (port.map { ":\($0)" } ?? "")
    }

    public var effectivePort: Int { port ?? Self.defaultPort(scheme) }

    /// What robots.txt rules are matched against.
    public var pathAndQuery: String { query.map { path + "?" + $0 } ?? path }

    /// The URL up to and including the last "/" of its path, without the query: the folder it lies in.
    public var folder: String { origin + String(path[...(path.lastIndex(of: "/") ?? path.startIndex)]) }

    /// The page's last path segment, or the host for a folder URL.
    public var lastSegment: String {
        let segment = path.split(separator: "/").last.map(String.init) ?? ""
        return path.hasSuffix("/") || segment.isEmpty ? host : segment
    }

    /// Same host, and either the same port or each scheme's default (so http→https on one host stays on site).
    public func isSameSite(as other: WebURL) -> Bool {
        host == other.host && (effectivePort == other.effectivePort || (port == nil && other.port == nil))
    }

    public static func < (a: WebURL, b: WebURL) -> Bool { a.string < b.string }

    // MARK: Parsing pieces

    static func defaultPort(_ scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// Leading and trailing spaces and control characters removed, tabs and newlines inside removed (as in HTML).
    static func cleaned(_ text: String) -> String {
        let trimmed = text.unicodeScalars.drop { $0.value <= 0x20 }.reversed().drop { $0.value <= 0x20 }.reversed()
        return String(String.UnicodeScalarView(trimmed.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
    }

    static func strippingFragment(_ text: String) -> String {
        text.firstIndex(of: "#").map { String(text[..<$0]) } ?? text
    }

    /// ("http", "//host/path") for "HTTP://host/path"; nil when the text does not start with a scheme.
    static func splitScheme(_ text: String) -> (String, Substring)? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        let name = text[..<colon]
        guard let first = name.unicodeScalars.first, first.isASCIILetter,
            name.unicodeScalars.allSatisfy({
                $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
            })
        else { return nil }
        return (name.lowercased(), text[text.index(after: colon)...])
    }

    static func splitQuery(_ text: String) -> (path: String, query: String?) {
        guard let mark = text.firstIndex(of: "?") else { return (text, nil) }
        return (String(text[..<mark]), String(text[text.index(after: mark)...]))
    }

    /// Host (lowercased, IPv6 in brackets) and port (nil when default) of "user@host:port".
    static func parseAuthority(_ authority: Substring, scheme: String) -> (String, Int?)? {
        let hostPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        var host = hostPort
        var portText: Substring = ""
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            host = hostPort[...close]
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            portText = after.dropFirst()
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        }
        let loweredHost = host.lowercased()
        guard !loweredHost.isEmpty,
            loweredHost.unicodeScalars.allSatisfy({ $0.value > 0x20 && !"<>\"{}|^`%/\\ ".unicodeScalars.contains($0) })
        else { return nil }
        var port: Int?
        if !portText.isEmpty {
            guard portText.count <= 5, portText.allSatisfy(\.isASCIIDigit), let number = Int(portText), number <= 65535
            else { return nil }
            port = number == defaultPort(scheme) ? nil : number
        }
        return (loweredHost.hasSuffix(".") ? String(loweredHost.dropLast()) : loweredHost, port)
    }

    /// RFC 3986 §5.2.4 over a path that starts with "/" (one is added when it does not).
    static func removingDotSegments(_ path: String) -> String {
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(
            path.hasPrefix("/") ? 1 : 0)
        var endsInFolder = false
        for segment in segments {
            endsInFolder = false
            switch segment {
            case ".": endsInFolder = true
            case "..":
                if !output.isEmpty { output.removeLast() }
                endsInFolder = true
            default: output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/") + (endsInFolder && !output.isEmpty ? "/" : "")
    }
}

/// Percent-encoding normalisation for paths and queries (RFC 3986 §6.2.2).
enum PercentEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Unreserved escapes decoded, other escapes uppercased, a stray "%" escaped, and every byte that may not
    /// appear raw (space, controls, `"<>\^`{|}`, non-ASCII) escaped; `keeping` lists extra delimiters left raw.
    static func normalised(_ text: String, keeping: String) -> String {
        let bytes = Array(text.utf8)
        let kept = Set(keeping.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                if i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                    let decoded = high << 4 | low
                    if isUnreserved(decoded) {
                        out.append(decoded)
                    } else {
                        out += [UInt8(ascii: "%"), hexDigits[Int(high)], hexDigits[Int(low)]]
                    }
                    i += 3
                    continue
                }
                out += Array("%25".utf8)
            } else if isUnreserved(byte) || isSubDelimiter(byte) || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "@") || kept.contains(byte)
            {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    static func isSubDelimiter(_ byte: UInt8) -> Bool {
        "!$&'()*+,;=".utf8.contains(byte)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    fileprivate var replacingBackslashes: String { String(map { $0 == "\\" ? "/" : $0 }) }
}

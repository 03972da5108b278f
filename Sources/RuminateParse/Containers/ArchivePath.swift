/// Entry names inside a zip container, and how references between its parts resolve to them.
///
/// A reference (an OPF `href`, a container's `full-path`) is a relative URL: its fragment and query are
/// dropped, `%XX` escapes decoded, and `.`/`..` segments applied against the referring part's folder.
/// A reference that is absolute (`/etc/passwd`), carries a scheme (`file:`, `http:`) or climbs above the
/// archive's root (`../../etc/passwd`) resolves to nothing: it can only ever name an entry of the archive.
enum ArchivePath {
    /// The folder of an entry name, with its trailing slash ("" at the root): `OEBPS/content.opf` → `OEBPS/`.
    static func folder(of name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return "" }
        return String(name[...slash])
    }

    /// The entry name `reference` points to from a part in `baseFolder`, or nil when it points outside.
    static func resolve(_ reference: String, from baseFolder: String) -> String? {
        var path = Substring(reference.trimmingSpaces)
        if let end = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = path[..<end] }
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("\\") else { return nil }
        // A scheme ("file:", "http:") or a drive letter ("C:") before any slash: not a relative reference.
        if let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") { return nil }
        var segments = baseFolder.split(separator: "/").map(String.init)
        for segment in percentDecoded(path).split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(String(segment))
            }
        }
        guard !segments.isEmpty else { return nil }
        return segments.joined(separator: "/")
    }

    /// `%20` → " "; a malformed escape stays as written; invalid UTF-8 becomes U+FFFD.
    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The URLs a sitemap lists (sitemaps.org): the `<loc>` of each `<url>` in a `<urlset>`, the `<loc>` of
/// each `<sitemap>` in a `<sitemapindex>`, or, for a plain-text sitemap, one URL per line.
///
/// A scanner, not an XML parser: it never resolves entities or fetches anything, and reads `<loc>` with
/// or without a namespace prefix, in CDATA or with character references.
public enum SitemapReader {
    public struct Listing: Sendable, Hashable {
        /// True for a sitemap index, whose locations are further sitemaps.
        public var isIndex: Bool
        public var locations: [String]
    }

    /// Sitemap extensions whose `<loc>` names media, not pages.
    static let mediaPrefixes: Set<String> = ["image:", "video:"]

    public static func read(_ bytes: [UInt8], limit: Int = 50_000) -> Listing {
        let text = String(decoding: bytes, as: UTF8.self)
        let body = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard body.hasPrefix("<") else {
            let lines = body.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }
            return Listing(
                isIndex: false, locations: lines.filter { $0.hasPrefix("http") }.prefix(limit).map(String.init))
        }
        var locations: [String] = []
        var rest = body[...]
        while locations.count < limit, let open = rest.firstRange(of: "loc>") {
            // "<loc>" or "<prefix:loc>", not "</loc>", "<xloc>" nor an image or video sitemap's "<image:loc>".
            let before = rest[..<open.lowerBound]
            let tagStart = before.lastIndex(of: "<")
            let tagName = tagStart.map { before[before.index(after: $0)...] } ?? ""
            rest = rest[open.upperBound...]
            guard tagStart != nil,
                tagName.isEmpty
                    || (tagName.hasSuffix(":") && !tagName.hasPrefix("/")
                        && !Self.mediaPrefixes.contains(String(tagName)))
            else { continue }
            guard let close = rest.firstRange(of: "</") else { break }
            var value = rest[..<close.lowerBound].trimmingSpaces
            if value.hasPrefix("<![CDATA["), value.hasSuffix("]]>") {
                value = value.dropFirst(9).dropLast(3).trimmingSpaces
            }
            let location = CharacterReferences.decode(String(value)).trimmingCharactersInSpaces
            if !location.isEmpty { locations.append(location) }
            rest = rest[close.upperBound...]
        }
        let isIndex = body.prefix(4096).firstRange(of: "sitemapindex") != nil
        return Listing(isIndex: isIndex, locations: locations)
    }
}

extension String {
    fileprivate var trimmingCharactersInSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

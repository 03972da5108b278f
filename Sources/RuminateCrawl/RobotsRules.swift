/// What a site's robots.txt lets one crawler do (RFC 9309, plus the common `Crawl-delay` and `Sitemap`).
///
/// The groups naming the crawler's product token (case-insensitively, `ruminate` matches `Ruminate/1.0`) are
/// used, merged when there are several; only when none names it are the `*` groups used; with neither,
/// everything is allowed. A path is allowed unless its longest matching rule is a `Disallow`; on a tie
/// `Allow` wins. Patterns match from the start of the path and query, with `*` for any run of characters and
/// a final `$` anchoring the end. `/robots.txt` itself is always allowed.
public struct RobotsRules: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var allow: Bool
        public var pattern: String
    }

    public private(set) var rules: [Rule]
    /// Seconds to wait between requests, from the chosen group (the last value given).
    public private(set) var crawlDelay: Double?
    /// `Sitemap:` lines, which belong to no group.
    public private(set) var sitemaps: [String]

    public static let allowAll = RobotsRules(rules: [], crawlDelay: nil, sitemaps: [])
    /// What an unreachable robots.txt (server error, network failure) means: assume nothing may be fetched.
    public static let disallowAll = RobotsRules(
        rules: [Rule(allow: false, pattern: "/")], crawlDelay: nil, sitemaps: [])

    init(rules: [Rule], crawlDelay: Double?, sitemaps: [String]) {
        self.rules = rules
        self.crawlDelay = crawlDelay
        self.sitemaps = sitemaps
    }

    /// Parses robots.txt text for the crawler whose product token is `userAgent` (e.g. "ruminate").
    public init(parsing text: String, userAgent: String) {
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
            var crawlDelay: Double?
        }
        var groups: [Group] = []
        var sitemaps: [String] = []
        var current: Group?
        var lastWasAgent = false
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for rawLine in body.split(whereSeparator: \.isNewline) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces.lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces)
            switch key {
            case "user-agent":
                if !lastWasAgent {
                    if let finished = current { groups.append(finished) }
                    current = Group()
                }
                current?.agents.append(Self.productToken(value))
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow allows everything: it adds no rule. Rules before any User-agent are ignored.
                guard !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: key == "allow", pattern: Self.normalisedPattern(value)))
            case "crawl-delay":
                lastWasAgent = false
                if let seconds = Double(value), seconds.isFinite, seconds >= 0 { current?.crawlDelay = seconds }
            case "sitemap":
                if !value.isEmpty { sitemaps.append(value) }
            default:
                lastWasAgent = false
            }
        }
        if let finished = current { groups.append(finished) }

        let token = userAgent.lowercased()
        var chosen = groups.filter { $0.agents.contains(token) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        self.init(rules: chosen.flatMap(\.rules), crawlDelay: chosen.compactMap(\.crawlDelay).last, sitemaps: sitemaps)
    }

    /// Whether a URL's path and query (`WebURL.pathAndQuery`, already normalised) may be fetched.
    public func allows(_ pathAndQuery: String) -> Bool {
        if pathAndQuery == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(rule.pattern, pathAndQuery) {
            let length = rule.pattern.utf8.count
            if let current = best, current.length > length || (current.length == length && current.allow) { continue }
            best = (length, rule.allow)
        }
        return best?.allow ?? true
    }

    /// "Ruminate/1.0 (+https://…)" → "ruminate": the product token a group names.
    static func productToken(_ value: String) -> String {
        String(value.prefix { $0 != "/" && $0 != " " && $0 != "\t" }).lowercased()
    }

    /// A pattern in the same percent-encoded form as the URLs it is matched against (`*` and `$` kept).
    static func normalisedPattern(_ pattern: String) -> String {
        let anchored = pattern.hasSuffix("$")
        let body = anchored ? String(pattern.dropLast()) : pattern
        var normalised = PercentEncoding.normalised(body, keeping: "/?")
        if !normalised.hasPrefix("/"), !normalised.hasPrefix("*") { normalised = "/" + normalised }
        return anchored ? normalised + "$" : normalised
    }

    /// Glob matching from the start of `path`: `*` any run of bytes, a final `$` the end of the path.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var body = Substring(pattern)
        let anchored = body.hasSuffix("$")
        if anchored { body = body.dropLast() }
        let pieces = body.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let bytes = Array(path.utf8)
        // The first piece is a prefix; the middle ones are found leftmost (greedy enough for `*`-only globs);
        // when anchored, the last one must end the path.
        guard bytes.starts(with: pieces[0]) else { return false }
        if pieces.count == 1 { return !anchored || bytes.count == pieces[0].count }
        var position = pieces[0].count
        for piece in pieces.dropFirst().dropLast() {
            guard let found = firstIndex(of: piece, in: bytes, from: position) else { return false }
            position = found + piece.count
        }
        let last = pieces[pieces.count - 1]
        if anchored { return bytes.count - position >= last.count && bytes.suffix(last.count).elementsEqual(last) }
        return firstIndex(of: last, in: bytes, from: position) != nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var trimmed = self
        while let first = trimmed.first, first == " " || first == "\t" { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed
    }
}

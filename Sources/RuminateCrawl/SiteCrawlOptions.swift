import RuminateCore
import RuminateWalk

/// How to crawl web sites (`ruminate index https://…`). Nothing is fetched unless a start URL is named.
public struct SiteCrawlOptions: Sendable, Hashable {
    /// Absolute http(s) URLs; each is crawled on its own, with its own mirror and deletion scope.
    public var startURLs: [String]
    /// Besides the start URL's host (any path, http or https): more hosts ("docs.example.com") or URL
    /// prefixes ("https://cdn.example.com/manual/") whose pages may be fetched.
    public var allow: [String]
    /// Links are followed at most this many steps from the start URL (sitemap entries count as one step).
    public var maxDepth: Int
    /// Page requests per start URL (robots.txt and sitemaps not counted).
    public var maxPages: Int
    /// Seconds between two requests to one host; a larger robots.txt `Crawl-delay` wins, up to `maxCrawlDelay`.
    public var requestInterval: Double
    public var maxCrawlDelay: Double
    /// Seconds one request may take in all (connecting, waiting, reading).
    public var timeout: Double
    /// A page whose body is larger is refused (its download stops there, nothing of it is kept).
    public var maxPageBytes: Int
    public var maxRedirects: Int
    /// The product token matched against robots.txt `User-agent` lines and sent in the User-Agent header.
    public var userAgentToken: String
    /// Content types that are fetched, each with the file extension the mirror gives the page (which picks
    /// the parser); any other type is skipped with a note. The ingest stage keeps only those it can parse.
    public var acceptedTypes: [String: String]

    /// Types the parsers know; the ingest stage filters them by the formats it actually has.
    public static let knownTypes: [String: String] = [
        "text/html": "html", "application/xhtml+xml": "xhtml", "text/plain": "txt", "text/markdown": "md",
        "text/x-markdown": "md", "application/xml": "xml", "text/xml": "xml", "application/pdf": "pdf",
        "application/epub+zip": "epub", "application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx", "message/rfc822": "eml",
    ]

    public init(
        startURLs: [String] = [], allow: [String] = [], maxDepth: Int = 10, maxPages: Int = 10_000,
        requestInterval: Double = 0.2, maxCrawlDelay: Double = 60, timeout: Double = 30, maxPageBytes: Int = 16 << 20,
        maxRedirects: Int = 5, userAgentToken: String = "ruminate",
        acceptedTypes: [String: String] = SiteCrawlOptions.knownTypes
    ) {
        self.startURLs = startURLs
        self.allow = allow
        self.maxDepth = maxDepth
        self.maxPages = maxPages
        self.requestInterval = requestInterval
        self.maxCrawlDelay = maxCrawlDelay
        self.timeout = timeout
        self.maxPageBytes = maxPageBytes
        self.maxRedirects = maxRedirects
        self.userAgentToken = userAgentToken
        self.acceptedTypes = acceptedTypes
    }

    /// Whether a command-line argument names a web site rather than a file or folder.
    public static func isWebAddress(_ argument: String) -> Bool {
        let lowered = argument.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}

/// Which stored sources a site crawl may delete: the pages under its start URL's folder and the pages its
/// previous crawl kept, except pages another site's mirror holds (a page two crawls share stays until neither
/// reaches it). Like a folder root, it never reaches beyond what this crawl is about.
public struct SiteScope: Sendable, Hashable {
    public var prefix: String
    public var previousPages: Set<String>
    public var otherSitesPages: Set<String>

    public init(prefix: String, previousPages: Set<String>, otherSitesPages: Set<String>) {
        self.prefix = prefix
        self.previousPages = previousPages
        self.otherSitesPages = otherSitesPages
    }

    public func contains(_ path: String) -> Bool {
        (path.hasPrefix(prefix) || previousPages.contains(path)) && !otherSitesPages.contains(path)
    }
}

/// What one site crawl did, for the run's report.
public struct SiteCrawlSummary: Sendable, Codable, Hashable {
    public var start: String
    /// Pages answered with a body (200).
    public var fetched = 0
    /// Pages answered 304: the mirrored copy was still current.
    public var notModified = 0
    public var redirects = 0
    /// URLs robots.txt kept the crawler from.
    public var disallowed = 0
    /// Pages that could not be used (not found, refused, too large, another type, a network error).
    public var failed = 0
    /// Pages offered for indexing.
    public var pages = 0
    /// False when the page limit cut the crawl short or the start page could not be fetched: pages not reached
    /// then are kept from the previous crawl instead of being deleted.
    public var complete = true

    public init(start: String) { self.start = start }

    /// No page answered with a body or as still current: the server was unreachable, the start page missing or
    /// refused, robots.txt forbade it.
    public var reachedNothing: Bool { fetched == 0 && notModified == 0 }

    enum CodingKeys: String, CodingKey {
        case start, fetched, notModified = "not_modified", redirects, disallowed, failed, pages, complete
    }
}

/// What a site crawl gives the indexing run.
public struct SiteCrawlResult: Sendable {
    /// Mirrored pages: `path` is the page URL (canonical, after redirects), `contentPath` the mirrored copy.
    public var files: [DiscoveredFile]
    /// Pages that could not be used, each at its URL.
    public var problems: [CrawlProblem]
    /// What is worth telling but failed nothing (a redirect off the site, the page limit reached).
    public var notes: [CrawlProblem]
    /// nil when the start URL is not a web address: such a crawl may delete nothing.
    public var scope: SiteScope?
    public var summary: SiteCrawlSummary

    public init(
        files: [DiscoveredFile], problems: [CrawlProblem], notes: [CrawlProblem], scope: SiteScope?,
        summary: SiteCrawlSummary
    ) {
        self.files = files
        self.problems = problems
        self.notes = notes
        self.scope = scope
        self.summary = summary
    }
}

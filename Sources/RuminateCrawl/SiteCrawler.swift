import Foundation
import RuminateCore
import RuminateWalk

/// Crawls one web site into its mirror next to the index and lists the mirrored pages as files to index.
///
/// Breadth-first from the start URL (and the sitemap's pages), one request at a time, at most one per
/// `requestInterval` per host (or robots.txt's `Crawl-delay`), only on allowed hosts, only where robots.txt
/// allows, within the depth and page limits. Redirects are followed hop by hop, each hop checked; a page is
/// known by its final URL, or its `<link rel=canonical>` on the same host. A page fetched before is asked for
/// with `If-None-Match`/`If-Modified-Since`; a 304 keeps its copy. Never throws: every page that cannot be
/// used becomes a `CrawlProblem` and the crawl goes on.
public struct SiteCrawler: Sendable {
    public let startURL: String
    public let options: SiteCrawlOptions
    /// The folder holding the mirrors of every site crawled into one index (`<index>.site`).
    public let mirrorRoot: String

    public init(startURL: String, options: SiteCrawlOptions, mirrorRoot: String) {
        self.startURL = startURL
        self.options = options
        self.mirrorRoot = mirrorRoot
    }

    public func crawl() -> SiteCrawlResult {
        guard let start = WebURL(startURL) else {
            let error = RuminateError(
                .invalidArgument, "\(startURL) is not an http or https URL",
                hint: "name a page such as https://wiki.example.com/docs/")
            return SiteCrawlResult(
                files: [], problems: [CrawlProblem(path: startURL, error: error)], notes: [], scope: nil,
                summary: SiteCrawlSummary(start: startURL))
        }
        let mirror = SiteMirror(root: mirrorRoot, start: start)
        do { try mirror.prepare() } catch {
            return SiteCrawlResult(
                files: [], problems: [CrawlProblem(path: start.string, error: error)], notes: [], scope: nil,
                summary: SiteCrawlSummary(start: start.string))
        }
        var crawl = SiteCrawl(start: start, options: options, mirror: mirror)
        return crawl.run()
    }
}

/// The mutable state of one site crawl.
struct SiteCrawl {
    struct Item {
        var url: WebURL
        var depth: Int
        var from: String?
    }

    let start: WebURL
    let options: SiteCrawlOptions
    let mirror: SiteMirror
    let fetcher: PageFetcher
    let allowedPrefixes: [WebURL]
    let allowedHosts: [(host: String, port: Int?)]

    var summary: SiteCrawlSummary
    var problems: [CrawlProblem] = []
    var notes: [CrawlProblem] = []
    /// Requests for pages so far (each redirect hop is one; robots.txt and sitemaps are not counted).
    var pageRequests = 0
    var previous: [String: SiteMirror.Entry] = [:]
    /// Previous entries by the URL that answered, for conditional requests.
    var previousByFetched: [String: SiteMirror.Entry] = [:]
    var kept: [String: SiteMirror.Entry] = [:]
    var visited: Set<WebURL> = []
    var frontier: [Item] = []
    var next = 0
    var robots: [String: (rules: RobotsRules, reachable: Bool)] = [:]
    var lastRequest: [String: ContinuousClock.Instant] = [:]
    /// URLs whose fetch failed for a reason that may pass: their previous copy is kept.
    var transient: Set<String> = []
    /// URLs this crawl reached a verdict on (kept, gone, refused, disallowed, redirected): the others, when the
    /// crawl is cut short, keep their previous copy.
    var settled: Set<String> = []

    init(start: WebURL, options: SiteCrawlOptions, mirror: SiteMirror) {
        self.start = start
        self.options = options
        self.mirror = mirror
        self.summary = SiteCrawlSummary(start: start.string)
        self.fetcher = PageFetcher(
            userAgent: options.userAgentToken + "/0.1 (offline knowledge engine; +robots.txt respected)",
            timeout: options.timeout)
        var prefixes: [WebURL] = []
        var hosts: [(String, Int?)] = []
        for entry in options.allow {
            if SiteCrawlOptions.isWebAddress(entry) {
                if let prefix = WebURL(entry) { prefixes.append(prefix) }
            } else if let (host, port) = WebURL.parseAuthority(Substring(entry.lowercased()), scheme: "http") {
                hosts.append((host, port))
            }
        }
        allowedPrefixes = prefixes
        allowedHosts = hosts
    }

    mutating func run() -> SiteCrawlResult {
        let manifest = mirror.loadManifest()
        for entry in manifest?.pages ?? [] where mirror.exists(entry.file) {
            previous[entry.url] = entry
            previousByFetched[entry.fetched] = entry
        }
        mirror.removeFiles(notIn: Set(previous.values.map(\.file)))  // downloads left by a killed run

        visited.insert(start)
        frontier.append(Item(url: start, depth: 0, from: nil))
        if options.maxDepth >= 1 { readSitemaps() }
        while next < frontier.count {
            if pageRequests >= options.maxPages {
                summary.complete = false
                note(
                    start.string,
                    "stopped at the page limit of \(options.maxPages); pages not reached keep their previous copy",
                    hint: "raise --max-pages")
                break
            }
            let item = frontier[next]
            next += 1
            visit(item)
        }
        if transient.contains(start.string) { summary.complete = false }

        // Pages whose fetch failed for a passing reason, and pages not reached when the crawl was cut short,
        // keep their previous copy: an unreachable server or a page limit must not empty the index.
        for entry in previous.values where kept[entry.url] == nil {
            let retry = transient.contains(entry.fetched) || transient.contains(entry.url)
            let unreached = !summary.complete && !settled.contains(entry.fetched) && !settled.contains(entry.url)
            if retry || unreached { kept[entry.url] = entry }
        }
        let pages = kept.values.sorted { $0.url < $1.url }
        do {
            try mirror.save(SiteMirror.Manifest(start: start.string, complete: summary.complete, pages: pages))
            mirror.removeFiles(notIn: Set(pages.map(\.file)))
        } catch {
            problems.append(CrawlProblem(path: start.string, error: error))
        }
        summary.pages = pages.count
        let files = pages.compactMap(discoveredFile)
        let scope = SiteScope(
            prefix: start.folder, previousPages: Set(previous.keys), otherSitesPages: mirror.otherSitesPages())
        return SiteCrawlResult(files: files, problems: problems, notes: notes, scope: scope, summary: summary)
    }

    // MARK: Pages

    /// Fetches one page, following redirects hop by hop, and keeps it (and queues its links) when usable.
    mutating func visit(_ item: Item) {
        var url = item.url
        var hops = 0
        while true {
            let rules = robotsRules(for: url)
            guard rules.reachable else {
                transient.insert(url.string)
                return
            }
            guard rules.rules.allows(url.pathAndQuery) else {
                summary.disallowed += 1
                settled.formUnion([item.url.string, url.string])
                return
            }
            let validators = previousByFetched[url.string].map {
                Validators(etag: $0.etag, lastModified: $0.lastModified)
            }
            let download = mirror.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: download) }
            let accepted = options.acceptedTypes
            let path = url.path
            waitTurn(url)
            pageRequests += 1
            let outcome = fetcher.fetch(url, validators: validators, limit: options.maxPageBytes, destination: download)
            { status, type in
                status == 200 && Self.fileExtension(for: type, path: path, accepted: accepted) != nil
            }
            let response: FetchResponse
            switch outcome {
            case .failure(let error):
                summary.failed += 1
                transient.insert(url.string)
                report(url, error, from: item.from)
                return
            case .success(let answer):
                response = answer
            }
            switch response.status {
            case 301, 302, 303, 307, 308:
                summary.redirects += 1
                hops += 1
                settled.insert(url.string)
                guard let location = response.location, let target = url.resolving(location) else {
                    fail(url, .malformedInput, "redirects without a usable Location", from: item.from)
                    return
                }
                guard hops <= options.maxRedirects else {
                    fail(url, .malformedInput, "redirects more than \(options.maxRedirects) times", from: item.from)
                    return
                }
                guard isAllowed(target) else {
                    note(
                        item.url.string, "redirects to \(target), outside the allowed hosts; not followed",
                        hint: "add --allow \(target.host) to follow it")
                    return
                }
                // A target already queued or fetched is crawled (or was) on its own.
                guard visited.insert(target).inserted else { return }
                url = target
            case 304:
                guard let entry = validators.flatMap({ _ in previousByFetched[url.string] }) else {
                    fail(url, .malformedInput, "answered 304 Not Modified to an unconditional request", from: item.from)
                    return
                }
                summary.notModified += 1
                keep(entry, fetched: url, item: item)
                return
            case 200:
                keepDownload(download, response: response, url: url, item: item)
                return
            case 404, 410:
                fail(
                    url, .notFound, "\(response.status) \(response.status == 404 ? "Not Found" : "Gone")",
                    from: item.from)
                return
            case 408, 425, 429, 500...599:
                summary.failed += 1
                transient.insert(url.string)
                report(
                    url,
                    RuminateError(
                        .fileUnreadable, "the server answered \(response.status); the previous copy, if any, is kept",
                        hint: "try again later"), from: item.from)
                return
            default:
                fail(url, .fileUnreadable, "the server answered \(response.status)", from: item.from)
                return
            }
        }
    }

    /// A 200 answer: refused when too large or of another type, else moved into the mirror and kept.
    private mutating func keepDownload(_ download: String, response: FetchResponse, url: WebURL, item: Item) {
        if response.tooLarge {
            fail(
                url, .tooLarge,
                "larger than the \(Self.megabytes(options.maxPageBytes)) page limit; its download was stopped and nothing of it is kept",
                hint: "raise --max-page-mb", from: item.from)
            return
        }
        guard
            let fileExtension = Self.fileExtension(
                for: response.contentType, path: url.path, accepted: options.acceptedTypes)
        else {
            fail(
                url, .unsupportedFormat, "content type \(response.contentType ?? "(none)") is not one Ruminate indexes",
                from: item.from)
            return
        }
        do {
            let previousCopy = previousByFetched[url.string]?.file
            let file = try mirror.commit(
                download: download, url: url.string, previous: previousCopy, fileExtension: fileExtension)
            summary.fetched += 1
            let entry = SiteMirror.Entry(
                url: url.string, fetched: url.string, file: file, contentType: response.contentType,
                charset: response.charset, etag: response.etag,
                lastModified: response.lastModified, bytes: response.bodyBytes, fetchedAt: Date().timeIntervalSince1970)
            keep(entry, fetched: url, item: item)
        } catch {
            summary.failed += 1
            transient.insert(url.string)
            report(url, error, from: item.from)
        }
    }

    /// Records the page under its identity (canonical or final URL) unless it asks not to be indexed or that
    /// identity is already kept, and queues its links.
    private mutating func keep(_ entry: SiteMirror.Entry, fetched: WebURL, item: Item) {
        var entry = entry
        var identity = fetched
        var links = HTMLLinks()
        // The copy's extension says what it holds (it was chosen from the content type).
        if entry.file.hasSuffix(".html") || entry.file.hasSuffix(".xhtml"),
            let bytes = FileManager.default.contents(atPath: mirror.path(of: entry.file))
        {
            links = HTMLLinks.extract(from: [UInt8](bytes))
        }
        let base = links.base.flatMap(fetched.resolving) ?? fetched
        if let canonical = links.canonical.flatMap(base.resolving), canonical.host == fetched.host,
            canonical.port == fetched.port,
            isAllowed(canonical)
        {
            identity = canonical
            visited.insert(canonical)  // its content is this page's: no need to fetch it
        }
        entry.url = identity.string
        entry.fetched = fetched.string
        settled.formUnion([fetched.string, identity.string])
        if !links.noIndex, kept[entry.url] == nil { kept[entry.url] = entry }
        guard !links.noFollow, item.depth < options.maxDepth else { return }
        for link in links.links {
            guard let target = base.resolving(link), isAllowed(target), visited.insert(target).inserted else {
                continue
            }
            frontier.append(Item(url: target, depth: item.depth + 1, from: identity.string))
        }
    }

    /// The mirror's copy as a file to index, known by the page URL.
    private func discoveredFile(_ entry: SiteMirror.Entry) -> DiscoveredFile? {
        DiscoveredFile(
            path: entry.url, root: start.string, relativePath: entry.url, contentPath: mirror.path(of: entry.file),
            declaredCharset: entry.charset)
    }

    // MARK: Scope, robots, pacing

    func isAllowed(_ url: WebURL) -> Bool {
        url.isSameSite(as: start)
            || allowedHosts.contains { $0.host == url.host && ($0.port == nil || $0.port == url.port) }
            || allowedPrefixes.contains { url.string.hasPrefix($0.string) }
    }

    /// Sleeps until this host may be asked again.
    mutating func waitTurn(_ url: WebURL) {
        let delay = robots[url.origin]?.rules.crawlDelay.map { min($0, options.maxCrawlDelay) } ?? 0
        let interval = max(options.requestInterval, delay)
        if let last = lastRequest[url.origin] {
            let elapsed = ContinuousClock.now - last
            let wait = Duration.milliseconds(Int64(interval * 1000)) - elapsed
            if wait > .zero {
                let (seconds, attoseconds) = wait.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            }
        }
        lastRequest[url.origin] = ContinuousClock.now
    }

    mutating func report(_ url: WebURL, _ error: RuminateError, from: String?) {
        var error = error
        if let from { error.message += " (linked from \(from))" }
        problems.append(CrawlProblem(path: url.string, error: error))
    }

    /// A page that cannot be used and will not be until it changes: its previous copy, if any, goes.
    mutating func fail(_ url: WebURL, _ code: RuminateError.Code, _ message: String, hint: String? = nil, from: String?)
    {
        settled.insert(url.string)
        summary.failed += 1
        report(url, RuminateError(code, message, hint: hint), from: from)
    }

    /// Something worth telling that is not a failure (it goes to the run's warnings).
    mutating func note(_ path: String, _ message: String, hint: String? = nil) {
        notes.append(CrawlProblem(path: path, error: RuminateError(.invalidArgument, message, hint: hint)))
    }

    /// The mirror file extension for a media type (or, for a missing or generic type, the URL's extension).
    static func fileExtension(for type: String?, path: String, accepted: [String: String]) -> String? {
        if let type, let known = accepted[type] { return known }
        guard type == nil || type == "application/octet-stream" || type == "binary/octet-stream" else { return nil }
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let suffix = name[name.index(after: dot)...].lowercased()
        return Set(accepted.values).contains(suffix) ? suffix : nil
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}

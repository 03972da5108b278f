import Foundation
import RuminateCore
import RuminateWalk

/// robots.txt (once per host) and sitemaps (seeds for the crawl).
extension SiteCrawl {
    /// RFC 9309 asks crawlers to read at least 500 KiB of robots.txt.
    static let maxRobotsBytes = 512 << 10
    /// Sitemap documents read per crawl (a sitemap index and the sitemaps it names).
    static let maxSitemaps = 16

    /// The rules for the URL's host, fetched on first use; `reachable` is false when robots.txt could not be
    /// read for a passing reason (server error, network): nothing is fetched from that host then.
    mutating func robotsRules(for url: WebURL) -> (rules: RobotsRules, reachable: Bool) {
        if let known = robots[url.origin] { return known }
        let found = fetchRobots(of: url)
        robots[url.origin] = found
        return found
    }

    private mutating func fetchRobots(of url: WebURL) -> (rules: RobotsRules, reachable: Bool) {
        guard var target = WebURL(url.origin + "/robots.txt") else { return (.allowAll, true) }
        for _ in 0...options.maxRedirects {
            let download = mirror.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: download) }
            waitTurn(target)
            let outcome = fetcher.fetch(target, validators: nil, limit: Self.maxRobotsBytes, destination: download) {
                status, _ in status == 200
            }
            guard case .success(let response) = outcome else {
                if case .failure(let error) = outcome { unreachableRobots(url, reason: error.message) }
                return (.disallowAll, false)
            }
            switch response.status {
            case 200:
                // Past the size limit, what was read is used (its rules are the first ones).
                let bytes = FileManager.default.contents(atPath: download) ?? Data()
                return (
                    RobotsRules(parsing: String(decoding: bytes, as: UTF8.self), userAgent: options.userAgentToken),
                    true
                )
            case 301, 302, 303, 307, 308:
                guard let next = response.location.flatMap(target.resolving) else { return (.allowAll, true) }
                target = next
            case 400..<500:
                return (.allowAll, true)  // "unavailable": no rules apply (RFC 9309 §2.3.1.3)
            default:
                unreachableRobots(url, reason: "the server answered \(response.status)")
                return (.disallowAll, false)
            }
        }
        return (.allowAll, true)  // too many redirects: treated as unavailable
    }

    private mutating func unreachableRobots(_ url: WebURL, reason: String) {
        let error = RuminateError(
            .fileUnreadable,
            "could not be read (\(reason)); nothing was fetched from \(url.origin), its pages keep their previous copy",
            hint: "try again later")
        problems.append(CrawlProblem(path: url.origin + "/robots.txt", error: error))
    }

    /// Queues the pages of the sitemaps robots.txt lists and of `/sitemap.xml`, one step from the start.
    mutating func readSitemaps() {
        let robots = robotsRules(for: start)
        guard robots.reachable else { return }
        var queue: [(url: WebURL, listed: Bool)] = robots.rules.sitemaps.compactMap { start.resolving($0) }.filter(
            isAllowed
        ).map { ($0, true) }
        if let conventional = WebURL(start.origin + "/sitemap.xml"), !queue.contains(where: { $0.url == conventional }),
            robots.rules.allows(conventional.pathAndQuery)
        {
            queue.append((conventional, false))
        }
        var seen = Set(queue.map(\.url))
        var read = 0
        while !queue.isEmpty, read < Self.maxSitemaps {
            let (url, listed) = queue.removeFirst()
            read += 1
            let download = mirror.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: download) }
            waitTurn(url)
            let outcome = fetcher.fetch(url, validators: nil, limit: options.maxPageBytes, destination: download) {
                status, _ in status == 200
            }
            guard case .success(let response) = outcome, response.status == 200, response.bodyWritten,
                !response.tooLarge,
                let data = FileManager.default.contents(atPath: download)
            else {
                if listed { note(url.string, "the sitemap could not be read, skipped") }
                continue
            }
            if data.starts(with: [0x1F, 0x8B]) {
                note(url.string, "compressed sitemaps are not read, skipped")
                continue
            }
            let listing = SitemapReader.read([UInt8](data), limit: options.maxPages)
            for location in listing.locations {
                guard let target = url.resolving(location), isAllowed(target) else { continue }
                if listing.isIndex {
                    if seen.insert(target).inserted { queue.append((target, true)) }
                } else if visited.insert(target).inserted {
                    frontier.append(Item(url: target, depth: 1, from: url.string))
                }
            }
        }
    }
}

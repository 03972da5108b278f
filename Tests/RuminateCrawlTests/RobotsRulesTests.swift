import Testing

@testable import RuminateCrawl

@Suite struct RobotsRulesTests {
    static let text = """
        # Everyone else keeps out.
        User-agent: *
        Disallow: /
        Crawl-delay: 10

        User-agent: SomeBot
        User-agent: Ruminate/1.0
        Disallow: /private/
        Allow: /private/open.html
        Disallow: /*.pdf$
        Disallow: /tmp   # a trailing comment
        Crawl-delay: 0.5

        Sitemap: https://wiki.example.com/sitemap.xml
        """

    @Test func theGroupNamingTheCrawlerWinsOverTheStarGroup() {
        let rules = RobotsRules(parsing: Self.text, userAgent: "ruminate")
        #expect(rules.allows("/docs/intro.html"))
        #expect(!rules.allows("/private/secret.html"))
        #expect(rules.crawlDelay == 0.5)
        #expect(rules.sitemaps == ["https://wiki.example.com/sitemap.xml"])
    }

    @Test func otherCrawlersGetTheStarGroup() {
        let rules = RobotsRules(parsing: Self.text, userAgent: "otherbot")
        #expect(!rules.allows("/docs/intro.html"))
        #expect(rules.crawlDelay == 10)
        #expect(rules.allows("/robots.txt"))  // always
    }

    @Test func longestMatchWinsAndAllowWinsTies() {
        let rules = RobotsRules(parsing: Self.text, userAgent: "ruminate")
        #expect(rules.allows("/private/open.html"))  // Allow is longer than Disallow /private/
        #expect(rules.allows("/private/open.html.bak"))  // still the longer Allow (patterns match prefixes)
        let tie = RobotsRules(parsing: "User-agent: *\nDisallow: /page\nAllow: /page\n", userAgent: "ruminate")
        #expect(tie.allows("/page"))
    }

    @Test func wildcardsAndEndAnchors() {
        let rules = RobotsRules(parsing: Self.text, userAgent: "ruminate")
        #expect(!rules.allows("/docs/manual.pdf"))
        #expect(rules.allows("/docs/manual.pdf?download=1"))  // `$` anchors the end
        #expect(!rules.allows("/tmp"))
        #expect(!rules.allows("/tmpfiles/x"))  // a plain pattern is a prefix
        #expect(RobotsRules.matches("/*/edit", "/wiki/Page/edit"))
        #expect(RobotsRules.matches("/a*b*c", "/axxbyyc"))
        #expect(!RobotsRules.matches("/a*b*c$", "/axxbyycd"))
        #expect(RobotsRules.matches("*.php", "/index.php?x=1"))
        #expect(RobotsRules.matches("/exact$", "/exact"))
        #expect(!RobotsRules.matches("/exact$", "/exact/"))
        #expect(RobotsRules.matches("/*$", "/anything"))
    }

    @Test func emptyDisallowAllowsEverythingAndNoMatchingGroupAllowsEverything() {
        #expect(RobotsRules(parsing: "User-agent: *\nDisallow:\n", userAgent: "ruminate").allows("/x"))
        #expect(RobotsRules(parsing: "User-agent: googlebot\nDisallow: /\n", userAgent: "ruminate").allows("/x"))
        #expect(RobotsRules(parsing: "", userAgent: "ruminate").allows("/x"))
        #expect(!RobotsRules.disallowAll.allows("/x"))
        #expect(RobotsRules.allowAll.allows("/x"))
    }

    @Test func groupsForTheCrawlerAreMergedAndRulesBeforeAnyAgentIgnored() {
        let text =
            "Disallow: /orphan\nUser-agent: ruminate\nDisallow: /a/\n\nUser-agent: *\nDisallow: /b/\n\nUser-agent: RUMINATE\nDisallow: /c/\n"
        let rules = RobotsRules(parsing: text, userAgent: "ruminate")
        #expect(!rules.allows("/a/1"))
        #expect(rules.allows("/b/1"))
        #expect(!rules.allows("/c/1"))
        #expect(rules.allows("/orphan"))
    }

    @Test func windowsLineEndsByteOrderMarkAndPercentEncoding() {
        let text = "\u{FEFF}User-agent: ruminate\r\nDisallow: /caf\u{E9}/\r\nDisallow: /a%3cb\r\n"
        let rules = RobotsRules(parsing: text, userAgent: "ruminate")
        // Patterns are compared in the URLs' normal form.
        #expect(!rules.allows(WebURL("http://h/caf\u{E9}/menu")!.pathAndQuery))
        #expect(!rules.allows(WebURL("http://h/a%3Cb")!.pathAndQuery))
        #expect(rules.allows("/cafe/"))
    }
}

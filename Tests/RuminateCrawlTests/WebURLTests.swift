import Testing

@testable import RuminateCrawl

@Suite struct WebURLTests {
    @Test(arguments: [
        ("HTTP://Wiki.Example.COM/Docs/", "http://wiki.example.com/Docs/"),
        ("http://wiki.example.com:80/a", "http://wiki.example.com/a"),
        ("https://wiki.example.com:443/a", "https://wiki.example.com/a"),
        ("https://wiki.example.com:8443/a", "https://wiki.example.com:8443/a"),
        ("http://wiki.example.com", "http://wiki.example.com/"),
        ("http://wiki.example.com/a/./b/../c", "http://wiki.example.com/a/c"),
        ("http://wiki.example.com/a/b/..", "http://wiki.example.com/a/"),
        ("http://wiki.example.com/../../a", "http://wiki.example.com/a"),
        ("http://wiki.example.com/a%2e%2E/b", "http://wiki.example.com/a../b"),
        ("http://wiki.example.com/%7Euser/%41", "http://wiki.example.com/~user/A"),
        ("http://wiki.example.com/a%2fb%c3%a9", "http://wiki.example.com/a%2Fb%C3%A9"),
        ("http://wiki.example.com/caf\u{E9} page", "http://wiki.example.com/caf%C3%A9%20page"),
        ("http://wiki.example.com/100%", "http://wiki.example.com/100%25"),
        ("http://wiki.example.com/a?b=1&c=%7e#frag", "http://wiki.example.com/a?b=1&c=~"),
        ("http://wiki.example.com/a?", "http://wiki.example.com/a"),
        ("http://user:secret@wiki.example.com/a", "http://wiki.example.com/a"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("  http://wiki.example.com/a\n", "http://wiki.example.com/a"),
        ("http://wiki.example.com.:80/a", "http://wiki.example.com/a"),
        ("http:\\\\wiki.example.com\\a\\b", "http://wiki.example.com/a/b"),
    ])
    func normalises(_ input: String, _ expected: String) throws {
        let url = try #require(WebURL(input), "\(input) did not parse")
        #expect(url.string == expected)
        // Normal form is a fixed point.
        #expect(WebURL(url.string)?.string == expected)
    }

    @Test(arguments: [
        "ftp://example.com/", "mailto:someone@example.com", "javascript:alert(1)", "/relative/path", "example.com",
        "http://", "http:///path", "http://host:99999/", "http://host:8x/", "http://ho st/",
    ])
    func refusesWhatIsNotAnAbsoluteWebAddress(_ input: String) {
        #expect(WebURL(input) == nil)
    }

    @Test(arguments: [
        // RFC 3986 §5.4.1's normal examples (those without ';' parameters), base http://a/b/c/d;p?q.
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
        ("//g", "http://g/"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q"),
        ("g#s", "http://a/b/c/g"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"),
        ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"),
        ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"),
        ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"), ("https://other/x", "https://other/x"), ("http:g", "http://a/b/c/g"),
    ])
    func resolvesReferencesAsRFC3986(_ reference: String, _ expected: String) throws {
        let base = try #require(WebURL("http://a/b/c/d;p?q"))
        #expect(base.resolving(reference)?.string == expected)
    }

    @Test func linksToOtherSchemesAreNotFollowed() throws {
        let base = try #require(WebURL("https://wiki.example.com/docs/"))
        for link in ["mailto:a@b.c", "javascript:void(0)", "ftp://x/y", "data:text/html,hi", "tel:123"] {
            #expect(base.resolving(link) == nil, "\(link)")
        }
    }

    @Test func fragmentsNeverMakeADifferentPage() throws {
        let base = try #require(WebURL("http://wiki.example.com/docs/page.html"))
        #expect(base.resolving("#section") == base)
        #expect(base.resolving("page.html#top") == base)
        #expect(base.resolving("other.html#x") == WebURL("http://wiki.example.com/docs/other.html"))
    }

    @Test func sameSiteMeansSameHostAndPortOrBothDefault() throws {
        let start = try #require(WebURL("http://wiki.example.com/docs/"))
        #expect(start.isSameSite(as: try #require(WebURL("https://wiki.example.com/other"))))
        #expect(start.isSameSite(as: try #require(WebURL("http://wiki.example.com:80/x"))))
        #expect(!start.isSameSite(as: try #require(WebURL("http://wiki.example.com:8080/x"))))
        #expect(!start.isSameSite(as: try #require(WebURL("http://docs.example.com/"))))
        let local = try #require(WebURL("http://127.0.0.1:8080/"))
        #expect(!local.isSameSite(as: try #require(WebURL("http://localhost:8080/"))))
        #expect(!local.isSameSite(as: try #require(WebURL("http://127.0.0.1:8081/"))))
    }

    @Test func partsUsedByTheCrawler() throws {
        let url = try #require(WebURL("https://Wiki.example.com:8443/docs/intro.html?lang=en"))
        #expect(url.origin == "https://wiki.example.com:8443")
        #expect(url.pathAndQuery == "/docs/intro.html?lang=en")
        #expect(url.folder == "https://wiki.example.com:8443/docs/")
        #expect(url.lastSegment == "intro.html")
        #expect(try #require(WebURL("http://wiki.example.com/docs/")).lastSegment == "wiki.example.com")
    }
}

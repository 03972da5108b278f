import Testing

@testable import RuminateCrawl

@Suite struct SitemapReaderTests {
    @Test func readsTheLocationsOfAURLSet() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
              <url><loc>https://wiki.example.com/</loc><lastmod>2026-01-01</lastmod></url>
              <url>
                <loc>
                  https://wiki.example.com/page?a=1&amp;b=2
                </loc>
                <image:image><image:loc>https://wiki.example.com/picture.png</image:loc></image:image>
              </url>
              <url><loc><![CDATA[https://wiki.example.com/cdata.html]]></loc></url>
              <url><sm:loc>https://wiki.example.com/prefixed.html</sm:loc></url>
            </urlset>
            """
        let listing = SitemapReader.read(Array(xml.utf8))
        #expect(!listing.isIndex)
        #expect(
            listing.locations == [
                "https://wiki.example.com/", "https://wiki.example.com/page?a=1&b=2",
                "https://wiki.example.com/cdata.html",
                "https://wiki.example.com/prefixed.html",
            ])
    }

    @Test func readsASitemapIndex() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://wiki.example.com/sitemap-1.xml</loc></sitemap>
              <sitemap><loc>https://wiki.example.com/sitemap-2.xml</loc></sitemap>
            </sitemapindex>
            """
        let listing = SitemapReader.read(Array(xml.utf8))
        #expect(listing.isIndex)
        #expect(
            listing.locations == ["https://wiki.example.com/sitemap-1.xml", "https://wiki.example.com/sitemap-2.xml"])
    }

    @Test func readsAPlainTextSitemap() {
        let text = "\u{FEFF}https://wiki.example.com/a\r\n\nhttps://wiki.example.com/b  \nnot a url\n"
        #expect(
            SitemapReader.read(Array(text.utf8)).locations == [
                "https://wiki.example.com/a", "https://wiki.example.com/b",
            ])
    }

    @Test func theLimitBoundsWhatIsKeptAndGarbageGivesNothing() {
        let many = "<urlset>" + (0..<100).map { "<url><loc>https://h/\($0)</loc></url>" }.joined() + "</urlset>"
        #expect(SitemapReader.read(Array(many.utf8), limit: 10).locations.count == 10)
        #expect(SitemapReader.read(Array("<html><body>no sitemap</body></html>".utf8)).locations.isEmpty)
        #expect(SitemapReader.read(Array("<urlset><url><loc>https://h/unclosed".utf8)).locations.isEmpty)
        #expect(SitemapReader.read([]).locations.isEmpty)
    }
}

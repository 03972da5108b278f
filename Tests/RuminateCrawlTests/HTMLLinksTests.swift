import Testing

@testable import RuminateCrawl

@Suite struct HTMLLinksTests {
    static func links(_ html: String) -> HTMLLinks { HTMLLinks.extract(from: Array(html.utf8)) }

    @Test func anchorsAndAreasAreLinksImagesScriptsAndStylesheetsAreNot() {
        let found = Self.links(
            """
            <html><head><link rel="stylesheet" href="style.css"><script src="app.js"></script></head>
            <body><a href="one.html">One</a> <A HREF='two.html'>Two</A> <a href=three.html>Three</a>
            <img src="picture.png"><iframe src="frame.html"></iframe>
            <map><area shape="rect" href="four.html"></map><a name="anchor-without-href">x</a>
            <a href="five.html" rel="nofollow">not followed</a></body></html>
            """)
        #expect(found.links == ["one.html", "two.html", "three.html", "four.html"])
    }

    @Test func markupInsideCommentsScriptsAndRawTextIsNotALink() {
        let found = Self.links(
            """
            <!-- <a href="commented.html">x</a> -->
            <script>document.write('<a href="scripted.html">x</a>'); if (a < b) {}</script>
            <style>a[href="styled.html"] { color: red }</style>
            <textarea><a href="typed.html"></a></textarea>
            <title>A <a href="titled.html"> title</title>
            <a href="real.html">real</a>
            <SCRIPT type="text/javascript">var s = "</scr" + "ipt>"; <a href="late.html"></SCRIPT>
            <a href="after.html">after</a>
            """)
        #expect(found.links == ["real.html", "after.html"])
    }

    @Test func characterReferencesInAttributesAreDecoded() {
        let found = Self.links(#"<a href="page?a=1&amp;b=2&#38;c=&#x33;">x</a><a href="q?x=1&y=2&copy">y</a>"#)
        #expect(found.links == ["page?a=1&b=2&c=3", "q?x=1&y=2&copy"])
    }

    @Test func baseCanonicalAndRobotsMeta() {
        let found = Self.links(
            """
            <head><base href="/docs/"><base href="/ignored/">
            <link rel="alternate canonical" href="https://wiki.example.com/docs/page">
            <meta name="ROBOTS" content="NoIndex, nofollow"></head><body><a href="x">x</a></body>
            """)
        #expect(found.base == "/docs/")
        #expect(found.canonical == "https://wiki.example.com/docs/page")
        #expect(found.noIndex)
        #expect(found.noFollow)
        #expect(found.links == ["x"])
        let plain = Self.links(#"<meta name="description" content="noindex"><meta name="ruminate" content="none">"#)
        #expect(plain.noIndex && plain.noFollow)
        #expect(!Self.links("<p>nothing</p>").noIndex)
    }

    @Test func brokenMarkupEndsWithoutCrashing() {
        for html in [
            "<a href=\"unterminated", "<a", "<", "<!--", "<script>never closed <a href=x>", "<a href=>", "< a href=x>",
        ] {
            _ = Self.links(html)
        }
        #expect(Self.links("<a href=\"x.html\"<b>").links == ["x.html"])
    }

    @Test func linksResolveAgainstTheirPage() throws {
        let page = try #require(WebURL("http://wiki.example.com/docs/guide/intro.html"))
        let found = Self.links(
            ##"<a href="../api/">API</a><a href="#top">top</a><a href="/">home</a><a href="mailto:x@y">m</a>"##)
        let resolved = found.links.compactMap { page.resolving($0)?.string }
        #expect(
            resolved == [
                "http://wiki.example.com/docs/api/", "http://wiki.example.com/docs/guide/intro.html",
                "http://wiki.example.com/",
            ])
    }
}

import Foundation
import RuminateTestSupport
import Testing

@testable import RuminateCrawl

@Suite struct SiteMirrorTests {
    @Test func aDownloadWithTheSameBytesKeepsThePreviousCopyAndANewOneGetsANewName() throws {
        let tree = try TemporaryTree()
        let mirror = SiteMirror(
            root: tree.path("i.sqlite.site"), start: try #require(WebURL("http://wiki.example.com/docs/")))
        try mirror.prepare()
        func download(_ text: String) throws -> String {
            let path = mirror.temporaryPath()
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        let url = "http://wiki.example.com/docs/a.html"
        let first = try mirror.commit(
            download: try download("<p>one</p>"), url: url, previous: nil, fileExtension: "html")
        #expect(first.hasSuffix(".html"))
        let same = try mirror.commit(
            download: try download("<p>one</p>"), url: url, previous: first, fileExtension: "html")
        #expect(same == first)
        let changed = try mirror.commit(
            download: try download("<p>two</p>"), url: url, previous: first, fileExtension: "html")
        #expect(changed != first)
        #expect(try String(contentsOfFile: mirror.path(of: first), encoding: .utf8) == "<p>one</p>")  // never rewritten
        // Only what the manifest names survives, leftover downloads included.
        _ = try download("<p>interrupted</p>")
        mirror.removeFiles(notIn: [changed])
        #expect(try FileManager.default.contentsOfDirectory(atPath: mirror.pagesFolder) == [changed])
    }

    @Test func manifestsRoundTripAndOtherSitesPagesAreSeen() throws {
        let tree = try TemporaryTree()
        let root = tree.path("i.sqlite.site")
        let docs = SiteMirror(root: root, start: try #require(WebURL("http://wiki.example.com/docs/")))
        let blog = SiteMirror(root: root, start: try #require(WebURL("http://wiki.example.com:8080/blog/")))
        #expect(docs.folder != blog.folder)
        try docs.prepare()
        try blog.prepare()
        #expect(docs.loadManifest() == nil)
        let entry = SiteMirror.Entry(
            url: "http://wiki.example.com/about", fetched: "http://wiki.example.com/about", file: "x.html",
            contentType: "text/html",
            etag: "\"1\"", lastModified: nil, bytes: 3, fetchedAt: 0)
        try blog.save(SiteMirror.Manifest(start: "http://wiki.example.com:8080/blog/", complete: true, pages: [entry]))
        #expect(blog.loadManifest()?.pages == [entry])
        #expect(docs.otherSitesPages() == ["http://wiki.example.com/about"])
        #expect(blog.otherSitesPages().isEmpty)
    }

    @Test func aSiteDeletesOnlyWhatItCovers() {
        let scope = SiteScope(
            prefix: "http://wiki.example.com/docs/", previousPages: ["http://wiki.example.com/about"],
            otherSitesPages: ["http://wiki.example.com/docs/shared.html"])
        #expect(scope.contains("http://wiki.example.com/docs/intro.html"))
        #expect(scope.contains("http://wiki.example.com/about"))  // reached from the start URL last time
        #expect(!scope.contains("http://wiki.example.com/docs/shared.html"))  // another site's mirror still holds it
        #expect(!scope.contains("http://wiki.example.com/blog/post.html"))
        #expect(!scope.contains("/home/me/notes/a.md"))
    }
}

import Foundation
import Testing

/// `ruminate index http://…` against a real HTTP server on 127.0.0.1 (`FixtureSite`), checked through the
/// server's request log, the run's JSON report and `search --json`.
@Suite(.serialized) struct SiteCrawlTests {
    /// No proxy may stand between the crawler and the fixture server.
    static let direct = [
        "no_proxy": "*", "NO_PROXY": "*", "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "all_proxy": "",
        "ALL_PROXY": "",
    ]
    /// Quick pacing for tests; the default is 200 ms.
    static let pace = ["--request-interval-ms", "10", "--max-page-mb", "1", "--no-vectors"]

    static func workFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-crawl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func index(_ arguments: [String], in folder: URL) throws -> [String: Any] {
        let outcome = try RuminateProcess.run(
            ["index"] + arguments + ["--json"] + pace, in: folder, environment: direct)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try RuminateProcess.json(outcome)
    }

    /// The paths `search --json` finds for a query.
    static func paths(_ query: String, index: String, in folder: URL) throws -> Set<String> {
        let outcome = try RuminateProcess.run(
            ["search", query, "--index", index, "--json", "-k", "50", "--no-vectors"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let hits = try #require(try RuminateProcess.json(outcome)["hits"] as? [[String: Any]])
        for hit in hits { #expect(hit["document"] as? String == hit["path"] as? String) }
        return Set(hits.compactMap { $0["path"] as? String })
    }

    static func problems(_ report: [String: Any]) -> [String: String] {
        let list = report["problems"] as? [[String: Any]] ?? []
        return Dictionary(
            list.map { ($0["path"] as? String ?? "", $0["code"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    @Test func crawlsTheSiteThenRecrawlsIncrementally() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        try site.writeStandardPages()
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("site.sqlite").path
        let base = site.base

        // First crawl: every reachable, allowed page of a type Ruminate reads, known by its URL.
        let first = try Self.index([base + "/", "--index", index], in: work)
        #expect(first["added"] as? Int == 7)
        #expect(first["duplicates"] as? Int == 1)  // /index.html is the same page as /
        #expect(
            Self.problems(first) == [
                base + "/missing.html": "notFound", base + "/huge.html": "tooLarge",
                base + "/big-declared.html": "tooLarge",
                base + "/logo.png": "unsupportedFormat",
            ])
        let summary = try #require((first["sites"] as? [[String: Any]])?.first)
        #expect(summary["disallowed"] as? Int == 1)
        #expect(summary["complete"] as? Bool == true)
        let everyPage: Set<String> = [
            base + "/", base + "/a.html", base + "/b.html", base + "/c.html", base + "/notes.txt",
            base + "/orphan.html",
            base + "/private/open.html",
        ]
        #expect(try Self.paths("zephyrology", index: index, in: work) == everyPage)
        // reached only through the 301
        #expect(try Self.paths("ribosomes", index: index, in: work) == [base + "/c.html"])
        // only in the sitemap
        #expect(try Self.paths("tardigrades", index: index, in: work) == [base + "/orphan.html"])
        let shown = try RuminateProcess.json(
            try RuminateProcess.run(["show", base + "/a.html", "--index", index, "--json"], in: work))
        #expect(shown["title"] as? String == "Page A")
        #expect(shown["path"] as? String == base + "/a.html")

        let log = try site.requests()
        let paths = log.map(\.path)
        #expect(!paths.contains { $0.hasPrefix("/private/secret") })  // robots.txt
        #expect(!paths.contains("/offhost.html") && !log.contains { $0.host.hasPrefix("localhost") })  // another host
        #expect(!paths.contains("/img-only.png") && !paths.contains("/script.js"))  // not links
        #expect(paths.filter { $0 == "/a.html" }.count == 1)  // a loop and a fragment link refetch nothing
        #expect(paths.filter { $0 == "/b.html" }.count == 1)
        #expect(paths.contains("/robots.txt") && paths.contains("/sitemap.xml") && paths.contains("/orphan.html"))
        #expect(log.contains { $0.path == "/old-page.html" && $0.status == 301 })
        #expect(log.allSatisfy { $0.user_agent.hasPrefix("ruminate/") })
        #expect(Set(paths).count == paths.count, "each URL is fetched once: \(paths)")

        // Second crawl, nothing changed: conditional requests, 304s, nothing re-indexed.
        let before = log.count
        let second = try Self.index([base + "/", "--index", index], in: work)
        #expect(second["added"] as? Int == 0)
        #expect(second["updated"] as? Int == 0)
        #expect(second["deleted"] as? Int == 0)
        #expect(second["documents_added"] as? Int == 0)
        let again = try site.requests().dropFirst(before)
        let a = try #require(again.first { $0.path == "/a.html" })
        #expect(a.if_none_match != nil && a.status == 304)
        let notes = try #require(again.first { $0.path == "/notes.txt" })  // served without an ETag
        #expect(notes.if_none_match == nil && notes.if_modified_since != nil && notes.status == 304)
        for page in ["/", "/b.html", "/c.html", "/orphan.html", "/private/open.html"] {
            #expect(again.first { $0.path == page }?.status == 304, "\(page)")
        }

        // Third crawl: A changed and no longer links the notes, B is gone.
        try site.write(
            "a.html",
            """
            <html><head><title>Page A</title></head><body>
            <p>zephyrology chloroplast photosynthesis, revised.</p><a href="index.html">home</a></body></html>
            """)
        try site.remove("b.html")
        let third = try Self.index([base + "/", "--index", index], in: work)
        #expect(third["updated"] as? Int == 1)
        #expect(third["deleted"] as? Int == 2)
        #expect(third["added"] as? Int == 0)
        #expect(Self.problems(third)[base + "/b.html"] == "notFound")
        #expect(try Self.paths("chloroplast", index: index, in: work) == [base + "/a.html"])
        #expect(try Self.paths("mitochondria", index: index, in: work).isEmpty)
        #expect(try Self.paths("lichens", index: index, in: work).isEmpty)
        #expect(
            try Self.paths("zephyrology", index: index, in: work)
                == everyPage.subtracting([base + "/b.html", base + "/notes.txt"]))

        // The mirror holds exactly what its manifest names: no stale copies, no leftover downloads.
        let mirror = URL(fileURLWithPath: index + ".site")
        let sites = try FileManager.default.contentsOfDirectory(atPath: mirror.path)
        #expect(sites.count == 1)
        let siteFolder = mirror.appendingPathComponent(try #require(sites.first))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: siteFolder.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let named = Set((manifest["pages"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String })
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: siteFolder.appendingPathComponent("pages").path))
                == named)
        #expect(named.count == 6)
    }

    @Test func hugePagesAreRefusedWithoutBeingHeldInMemory() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        try site.writeStandardPages()
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        // A crawl whose only page is refused fetched nothing: status 2.
        func crawl(_ page: String, status: Int32) throws -> Int {
            let index = work.appendingPathComponent(UUID().uuidString + ".sqlite").path
            let run = try peakMemoryOfRun(
                ["index", site.base + page, "--index", index, "--max-depth", "0"] + Self.pace, environment: Self.direct)
            #expect(run.status == status, "\(page)")
            return run.kilobytes
        }
        let baseline = try crawl("/c.html", status: 0)
        // 50 MB each, one without and one with a declared Content-Length, against a 1 MB limit.
        for page in ["/huge.html", "/big-declared.html"] {
            let peak = try crawl(page, status: 2)
            #expect(peak < baseline + 30 * 1024, "\(page): peak \(peak) KiB against \(baseline) KiB for a small page")
        }
        let outcome = try RuminateProcess.run(
            [
                "index", site.base + "/huge.html", "--index", work.appendingPathComponent("r.sqlite").path,
                "--max-depth",
                "0", "--json",
            ] + Self.pace, in: work, environment: Self.direct)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let refused = try RuminateProcess.json(outcome)
        #expect(Self.problems(refused)[site.base + "/huge.html"] == "tooLarge")
        #expect(refused["files_seen"] as? Int == 0)
    }

    @Test func depthAndPageLimitsBoundTheCrawlAndACutCrawlDeletesNothing() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        try site.writeStandardPages()
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let pageRequests = { try site.requests().filter { $0.path != "/robots.txt" && $0.path != "/sitemap.xml" } }

        let shallow = try Self.index(
            [site.base + "/", "--index", work.appendingPathComponent("d.sqlite").path, "--max-depth", "0"], in: work)
        #expect(shallow["files_seen"] as? Int == 1)
        #expect(try pageRequests().map(\.path) == ["/"])
        #expect(!(try site.requests()).contains { $0.path == "/sitemap.xml" })  // its pages would be one step away

        let index = work.appendingPathComponent("p.sqlite").path
        let full = try Self.index([site.base + "/", "--index", index], in: work)
        #expect(full["added"] as? Int == 7)
        let before = try pageRequests().count
        let cut = try Self.index([site.base + "/", "--index", index, "--max-pages", "2"], in: work)
        #expect(try pageRequests().count - before == 2)
        let summary = try #require((cut["sites"] as? [[String: Any]])?.first)
        #expect(summary["complete"] as? Bool == false)
        #expect(cut["deleted"] as? Int == 0)  // pages not reached keep their copy
        #expect(
            (cut["warnings"] as? [[String: Any]] ?? []).contains {
                ($0["message"] as? String ?? "").contains("page limit")
            })
        #expect(try Self.paths("zephyrology", index: index, in: work).count == 7)
    }

    @Test func urlsAndFoldersMixAndEachOnlyDeletesWithinItsOwnScope() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        try site.writeStandardPages()
        let work = try makeCorpusFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("mixed.sqlite").path
        let both = try Self.index([site.base + "/c.html", "corpus", "--index", index, "--max-depth", "0"], in: work)
        #expect(both["added"] as? Int == 4)
        #expect(try Self.paths("ribosomes", index: index, in: work) == [site.base + "/c.html"])
        #expect(try Self.paths("rollback", index: index, in: work).count == 1)

        // A run over the folder alone does not touch the site's pages, and the reverse.
        let folderOnly = try Self.index(["corpus", "--index", index], in: work)
        #expect(folderOnly["deleted"] as? Int == 0)
        let siteOnly = try Self.index([site.base + "/c.html", "--index", index, "--max-depth", "0"], in: work)
        #expect(siteOnly["deleted"] as? Int == 0)
        #expect(try Self.paths("rollback", index: index, in: work).count == 1)
        #expect(try Self.paths("ribosomes", index: index, in: work) == [site.base + "/c.html"])
    }

    /// A crawl that fetches nothing (the server down, the start page missing) fails the command with status 2, as
    /// `--strict` does for files, and says so on stderr; the report is still written. One start URL that answers
    /// is enough for success.
    @Test func aCrawlThatFetchesNothingFailsTheCommand() throws {
        let down = try FixtureSite()
        let closed = down.base + "/"  // a loopback port nothing listens on any more
        down.stop()
        let site = try FixtureSite()
        defer { site.stop() }
        try site.writeStandardPages()
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let missing = site.base + "/nowhere.html"
        for starts in [[closed], [missing], [closed, missing]] {
            let index = work.appendingPathComponent(UUID().uuidString + ".sqlite").path
            let outcome = try RuminateProcess.run(
                ["index"] + starts + ["--index", index, "--json", "--max-depth", "0"] + Self.pace, in: work,
                environment: Self.direct)
            #expect(outcome.status == 2, "\(starts): \(outcome.stderr)")
            #expect(outcome.stderr.contains("nothing could be fetched from"), "\(starts): \(outcome.stderr)")
            for start in starts { #expect(outcome.stderr.contains(start), "\(start): \(outcome.stderr)") }
            #expect(try RuminateProcess.json(outcome)["files_seen"] as? Int == 0)
        }
        let mixed = try Self.index(
            [
                closed, site.base + "/c.html", "--index", work.appendingPathComponent("m.sqlite").path, "--max-depth",
                "0",
            ],
            in: work)
        #expect(mixed["added"] as? Int == 1)
        #expect(!Self.problems(mixed).isEmpty)
    }

    /// Indexing files never reaches the network, whatever URLs they hold: the server (also named as every proxy)
    /// must receive nothing.
    /// A page in Latin-1 whose own `<meta>` wrongly says UTF-8: the server's `Content-Type` charset wins, as
    /// in browsers, and is kept through a re-crawl that answers 304.
    @Test func theServersCharsetWinsOverThePagesOwn() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        let html =
            "<html><head><meta charset=\"utf-8\"><title>Crème brûlée</title></head><body><p>Zephyrology: crème brûlée à la française.</p></body></html>"
        try site.write("legacy.latin1", bytes: html.unicodeScalars.map { UInt8($0.value) })
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let index = work.appendingPathComponent("legacy.sqlite").path
        let page = site.base + "/legacy.latin1"
        for run in 1...2 {
            let report = try Self.index([page, "--index", index], in: work)
            #expect(Self.problems(report).isEmpty, "run \(run)")
            let shown = try RuminateProcess.json(
                try RuminateProcess.run(["show", page, "--index", index, "--json"], in: work))
            #expect(shown["title"] as? String == "Crème brûlée", "run \(run)")
            #expect(
                (shown["text"] as? String)?.contains("crème brûlée à la française") == true,
                "run \(run): \(shown["text"] ?? "")")
            #expect((shown["metadata"] as? [String: String])?["charset"] == "windows-1252", "run \(run): \(shown)")
        }
        #expect(try site.requests().filter { $0.path == "/legacy.latin1" }.map(\.status) == [200, 304])
    }

    @Test func indexingAFolderMakesNoConnection() throws {
        let site = try FixtureSite()
        defer { site.stop() }
        let base = site.base
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = work.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "page.html": """
            <html><head><title>Links</title><link rel="canonical" href="\(base)/canonical.html">
            <link rel="stylesheet" href="\(base)/style.css"><script src="\(base)/script.js"></script></head>
            <body><p>Offline page with <a href="\(base)/trap.html">a link</a>.</p><img src="\(base)/image.png">
            <iframe src="\(base)/frame.html"></iframe></body></html>
            """,
            "doc.xml": """
            <?xml version="1.0"?>
            <!DOCTYPE doc SYSTEM "\(base)/doc.dtd" [<!ENTITY remote SYSTEM "\(base)/entity.txt">]>
            <doc xmlns:xi="http://www.w3.org/2001/XInclude"><p>Offline XML &remote;</p><xi:include href="\(base)/include.xml"/></doc>
            """,
            "notes.md": "# Notes\n\nSee [the site](\(base)/markdown.html) and ![a picture](\(base)/picture.png).\n",
            "sitemap.xml": "<urlset><url><loc>\(base)/listed.html</loc></url></urlset>",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        let proxies = [
            "http_proxy": base, "HTTP_PROXY": base, "https_proxy": base, "HTTPS_PROXY": base, "all_proxy": base,
            "ALL_PROXY": base,
        ]
        let index = work.appendingPathComponent("offline.sqlite").path
        let outcome = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--no-vectors"], in: work, environment: proxies)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("4 files seen"), "\(outcome.stdout)")
        #expect(try site.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: index + ".site"))
    }
}

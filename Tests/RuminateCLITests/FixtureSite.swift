import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The web site the crawl tests fetch: `Fixtures/site_server.py` on 127.0.0.1 (a free port), serving a folder the
/// test writes and may change between crawls, and logging every request it receives. Stop it with `stop()` in a
/// `defer`.
final class FixtureSite {
    /// One logged request.
    struct Request: Decodable {
        var method: String
        var path: String
        var host: String
        var if_none_match: String?
        var if_modified_since: String?
        var user_agent: String
        var status: Int
        var sent: Int
    }

    let folder: URL
    let pages: URL
    private let log: URL
    private let process = Process()
    private(set) var port = 0

    /// "http://127.0.0.1:PORT", without a trailing slash.
    var base: String { "http://127.0.0.1:\(port)" }

    static var script: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/site_server.py")
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-site-\(UUID().uuidString)")
        pages = folder.appendingPathComponent("site")
        log = folder.appendingPathComponent("requests.jsonl")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        let portFile = folder.appendingPathComponent("port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--root", pages.path, "--log", log.path, "--port-file", portFile.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try launchWithEmptySignalMask(process)
        // A generous bound only so a broken interpreter cannot hang the run.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let number = Int(text) {
                port = number
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw FixtureFailure(description: "site_server.py did not start (running: \(process.isRunning))")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        let file = pages.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: pages.appendingPathComponent(path))
    }

    /// Every request so far, in the order the server finished them.
    func requests() throws -> [Request] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// The test site. Every page says "zephyrology", so one search lists all indexed pages.
    func writeStandardPages() throws {
        try write(
            "index.html",
            """
            <!doctype html><html><head><title>Fixture home</title></head><body>
            <h1>Home</h1><p>zephyrology: the home page of the fixture site.</p>
            <a href="a.html">A</a> <a href="b.html#section">B, at a fragment</a> <a href="old-page.html">moved</a>
            <a href="private/secret.html">secret</a> <a href="private/open.html">open</a>
            <a href="missing.html">missing</a> <a href="huge.html">huge</a> <a href="big-declared.html">big</a>
            <a href="logo.png">logo</a> <a href="http://localhost:\(port)/offhost.html">another host</a>
            <a href="mailto:someone@example.com">mail</a> <a href="javascript:void(0)">script</a>
            <img src="img-only.png"><script src="script.js"></script>
            </body></html>
            """)
        try write(
            "a.html",
            """
            <html><head><title>Page A</title><link rel="canonical" href="/a.html"></head><body>
            <p>zephyrology photosynthesis converts light into chemical energy.</p>
            <a href="index.html">home</a> <a href="b.html">B</a> <a href="notes.txt">notes</a></body></html>
            """)
        try write(
            "b.html",
            """
            <html><head><title>Page B</title></head><body><h2 id="section">Section</h2>
            <p>zephyrology mitochondria produce ATP by respiration.</p>
            <a href="a.html">A again</a> <a href="a.html#top">A at a fragment</a> <a href="a.html?view=print">A to print</a>
            </body></html>
            """)
        try write(
            "c.html",
            "<html><head><title>Page C</title></head><body><p>zephyrology ribosomes translate RNA.</p></body></html>")
        try write(
            "orphan.html",
            "<html><head><title>Orphan</title></head><body><p>zephyrology tardigrades survive in vacuum.</p></body></html>"
        )
        try write(
            "private/secret.html",
            "<html><head><title>Secret</title></head><body><p>zephyrology classified.</p></body></html>")
        try write(
            "private/open.html",
            "<html><head><title>Open</title></head><body><p>zephyrology openly allowed.</p></body></html>")
        try write("notes.txt", "zephyrology notes\n\nPlain text about lichens and fungi.\n")
        try write("logo.png", "\u{89}PNG\r\n\u{1A}\n\0\0binary")
        // The `*` group shuts everything: only the group naming ruminate lets the crawl in at all.
        try write(
            "robots.txt",
            """
            User-agent: *
            Disallow: /

            User-agent: ruminate
            Disallow: /private/
            Allow: /private/open.html

            Sitemap: \(base)/sitemap.xml
            """)
        try write(
            "sitemap.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>\(base)/orphan.html</loc></url><url><loc>\(base)/</loc></url>
            </urlset>
            """)
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs the real binary and reports its peak resident memory (wait4's ru_maxrss, in KiB), which Foundation's
/// `Process` does not expose. stdout and stderr are discarded.
func peakMemoryOfRun(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, kilobytes: Int) {
    let binary = RuminateProcess.binary.path
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    let envp = RuminateProcess.environment(adding: environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var nothing = sigset_t()
    sigemptyset(&nothing)
    posix_spawnattr_setsigmask(&attributes, &nothing)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    // Polled so a hung child is killed instead of hanging the test run (a bound against hangs only).
    let deadline = Date().addingTimeInterval(1800)
    while wait4(pid, &status, WNOHANG, &usage) == 0 {
        if Date() > deadline {
            kill(pid, SIGKILL)
            _ = wait4(pid, &status, 0, &usage)
            throw FixtureFailure(description: "ruminate \(arguments.joined(separator: " ")) hung")
        }
        Thread.sleep(forTimeInterval: 0.02)
    }
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, Int(usage.ru_maxrss))
}
